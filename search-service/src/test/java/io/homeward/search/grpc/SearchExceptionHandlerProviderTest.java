package io.homeward.search.grpc;

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
class SearchExceptionHandlerProviderTest {
  @Inject ExceptionHandlerProvider provider;

  @Test
  void quarkusUsesTheSafeHandler() {
    assertThat(provider).isInstanceOf(SearchExceptionHandlerProvider.class);
  }

  @Test
  void anUnexpectedFailureLeavesAsABareInternal() {
    Throwable t =
        provider.transform(new IllegalStateException("/data/search-index/segments_3: lock held"));

    assertThat(t).isInstanceOf(StatusRuntimeException.class);
    Status status = ((StatusRuntimeException) t).getStatus();
    assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(status.getDescription()).isEqualTo("internal error");
  }
}
