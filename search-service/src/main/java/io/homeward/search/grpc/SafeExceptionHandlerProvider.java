package io.homeward.search.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.ExceptionHandler;
import io.quarkus.grpc.ExceptionHandlerProvider;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Replaces Quarkus' default gRPC error text (which carries class names) with {@link GrpcErrors}'
 * statuses.
 */
@ApplicationScoped
public class SafeExceptionHandlerProvider implements ExceptionHandlerProvider {
  @Override
  public <ReqT, RespT> ExceptionHandler<ReqT, RespT> createHandler(
      ServerCall.Listener<ReqT> listener, ServerCall<ReqT, RespT> call, Metadata metadata) {
    return new ExceptionHandler<>(listener, call, metadata) {
      @Override
      protected void handleException(Throwable t, ServerCall<ReqT, RespT> call, Metadata metadata) {
        StatusRuntimeException status = GrpcErrors.toStatus(t);
        call.close(
            status.getStatus(),
            status.getTrailers() != null ? status.getTrailers() : new Metadata());
      }
    };
  }

  @Override
  public Throwable transform(Throwable t) {
    return GrpcErrors.toStatus(t);
  }
}
