package io.homeward.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.homeward.gateway.db.Database;
import io.homeward.gateway.domain.PhotoSource;
import io.homeward.gateway.images.ImageStore;
import io.homeward.gateway.store.Ids;
import io.homeward.gateway.store.PhotoRecord;
import io.homeward.gateway.store.PhotoState;
import io.homeward.gateway.store.PhotoStore;
import io.homeward.gateway.support.TestKeys;
import io.homeward.gateway.support.UsageLimitsProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Rule 16 under concurrency, through the REST API: one user fires 100 requests at once, exactly the
 * configured number pass the limit, every other one is refused with 429, the account is locked with
 * one alert, and the day's counter equals the limit. Run on H2 and on PostgreSQL by the subclasses,
 * with the limits of {@link UsageLimitsProfile} and no embedder or search service reachable (a
 * search or enrolment past its reservation then fails with 503, and still counts).
 */
abstract class UsageLimitsContract {
  private static final int PARALLEL = 100;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String POLICE_CASE =
      """
      {"side":"FOUND","policeCaseNumber":"PC-7","subject":{"birthYearFrom":1990,"birthYearTo":1991},
       "consent":{"basis":"STATUTORY_DUTY","givenBy":"POLICE"}}""";

  @Inject Database db;
  @Inject ImageStore images;
  @Inject PhotoStore photos;

  @TestHTTPResource("/")
  URI base;

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private static String user() {
    return "u-" + UUID.randomUUID();
  }

  private static String police(String subject) {
    return TestKeys.token(subject, "police-limits", "POLICE_INVESTIGATOR");
  }

  private HttpRequest.Builder request(String token, String path) {
    return HttpRequest.newBuilder(base.resolve(path))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + token)
        .header("Homeward-Purpose", "IDENTIFICATION");
  }

  private HttpRequest createCase(String token) {
    return request(token, "/api/v1/cases")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(POLICE_CASE))
        .build();
  }

  private HttpResponse<String> send(HttpRequest r) {
    try {
      return http.send(r, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Fires the requests from 100 threads released together. A burst of budget-free reads (an unknown
   * case) by another user goes first, so that the database pool has its connections open: on a
   * loaded machine opening 40 PostgreSQL connections at once can take longer than the pool waits,
   * and this test is about the race, not about connection set-up.
   */
  private List<HttpResponse<String>> parallel(Supplier<HttpRequest> r) throws Exception {
    String reader = police(user());
    burst(() -> request(reader, "/api/v1/cases/c-" + "0".repeat(26)).GET().build());
    return burst(r);
  }

  private List<HttpResponse<String>> burst(Supplier<HttpRequest> r) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<HttpResponse<String>>> futures = new ArrayList<>();
      for (int i = 0; i < PARALLEL; i++) {
        HttpRequest req = r.get();
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return send(req);
                }));
      }
      start.countDown();
      List<HttpResponse<String>> out = new ArrayList<>();
      for (Future<HttpResponse<String>> f : futures) {
        out.add(f.get());
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  private static Map<Integer, Integer> byStatus(List<HttpResponse<String>> responses) {
    Map<Integer, Integer> out = new TreeMap<>();
    responses.forEach(r -> out.merge(r.statusCode(), 1, Integer::sum));
    return out;
  }

  private String openCase(String token) throws IOException {
    HttpResponse<String> r = send(createCase(token));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.path("status").asText()).isEqualTo("OPEN");
    return body.path("id").asText();
  }

  /** A photo stored as enrolment stores it (encrypted image and record), without the embedder. */
  private String storePhoto(String caseId, String fixture) throws IOException {
    byte[] jpeg = Files.readAllBytes(Path.of("../../shared/fixtures/people").resolve(fixture));
    PhotoRecord p =
        new PhotoRecord(
            Ids.newId("p"),
            caseId,
            Ids.newFaceId(),
            images.put(jpeg),
            PhotoSource.POLICE,
            30f,
            null,
            0.9f,
            "test@1",
            PhotoState.STORED,
            Instant.now(),
            null);
    db.inTransaction(
        tx -> {
          photos.insert(tx, p);
          return null;
        });
    return p.id();
  }

  private long number(String sql, Object... args) {
    return db.inTransaction(
        tx -> {
          try (PreparedStatement ps = tx.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
              ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? rs.getLong(1) : -1L;
            }
          }
        });
  }

  private long used(String subject, String kind) {
    return number(
        "select used from usage_counters where subject = ? and usage_day = ? and kind = ?",
        subject,
        Date.valueOf(LocalDate.now(ZoneOffset.UTC)),
        kind);
  }

  private void assertLockedOnce(String subject, String reason) {
    assertThat(
            number(
                "select count(*) from accounts where subject = ? and locked = true and lock_reason"
                    + " = ?",
                subject,
                reason))
        .isEqualTo(1);
    assertThat(
            number(
                "select count(*) from alerts where kind = 'ACCOUNT_LOCKED' and about = ?", subject))
        .as("one alert per lock-out, not one per refused request")
        .isEqualTo(1);
  }

  private static void assertRateLimited(List<HttpResponse<String>> responses, int expected) {
    List<HttpResponse<String>> refused =
        responses.stream().filter(r -> r.statusCode() == 429).toList();
    assertThat(refused).hasSize(expected);
    refused.forEach(
        r ->
            assertThat(r.body())
                .contains("\"status\":429")
                .contains("https://homeward.io/problems/rate-limited")
                .contains("the account is locked until a privacy officer reviews it"));
  }

  /**
   * Exactly {@code limit} responses with {@code passed}; every other one refused: 429 while the
   * limit is hit, or 403 account-locked once the lock-out it caused is in force (an image view, an
   * enrolment or a new case checks the lock before its reservation).
   */
  private static void assertPassedExactly(
      List<HttpResponse<String>> responses, int passed, int limit) {
    assertThat(responses.stream().filter(r -> r.statusCode() == passed)).hasSize(limit);
    List<HttpResponse<String>> refused =
        responses.stream().filter(r -> r.statusCode() != passed).toList();
    assertThat(refused).hasSize(PARALLEL - limit);
    assertThat(refused).anyMatch(r -> r.statusCode() == 429);
    refused.forEach(
        r -> {
          assertThat(r.statusCode()).as(r.body()).isIn(429, 403);
          assertThat(r.body()).contains("\"status\":" + r.statusCode());
          assertThat(r.body())
              .containsAnyOf(
                  "https://homeward.io/problems/rate-limited",
                  "https://homeward.io/problems/account-locked");
        });
  }

  @Test
  void hundredParallelSearchesPassTheLimitExactlyThirtyTimes() throws Exception {
    String subject = user();
    String token = police(subject);
    String caseId = openCase(token);
    storePhoto(caseId, "obama_obama.jpg");

    List<HttpResponse<String>> responses =
        parallel(
            () ->
                request(token, "/api/v1/cases/" + caseId + "/searches")
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build());

    // Past the reservation a search goes on to the embedder, which is down here: 503, counted.
    assertThat(byStatus(responses))
        .isEqualTo(
            Map.of(
                503,
                UsageLimitsProfile.SEARCHES_PER_DAY,
                429,
                PARALLEL - UsageLimitsProfile.SEARCHES_PER_DAY));
    assertRateLimited(responses, PARALLEL - UsageLimitsProfile.SEARCHES_PER_DAY);
    assertThat(used(subject, "SEARCH")).isEqualTo(UsageLimitsProfile.SEARCHES_PER_DAY);
    assertLockedOnce(subject, "DAILY_SEARCH_LIMIT");
    assertThat(number("select count(*) from case_probes where case_id = ?", caseId)).isEqualTo(1);
  }

  @Test
  void hundredParallelImageViewsShowTheImageExactlyAsOftenAsTheLimit() throws Exception {
    String subject = user();
    String token = police(subject);
    String photoId = storePhoto(openCase(token), "biden_biden.jpg");
    long auditBefore = number("select count(*) from audit_records");

    List<HttpResponse<String>> responses =
        parallel(() -> request(token, "/api/v1/photos/" + photoId + "/image").GET().build());

    assertPassedExactly(responses, 200, UsageLimitsProfile.IMAGE_VIEWS_PER_DAY);
    assertThat(used(subject, "IMAGE_VIEW")).isEqualTo(UsageLimitsProfile.IMAGE_VIEWS_PER_DAY);
    assertLockedOnce(subject, "DAILY_IMAGE_VIEW_LIMIT");
    // Every view and every refusal is audited.
    assertThat(number("select count(*) from audit_records") - auditBefore).isEqualTo(PARALLEL);
  }

  @Test
  void hundredParallelNewCasesStoreExactlyTheLimit() throws Exception {
    String subject = user();
    String token = police(subject);

    List<HttpResponse<String>> responses = parallel(() -> createCase(token));

    assertPassedExactly(responses, 201, UsageLimitsProfile.CASES_PER_DAY);
    assertThat(number("select count(*) from cases where reported_by = ?", subject))
        .isEqualTo(UsageLimitsProfile.CASES_PER_DAY);
    assertThat(used(subject, "NEW_CASE")).isEqualTo(UsageLimitsProfile.CASES_PER_DAY);
    assertLockedOnce(subject, "DAILY_CASE_LIMIT");
  }

  @Test
  void hundredParallelEnrolmentsAreCountedBeforeTheEmbedderIsAsked() throws Exception {
    String subject = user();
    String token = police(subject);
    String caseId = openCase(token);
    byte[] jpeg = Files.readAllBytes(Path.of("../../shared/fixtures/people/rose_leslie_img1.jpg"));

    List<HttpResponse<String>> responses =
        parallel(
            () ->
                request(token, "/api/v1/cases/" + caseId + "/photos?source=POLICE")
                    .header("Content-Type", "image/jpeg")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(jpeg))
                    .build());

    // Past the reservation the embedder is asked, which is down here: 503, and it counted.
    assertPassedExactly(responses, 503, UsageLimitsProfile.ENROLMENTS_PER_DAY);
    assertThat(used(subject, "ENROLMENT")).isEqualTo(UsageLimitsProfile.ENROLMENTS_PER_DAY);
    assertLockedOnce(subject, "DAILY_ENROLMENT_LIMIT");
    assertThat(number("select count(*) from photos where case_id = ?", caseId)).isZero();
  }

  @Test
  void aNewCaseDoesNotBringAFreshAllowanceOfProbeFaces() throws Exception {
    String subject = user();
    String token = police(subject);
    String first = openCase(token);
    for (String f : List.of("obama_obama.jpg", "obama_obama2.jpg", "t_obama3.jpg")) {
      storePhoto(first, f);
    }
    String second = openCase(token);
    for (String f : List.of("biden_biden.jpg", "biden_biden2.jpg", "rose_leslie_img2.jpg")) {
      storePhoto(second, f);
    }

    // Three probe faces of the first case: within the user's five a day (the embedder is down).
    assertThat(
            send(request(token, "/api/v1/cases/" + first + "/searches")
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build())
                .statusCode())
        .isEqualTo(503);
    // The same three again are no new faces.
    assertThat(
            send(request(token, "/api/v1/cases/" + first + "/searches")
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build())
                .statusCode())
        .isEqualTo(503);
    // Three more from a new case would be six distinct faces today, though the case has its own 20.
    HttpResponse<String> refused =
        send(
            request(token, "/api/v1/cases/" + second + "/searches")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.body()).contains("the daily limit of probe faces was exceeded");
    assertLockedOnce(subject, "DAILY_PROBE_LIMIT");
    // Nothing of the refused search was taken.
    assertThat(used(subject, "SEARCH")).isEqualTo(2);
    assertThat(number("select count(*) from case_probes where case_id = ?", second)).isZero();
    assertThat(
            number(
                "select count(*) from user_probes where subject = ? and usage_day = ?",
                subject,
                Date.valueOf(LocalDate.now(ZoneOffset.UTC))))
        .isEqualTo(3);
  }
}
