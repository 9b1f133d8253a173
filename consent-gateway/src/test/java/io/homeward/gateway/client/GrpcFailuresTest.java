package io.homeward.gateway.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.homeward.gateway.error.ProblemType;
import io.homeward.support.grpc.GrpcStatuses;
import org.junit.jupiter.api.Test;

/**
 * A call whose connection broke mid-way (the peer killed: UNKNOWN, no details) is the service being
 * away, a 503 with Retry-After and a fault for the breaker; a service's own UNKNOWN-coded answer
 * with a reason stays what its reason says.
 */
class GrpcFailuresTest {
  @Test
  void aCallLostMidWayIsTheServiceBeingAway() {
    var lost = Status.UNKNOWN.withDescription("Stream closed").asRuntimeException();
    assertThat(GrpcFailures.lostMidCall(lost)).isTrue();
    assertThat(GrpcFailures.isTransient(lost)).isTrue();
    for (Downstream service : Downstream.values()) {
      assertThat(GrpcFailures.translate(service, lost).type())
          .isEqualTo(ProblemType.DEPENDENCY_UNAVAILABLE);
    }
  }

  @Test
  void aServicesOwnAnswerKeepsItsReason() {
    var internal =
        GrpcStatuses.refusal(
            com.google.rpc.Code.UNKNOWN,
            "internal error",
            "ERROR_REASON_INTERNAL",
            "search.homeward.io");
    assertThat(GrpcFailures.lostMidCall(internal)).isFalse();
    assertThat(GrpcFailures.isTransient(internal)).isFalse();
    assertThat(GrpcFailures.translate(Downstream.SEARCH, internal).type())
        .isEqualTo(ProblemType.INTERNAL);
  }
}
