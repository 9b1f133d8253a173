package io.homeward.support.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class GrpcStatusesTest {
  @Test
  void aRefusalCarriesItsCodeSafeMessageAndReasonInItsDomain() throws Exception {
    StatusRuntimeException e =
        GrpcStatuses.refusal(Code.INVALID_ARGUMENT, "no face found", "NO_FACE", "a.example");

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription()).isEqualTo("no face found");
    var detail = StatusProto.fromThrowable(e);
    assertThat(detail.getDetailsList()).hasSize(1);
    ErrorInfo info = detail.getDetails(0).unpack(ErrorInfo.class);
    assertThat(info.getReason()).isEqualTo("NO_FACE");
    assertThat(info.getDomain()).isEqualTo("a.example");
  }

  @Test
  void onlyARefusalOfTheSameDomainCountsAsFromIt() {
    StatusRuntimeException ours =
        GrpcStatuses.refusal(Code.UNAVAILABLE, "store unavailable", "STORE", "a.example");

    assertThat(GrpcStatuses.isFrom(ours, "a.example")).isTrue();
    assertThat(GrpcStatuses.isFrom(ours, "b.example")).isFalse();
    assertThat(GrpcStatuses.isFrom(Status.INTERNAL.withDescription("x").asRuntimeException(), "a"))
        .isFalse();
  }

  @Test
  void unwrapsWhatAsynchronousCodeWrapsAroundAFailure() {
    IllegalStateException root = new IllegalStateException("root");

    assertThat(GrpcStatuses.unwrap(new CompletionException(new ExecutionException("outer", root))))
        .isSameAs(root);
    assertThat(GrpcStatuses.unwrap(root)).isSameAs(root);
    CompletionException empty = new CompletionException("no cause", null);
    assertThat(GrpcStatuses.unwrap(empty)).isSameAs(empty);
  }

  @Test
  void theHandlerProviderTransformsEveryFailureWithTheServicesMapping() {
    StatusRuntimeException mapped =
        GrpcStatuses.refusal(Code.INTERNAL, "internal error", "INTERNAL", "a.example");
    SafeExceptionHandlerProvider provider = new SafeExceptionHandlerProvider(t -> mapped) {};

    assertThat(provider.transform(new IllegalStateException("secret internals"))).isSameAs(mapped);
  }
}
