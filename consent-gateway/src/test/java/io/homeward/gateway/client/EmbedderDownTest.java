package io.homeward.gateway.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import io.homeward.gateway.support.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The embedder is down (its port is closed): the first requests are retried with backoff and fail
 * with a 503 problem; their failures open the circuit breaker, which then answers at once with the
 * same problem, without waiting on the embedder.
 */
@QuarkusTest
@TestProfile(EmbedderDownTest.Down.class)
@QuarkusTestResource(TestKeys.class)
class EmbedderDownTest {
  /** The embedder's port closed; a window of 4 calls; retries that wait at least 1 s in all. */
  public static class Down implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "quarkus.grpc.clients.embedder.host", "127.0.0.1",
          // In test mode a gRPC client dials its test-port (by default the application's own).
          "quarkus.grpc.clients.embedder.test-port", String.valueOf(closedPort()),
          "homeward.gateway.clients.retry.initial-delay", "500ms",
          "homeward.gateway.clients.breaker.request-volume", "4",
          "homeward.gateway.clients.breaker.delay", "60s");
    }

    private static int closedPort() {
      try (ServerSocket s = new ServerSocket(0)) {
        return s.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Inject CircuitBreakerMaintenance breakers;

  @Test
  void theBreakerOpensAndThenAnswersAtOnceWithA503Problem() {
    breakers.resetAll();
    String caseId = Enrol.openCase();

    // Three refused connections, with backoff between them (at least 250 + 750 ms of jitter).
    long first = timed(caseId);
    assertThat(breakers.currentState("embedder")).isEqualTo(CircuitBreakerState.CLOSED);
    assertThat(first).isGreaterThanOrEqualTo(1_000);

    // The fourth failure fills the window and opens the breaker; the retry after it is refused.
    timed(caseId);
    assertThat(breakers.currentState("embedder")).isEqualTo(CircuitBreakerState.OPEN);

    // Open: no attempt, no backoff.
    long open = timed(caseId);
    assertThat(open).isLessThan(first / 2);
  }

  private static long timed(String caseId) {
    long start = System.nanoTime();
    Enrol.photo(caseId)
        .then()
        .statusCode(503)
        .contentType("application/problem+json")
        .body("type", equalTo("https://homeward.io/problems/service-unavailable"))
        .body("traceId", matchesPattern("[0-9a-f]{32}"));
    return (System.nanoTime() - start) / 1_000_000;
  }
}
