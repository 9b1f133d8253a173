package io.homeward.embedder.grpc;

import io.homeward.support.grpc.SafeExceptionHandlerProvider;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Replaces Quarkus' default gRPC error handling, whose status text carries exception class names:
 * whatever escapes a service method leaves as a status built by {@link GrpcErrors}.
 */
@ApplicationScoped
public class EmbedderExceptionHandlerProvider extends SafeExceptionHandlerProvider {
  public EmbedderExceptionHandlerProvider() {
    super(GrpcErrors::toStatus);
  }
}
