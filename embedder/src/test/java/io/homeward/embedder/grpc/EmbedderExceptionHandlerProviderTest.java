package io.homeward.embedder.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.ExceptionHandlerProvider;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * The safe handler's base class lives in the service-support jar: Quarkus must still see this
 * service's subclass as the gRPC exception handler provider, or class names would reach callers.
 */
@QuarkusTest
class EmbedderExceptionHandlerProviderTest {
  @Inject ExceptionHandlerProvider provider;

  @Test
  void quarkusUsesTheSafeHandler() {
    assertThat(provider).isInstanceOf(EmbedderExceptionHandlerProvider.class);
  }

  @Test
  void anUnexpectedFailureLeavesAsABareInternal() {
    Throwable t = provider.transform(new IllegalStateException("/models/x.onnx: native error 7"));

    assertThat(t).isInstanceOf(StatusRuntimeException.class);
    Status status = ((StatusRuntimeException) t).getStatus();
    assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(status.getDescription()).isEqualTo("internal error");
  }
}
