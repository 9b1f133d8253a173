package io.homeward.support.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.ExceptionHandler;
import io.quarkus.grpc.ExceptionHandlerProvider;
import java.util.Objects;
import java.util.function.Function;

/**
 * Replaces Quarkus' default gRPC error handling, whose status text carries exception class names:
 * whatever escapes a service method leaves as the status the service's own mapping builds. Each
 * service declares one application-scoped subclass that names its mapping; this module is a bean
 * archive ({@code META-INF/beans.xml}), so Quarkus indexes this class together with the subclass
 * and the subclass counts as an {@link ExceptionHandlerProvider} (each service's {@code
 * *ExceptionHandlerProviderTest} checks it).
 */
public abstract class SafeExceptionHandlerProvider implements ExceptionHandlerProvider {
  private final Function<Throwable, StatusRuntimeException> toStatus;

  /**
   * @param toStatus the service's mapping of any failure to a safe status
   */
  protected SafeExceptionHandlerProvider(Function<Throwable, StatusRuntimeException> toStatus) {
    this.toStatus = Objects.requireNonNull(toStatus);
  }

  @Override
  public <ReqT, RespT> ExceptionHandler<ReqT, RespT> createHandler(
      ServerCall.Listener<ReqT> listener, ServerCall<ReqT, RespT> call, Metadata metadata) {
    return new ExceptionHandler<>(listener, call, metadata) {
      @Override
      protected void handleException(Throwable t, ServerCall<ReqT, RespT> call, Metadata metadata) {
        StatusRuntimeException status = toStatus.apply(t);
        Metadata trailers = status.getTrailers() != null ? status.getTrailers() : new Metadata();
        call.close(status.getStatus(), trailers);
      }
    };
  }

  @Override
  public Throwable transform(Throwable t) {
    return toStatus.apply(t);
  }
}
