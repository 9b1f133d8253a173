package io.homeward.gateway.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.homeward.gateway.db.Database;
import io.homeward.gateway.support.FakeEmbedder;
import io.homeward.gateway.support.FakeEmbedder.Answer;
import io.homeward.gateway.support.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The embedder client's faults through the REST API: a refused image is answered at once and never
 * retried nor counted against the breaker; an unavailable embedder is retried with backoff, then
 * answered with a 503 problem. Nothing is stored either way.
 */
@QuarkusTest
@TestProfile(FakeEmbedderProfile.class)
@QuarkusTestResource(TestKeys.class)
class ClientFaultsTest {
  private static final String PROBLEMS = "https://homeward.io/problems/";

  @Inject CircuitBreakerMaintenance breakers;
  @Inject Database db;

  @BeforeEach
  void closeBreakers() {
    breakers.resetAll();
  }

  @Test
  void aRefusedImageIsAnsweredAtOnceNeverRetriedAndNeverOpensTheBreaker() {
    FakeEmbedder.answer(Answer.NO_FACE);
    String caseId = Enrol.openCase();
    long photos = Enrol.photos(db);
    // More refusals than the breaker's window (10): were they faults, the breaker would open.
    for (int i = 0; i < 12; i++) {
      Enrol.photo(caseId)
          .then()
          .statusCode(422)
          .contentType("application/problem+json")
          .body("type", equalTo(PROBLEMS + "no-face"));
    }
    assertThat(FakeEmbedder.traceparents()).as("one call per request").hasSize(12);
    assertThat(breakers.currentState("embedder")).isEqualTo(CircuitBreakerState.CLOSED);
    assertThat(Enrol.photos(db)).isEqualTo(photos);
  }

  @Test
  void anUnavailableEmbedderIsRetriedThenAnsweredWithA503Problem() {
    FakeEmbedder.answer(Answer.UNAVAILABLE);
    String caseId = Enrol.openCase();
    long photos = Enrol.photos(db);
    Enrol.photo(caseId)
        .then()
        .statusCode(503)
        .contentType("application/problem+json")
        .body("type", equalTo(PROBLEMS + "service-unavailable"))
        .body("detail", equalTo("the embedder is unavailable; retry later"));
    assertThat(FakeEmbedder.traceparents()).as("the first call and two retries").hasSize(3);
    assertThat(Enrol.photos(db)).isEqualTo(photos);
  }
}
