package io.homeward.gateway.attack;

import static io.homeward.gateway.attack.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.homeward.gateway.attack.RunningSystem.Db;
import io.homeward.gateway.support.FaultProxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, dependency failures: the packaged gateway on PostgreSQL with a {@link FaultProxy} in
 * front of each thing it depends on (the embedder, the search service, PostgreSQL). Each is made
 * down (connections refused) or hung (bytes swallowed) or slow, and the gateway must answer quickly
 * with a clear 503 and a Retry-After, keep enrolments in the outbox until the search service is
 * back, say in its readiness which dependency is missing, and lose nothing.
 */
class DependencyFailuresIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROBLEMS = "https://homeward.io/problems/";

  private static RunningSystem system;
  private static FaultProxy embedder;
  private static FaultProxy search;
  private static FaultProxy database;
  private static Client police;

  @BeforeAll
  static void start() throws IOException {
    system =
        RunningSystem.isolated(
            Db.POSTGRES,
            "dependencies",
            Map.of("homeward.gateway.policy.enrolments-per-day", "10000"));
    embedder = new FaultProxy(RunningSystem.embedderGrpcPort());
    search = new FaultProxy(system.searchGrpcPort());
    URI pg = URI.create(system.jdbcUrl().substring("jdbc:".length()));
    database = new FaultProxy(pg.getPort());
    String proxiedUrl =
        system.jdbcUrl().replace(":" + pg.getPort() + "/", ":" + database.port() + "/")
            // A hung database is noticed within 5 s in this test (20 s by default).
            + "&socketTimeout=5";
    system.restartGateway(
        Map.of(
            "homeward.gateway.policy.enrolments-per-day", "10000",
            "homeward.gateway.clients.search-deadline", "3s",
            "homeward.gateway.clients.embedder-deadline", "5s",
            "homeward.gateway.clients.breaker.delay", "2s",
            "homeward.gateway.clients.retry.initial-delay", "100ms"),
        Map.of(
            "HOMEWARD_EMBEDDER_PORT", String.valueOf(embedder.port()),
            "HOMEWARD_SEARCH_PORT", String.valueOf(search.port()),
            "HOMEWARD_DB_URL", proxiedUrl));
    police =
        system.as(system.token("dep-pol", "dep-police", "POLICE_INVESTIGATOR"), "IDENTIFICATION");
  }

  @AfterEach
  void heal() throws InterruptedException {
    embedder.pass();
    search.pass();
    database.pass();
    // Back to ready with every dependency up before the next test (breakers close after 2 s;
    // readiness keeps its answer for 2 s).
    Thread.sleep(2_100);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      JsonNode r = readiness().body();
      if (r != null
          && "up".equals(dependency(r, "embedder"))
          && "up".equals(dependency(r, "search"))
          && "up".equals(dependency(r, "database"))) {
        return;
      }
      Thread.sleep(500);
    }
  }

  @Test
  void searchServiceDownEnrolmentsWaitInTheOutboxAndCompleteWhenItReturns() throws Exception {
    String caseId = Fixtures.openFoundAdultCase(police, "PC-DEP-1");
    search.refuse();

    Timed<HttpResponse<String>> enrol = timed(() -> enrol(caseId, Fixtures.SAME_PERSON_A));
    JsonNode photo = json(enrol.value(), 201);
    assertThat(enrol.seconds()).as("stored without waiting for the index").isLessThan(15);
    assertThat(photo.get("state").asText()).isEqualTo("STORED");

    Timed<HttpResponse<String>> searched =
        timed(() -> police.post("/api/v1/cases/" + caseId + "/searches", ""));
    assertUnavailable(searched, "search service");
    assertThat(searched.seconds()).isLessThan(5);

    Readiness r = awaitDependency("search", "down");
    assertThat(r.status()).as("enrolment still works: ready").isEqualTo(200);
    assertThat(dependency(r.body(), "database")).isEqualTo("up");

    // Photos enrolled during the outage, then the service comes back: every one gets indexed.
    String second = json(enrol(caseId, Fixtures.SAME_PERSON_B), 201).get("id").asText();
    Thread.sleep(3_000);
    search.pass();
    awaitIndexed(caseId, photo.get("id").asText(), second);
  }

  /**
   * Rows queued during an outage go to the search service together once it is back (one write and
   * one standing search for many, issue 17): every photo of both sides gets indexed, the standing
   * searches still raise each pair of photos the two sides form, once, and at least one write
   * carried more than one row.
   */
  @Test
  void writesQueuedDuringAnOutageAreDeliveredTogetherAndStillRaiseEachPairOnce() throws Exception {
    String run = java.util.UUID.randomUUID().toString().substring(0, 8);
    String ngo = "dep-ngo-" + run;
    Client cw = system.as(system.token("dep-cw-1-" + run, ngo, "NGO_CASEWORKER"), "FAMILY_TRACING");
    Client cw2 =
        system.as(system.token("dep-cw-2-" + run, ngo, "NGO_CASEWORKER"), "FAMILY_TRACING");
    String missing = Fixtures.openMissingChildCase(cw, cw2);
    String found = Fixtures.openFoundAdultCase(police, "PC-DEP-5-" + run);
    Metric before = outboxWrites();

    search.refuse();
    String child = Fixtures.enrol(cw, missing, Fixtures.SAME_PERSON_A, "FAMILY", 2018);
    String[] adult = {
      Fixtures.enrol(police, found, Fixtures.SAME_PERSON_B, "POLICE", 2024),
      Fixtures.enrol(police, found, "people/t_obama3.jpg", "POLICE", 2024),
      Fixtures.enrol(police, found, "people/test_obama1.jpg", "POLICE", 2024)
    };
    Thread.sleep(3_000);
    search.pass();

    awaitIndexed(cw, missing, child);
    awaitIndexed(police, found, adult);
    Fixtures.awaitReviewItem(police, missing, found);
    // Both sides' standing searches ran in the same write, so each could find the other: every
    // pair of photos is raised once all the same.
    Thread.sleep(2_000);
    JsonNode queue = json(police.get("/api/v1/reviews?limit=200"), 200);
    java.util.List<String> pairs = new java.util.ArrayList<>();
    for (JsonNode item : queue.isArray() ? queue : queue.path("items")) {
      if (item.path("missingCaseId").asText().equals(missing)
          && item.path("foundCaseId").asText().equals(found)) {
        assertThat(item.path("missingPhotoId").asText()).isEqualTo(child);
        pairs.add(item.path("foundPhotoId").asText());
      }
    }
    assertThat(pairs).as("pairs raised").isNotEmpty().doesNotHaveDuplicates();
    assertThat(java.util.List.of(adult)).containsAll(pairs);
    Metric after = outboxWrites();
    assertThat(after.sum() - before.sum())
        .as("rows delivered in writes (outbox write metric)")
        .isGreaterThanOrEqualTo(4);
    assertThat(after.sum() - before.sum())
        .as("more rows than writes: at least one write carried several rows")
        .isGreaterThan(after.count() - before.count());
  }

  @Test
  void aHungSearchServiceIsAnsweredWithinOneDeadline() throws Exception {
    String caseId = Fixtures.openFoundAdultCase(police, "PC-DEP-2");
    json(enrol(caseId, Fixtures.SAME_PERSON_A), 201);
    search.blackhole();
    Timed<HttpResponse<String>> searched =
        timed(() -> police.post("/api/v1/cases/" + caseId + "/searches", ""));
    assertUnavailable(searched, "search service");
    assertThat(searched.seconds())
        .as("one 3 s deadline, no retries against a hung service")
        .isLessThan(8);
    awaitDependency("search", "down");
  }

  @Test
  void embedderDownOrSlowIsA503AndStoresNothing() throws Exception {
    String caseId = Fixtures.openFoundAdultCase(police, "PC-DEP-3");
    embedder.refuse();
    Timed<HttpResponse<String>> down = timed(() -> enrol(caseId, Fixtures.SAME_PERSON_A));
    assertUnavailable(down, "embedder");
    assertThat(down.seconds()).isLessThan(5);
    Readiness r = awaitDependency("embedder", "down");
    assertThat(r.status()).isEqualTo(200);

    embedder.pass();
    Thread.sleep(2_500);
    embedder.delay(Duration.ofSeconds(8));
    Timed<HttpResponse<String>> slow = timed(() -> enrol(caseId, Fixtures.SAME_PERSON_A));
    assertUnavailable(slow, "embedder");
    assertThat(slow.seconds()).as("one 5 s deadline").isLessThan(10);

    embedder.pass();
    assertThat(json(police.get("/api/v1/cases/" + caseId + "/photos"), 200)).isEmpty();
  }

  @Test
  void databaseDownOrHungIsA503AndTheGatewayIsNotReady() throws Exception {
    String caseId = Fixtures.openFoundAdultCase(police, "PC-DEP-4");
    database.refuse();
    Timed<HttpResponse<String>> down = timed(() -> police.get("/api/v1/cases/" + caseId));
    assertUnavailable(down, "database");
    assertThat(down.seconds()).isLessThan(5);
    Readiness r = awaitDependency("database", "down");
    assertThat(r.status()).as("nothing works without the database").isEqualTo(503);

    database.blackhole();
    Timed<HttpResponse<String>> hung = timed(() -> police.get("/api/v1/cases/" + caseId));
    assertUnavailable(hung, "database");
    assertThat(hung.seconds()).as("the 5 s read timeout, or the pool's 10 s").isLessThan(15);
    Thread.sleep(2_100);
    Timed<Readiness> probe = timed(DependencyFailuresIT::readiness);
    assertThat(probe.value().status()).isEqualTo(503);
    assertThat(probe.seconds()).as("readiness does not hang with it").isLessThan(5);

    database.pass();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    int status = 0;
    while (System.nanoTime() < deadline && status != 200) {
      status = police.get("/api/v1/cases/" + caseId).statusCode();
      Thread.sleep(500);
    }
    assertThat(status).as("the case is there once the database is back").isEqualTo(200);
  }

  // ---------------------------------------------------------------------------------------------

  private static HttpResponse<String> enrol(String caseId, String fixture) {
    return police.postImage(
        "/api/v1/cases/" + caseId + "/photos?source=POLICE&photoYear=2024",
        Fixtures.photo(fixture));
  }

  private static void assertUnavailable(Timed<HttpResponse<String>> t, String what) {
    HttpResponse<String> r = t.value();
    assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).as("Retry-After").isPresent();
    JsonNode problem = json(r, 503);
    assertThat(problem.get("type").asText()).isEqualTo(PROBLEMS + "service-unavailable");
    assertThat(problem.get("detail").asText()).contains(what);
  }

  private void awaitIndexed(String caseId, String... photoIds) throws InterruptedException {
    awaitIndexed(police, caseId, photoIds);
  }

  private void awaitIndexed(Client client, String caseId, String... photoIds)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    JsonNode photos = null;
    while (System.nanoTime() < deadline) {
      photos = json(client.get("/api/v1/cases/" + caseId + "/photos"), 200);
      boolean all = photos.size() == photoIds.length;
      for (JsonNode p : photos) {
        all &= "INDEXED".equals(p.get("state").asText());
      }
      if (all) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("not indexed within 30 s of the search service's return: " + photos);
  }

  /** A distribution's count and sum as the gateway's Prometheus endpoint gives them. */
  private record Metric(double count, double sum) {}

  private static Metric outboxWrites() {
    Map<String, Double> m = system.gatewayMetrics("homeward_gateway_outbox_write_rows_");
    assertThat(m).as("the gateway's outbox metrics").isNotEmpty();
    return new Metric(
        m.getOrDefault("homeward_gateway_outbox_write_rows_count", 0.0),
        m.getOrDefault("homeward_gateway_outbox_write_rows_sum", 0.0));
  }

  private record Readiness(int status, JsonNode body) {}

  private static Readiness readiness() {
    try {
      HttpResponse<String> r =
          RunningSystem.HTTP.send(
              HttpRequest.newBuilder(system.managementUri("/q/health/ready"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return new Readiness(r.statusCode(), JSON.readTree(r.body()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Readiness once it reports {@code name} as {@code state} (its answer is kept for 2 s). */
  private static Readiness awaitDependency(String name, String state) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    Readiness r = readiness();
    while (!state.equals(dependency(r.body(), name)) && System.nanoTime() < deadline) {
      Thread.sleep(250);
      r = readiness();
    }
    assertThat(dependency(r.body(), name)).as("readiness of %s", name).isEqualTo(state);
    return r;
  }

  private static String dependency(JsonNode health, String name) {
    for (JsonNode check : health.path("checks")) {
      if ("dependencies".equals(check.path("name").asText())) {
        return check.path("data").path(name).asText();
      }
    }
    return "absent";
  }

  private record Timed<T>(T value, double seconds) {}

  private static <T> Timed<T> timed(Supplier<T> call) {
    long start = System.nanoTime();
    T value = call.get();
    return new Timed<>(value, (System.nanoTime() - start) / 1e9);
  }
}
