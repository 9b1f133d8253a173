package io.homeward.gateway.client;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.homeward.gateway.support.FakeEmbedder;
import io.homeward.gateway.support.FakeEmbedder.Answer;
import io.homeward.gateway.support.OtlpReceiver;
import io.homeward.gateway.support.TestKeys;
import io.homeward.gateway.support.TestSpans;
import io.homeward.gateway.telemetry.IdFreeSpans;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * W3C trace context from a caller, through the gateway, to the embedder; the trace id in problem
 * bodies; and spans that carry no id of a case, photo or person.
 */
@QuarkusTest
@TestProfile(FakeEmbedderProfile.class)
@QuarkusTestResource(TestKeys.class)
class TracingTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Inject InMemorySpanExporter spans;

  private static String hex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static boolean isServerSpanOfPhotos(SpanData s) {
    return s.getKind() == SpanKind.SERVER
        && "/api/v1/cases/{id}/photos"
            .equals(s.getAttributes().get(AttributeKey.stringKey("http.route")));
  }

  @Test
  void theEmbedderReceivesTheCallersTraceAndTheProblemShowsItsId() {
    FakeEmbedder.answer(Answer.NO_FACE);
    String caseId = Enrol.openCase();
    String traceId = hex(16);
    String callerSpan = hex(8);
    FakeEmbedder.answer(Answer.NO_FACE);

    Response r = Enrol.photo(caseId, "traceparent", "00-" + traceId + "-" + callerSpan + "-01");

    r.then().statusCode(422);
    assertThat(r.jsonPath().getString("traceId")).isEqualTo(traceId);
    assertThat(r.header("Homeward-Trace-Id")).isEqualTo(traceId);
    // The gateway's client span is the embedder's parent: same trace, the gateway's own span id.
    List<SpanData> trace = TestSpans.awaitTrace(spans, traceId, TracingTest::isServerSpanOfPhotos);
    SpanData client =
        trace.stream()
            .filter(s -> s.getKind() == SpanKind.CLIENT)
            .filter(s -> s.getName().contains("EmbedderService"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no client span to the embedder in " + trace));
    assertThat(FakeEmbedder.traceparents())
        .containsExactly("00-" + traceId + "-" + client.getSpanId() + "-01");
    assertThat(trace).anyMatch(TracingTest::isServerSpanOfPhotos);
  }

  @Test
  void theSpansAreExportedToTheConfiguredCollector() throws InterruptedException {
    FakeEmbedder.answer(Answer.NO_FACE);
    String caseId = Enrol.openCase();
    String traceId = hex(16);
    Enrol.photo(caseId, "traceparent", "00-" + traceId + "-" + hex(8) + "-01")
        .then()
        .statusCode(422);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!OtlpReceiver.received(traceId) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(OtlpReceiver.received(traceId)).as("an OTLP export holding the trace").isTrue();
  }

  @Test
  void aRequestWithoutTraceContextStartsATraceWhoseIdTheProblemShows() {
    FakeEmbedder.answer(Answer.NO_FACE);
    String caseId = Enrol.openCase();
    Response r = Enrol.photo(caseId);
    r.then().statusCode(422);
    String traceId = r.jsonPath().getString("traceId");
    assertThat(traceId).matches("[0-9a-f]{32}");
    assertThat(TestSpans.awaitTrace(spans, traceId, TracingTest::isServerSpanOfPhotos))
        .anyMatch(TracingTest::isServerSpanOfPhotos);
    assertThat(FakeEmbedder.traceparents()).singleElement().asString().contains(traceId);
  }

  @Test
  void noSpanCarriesAnIdFromThePathOrTheQuery() {
    FakeEmbedder.answer(Answer.NO_FACE);
    String caseId = Enrol.openCase();
    String traceId = hex(16);
    Enrol.photo(caseId, "traceparent", "00-" + traceId + "-" + hex(8) + "-01")
        .then()
        .statusCode(422);
    // A subject id in the path of an oversight endpoint (refused: a police officer is no officer).
    String subjectTrace = hex(16);
    given()
        .auth()
        .oauth2(Enrol.POLICE)
        .header("Homeward-Purpose", "IDENTIFICATION")
        .header("traceparent", "00-" + subjectTrace + "-" + hex(8) + "-01")
        .post("/api/v1/oversight/accounts/someone-secret/unlock")
        .then()
        .statusCode(403);

    List<SpanData> photo = TestSpans.awaitTrace(spans, traceId, TracingTest::isServerSpanOfPhotos);
    List<SpanData> unlock =
        TestSpans.awaitTrace(spans, subjectTrace, s -> s.getKind() == SpanKind.SERVER);
    assertThat(photo).anyMatch(TracingTest::isServerSpanOfPhotos);
    assertThat(unlock).anyMatch(s -> s.getKind() == SpanKind.SERVER);
    for (SpanData s : concat(photo, unlock)) {
      String shown = s.getName() + " " + s.getAttributes() + " " + s.getEvents();
      assertThat(shown)
          .as("span %s", s.getName())
          .doesNotContain(caseId)
          .doesNotContain("someone-secret")
          .doesNotContain("photoYear");
    }
    SpanData server = photo.stream().filter(TracingTest::isServerSpanOfPhotos).findFirst().get();
    assertThat(server.getAttributes().get(AttributeKey.stringKey("url.path")))
        .isEqualTo(IdFreeSpans.REDACTED);
  }

  private static List<SpanData> concat(List<SpanData> a, List<SpanData> b) {
    return Stream.concat(a.stream(), b.stream()).toList();
  }
}
