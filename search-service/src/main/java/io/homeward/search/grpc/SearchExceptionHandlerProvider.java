package io.homeward.search.grpc;

import io.homeward.support.grpc.SafeExceptionHandlerProvider;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Replaces Quarkus' default gRPC error text (which carries class names) with {@link GrpcErrors}'
 * statuses.
 */
@ApplicationScoped
public class SearchExceptionHandlerProvider extends SafeExceptionHandlerProvider {
  public SearchExceptionHandlerProvider() {
    super(GrpcErrors::toStatus);
  }
}
