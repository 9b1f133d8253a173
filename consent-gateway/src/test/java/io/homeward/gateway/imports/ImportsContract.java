package io.homeward.gateway.imports;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.homeward.gateway.db.Database;
import io.homeward.gateway.store.Ids;
import io.homeward.gateway.support.FakeEmbedder;
import io.homeward.gateway.support.TestKeys;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bulk import through its REST API (issue 14): jobs scoped to their organisation and audited,
 * batches bounded and checked, each record decided by the same rules as a single registration and
 * enrolment and never half stored, refusals reported as CSV, and a job resumed after a crash with
 * nothing enrolled twice. The embedder is {@link FakeEmbedder}: it finds no face, or is down, on
 * demand (a successful import of real photos runs in the browser flows, against the real embedder).
 * Run on H2 and on PostgreSQL.
 */
abstract class ImportsContract {
  private static final String IMPORTS = "/api/v1/imports";

  @Inject Database db;
  @Inject ImportRunner runner;
  @Inject CircuitBreakerMaintenance breakers;

  private String org;
  private String cw;

  @BeforeEach
  void organisation() {
    org = "ngo-imp-" + Ids.newId("t").substring(2, 12);
    cw = TestKeys.token("cw-" + org, org, "NGO_CASEWORKER");
    FakeEmbedder.answer(FakeEmbedder.Answer.NO_FACE);
    breakers.resetAll();
  }

  private static RequestSpecification as(String token) {
    return given().auth().oauth2(token).header("Homeward-Purpose", "FAMILY_TRACING");
  }

  private static String job(String token) {
    return as(token)
        .post(IMPORTS)
        .then()
        .statusCode(201)
        .body("left", equalTo(0))
        .extract()
        .path("id");
  }

  private static Response send(String token, String job, byte[] zip) {
    return as(token)
        .contentType("application/zip")
        .body(zip)
        .post(IMPORTS + "/" + job + "/batches");
  }

  /**
   * A manifest line: a missing child (under 14: a guardian consents, rule 2) registered with a
   * parent's consent, with its photos.
   */
  private static String record(String key, String... files) {
    StringBuilder photos = new StringBuilder();
    for (String f : files) {
      photos.append(photos.isEmpty() ? "" : ",");
      photos
          .append("{\"file\":\"")
          .append(f)
          .append("\",\"source\":\"FAMILY\",\"photoYear\":2020}");
    }
    return "{\"key\":\""
        + key
        + "\",\"side\":\"MISSING\",\"subject\":{\"sex\":\"F\",\"birthYearFrom\":2016,"
        + "\"birthYearTo\":2017},\"consent\":{\"basis\":\"GUARDIAN_CONSENT\",\"givenBy\":\"GUARDIAN\","
        + "\"relationship\":\"mother\"},\"photos\":["
        + photos
        + "]}";
  }

  private static byte[] zip(String manifest, String... files) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    if (manifest != null) {
      entries.put("manifest.jsonl", manifest.getBytes(StandardCharsets.UTF_8));
    }
    for (String f : files) {
      entries.put("photos/" + f, photo());
    }
    var out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      for (var e : entries.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue());
        z.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A real photo from the shared fixtures when present (the fake embedder reads none of it). */
  private static byte[] photo() {
    Path p = Path.of("../../shared/fixtures/people/obama_obama.jpg");
    try {
      return Files.exists(p) ? Files.readAllBytes(p) : new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2};
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for the background workers to finish the job's records (bounded). */
  private Response finished(String token, String job) throws InterruptedException {
    Response r = null;
    for (int i = 0; i < 400; i++) {
      r = as(token).get(IMPORTS + "/" + job);
      assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
      if (r.jsonPath().getInt("left") == 0) {
        return r;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the import did not finish: " + r.asString());
  }

  private long count(String sql, String... params) {
    return db.inTransaction(
        tx -> {
          try (PreparedStatement ps = tx.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
              ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  private long casesOfOrganisation() {
    return count("select count(*) from cases where organisation_id = ?", org);
  }

  @Test
  void aRecordTheQualityGateRefusesIsReportedAndLeavesNoCase() throws Exception {
    long audit = count("select count(*) from audit_records");
    String job = job(cw);
    send(
            cw,
            job,
            zip(
                record("r-1", "a.jpg") + "\n" + record("r-2", "b.jpg", "c.jpg"),
                "a.jpg",
                "b.jpg",
                "c.jpg"))
        .then()
        .statusCode(202)
        .body("accepted", equalTo(2))
        .body("refused", equalTo(0));
    Response done = finished(cw, job);
    assertThat(done.jsonPath().getInt("refused")).isEqualTo(2);
    assertThat(done.jsonPath().getInt("done")).isZero();
    // The case was decided (and allowed) but its photo refused: no case remains, and no staged
    // photo.
    assertThat(casesOfOrganisation()).isZero();
    assertThat(
            count(
                "select count(*) from import_photos where organisation_id = ? and staged_ref is not null",
                org))
        .isZero();
    assertThat(
            count(
                "select count(*) from import_records where organisation_id = ? and facts_sealed is not null",
                org))
        .isZero();
    String csv =
        as(cw).get(IMPORTS + "/" + job + "/refusals").then().statusCode(200).extract().asString();
    assertThat(csv.lines().toList())
        .containsExactly(
            "record_key,file,problem,reason",
            "r-1,a.jpg,no-face," + csv.lines().toList().get(1).split(",", 4)[3],
            "r-2,b.jpg,no-face," + csv.lines().toList().get(2).split(",", 4)[3]);
    assertThat(csv.lines().toList().get(1).split(",", 4)[3]).isNotBlank();
    // Created, received, and each record's policy refusals or enrolment attempts: all audited.
    assertThat(count("select count(*) from audit_records")).isGreaterThan(audit + 2);
  }

  @Test
  void anotherOrganisationsJobIsNotFoundAndOtherRolesAreRefused() {
    String job = job(cw);
    String other = TestKeys.token("cw-other", org + "-b", "NGO_CASEWORKER");
    as(other).get(IMPORTS + "/" + job).then().statusCode(404);
    as(other).get(IMPORTS + "/" + job + "/refusals").then().statusCode(404);
    send(other, job, zip(record("x-1", "a.jpg"), "a.jpg")).then().statusCode(404);
    assertThat(as(other).get(IMPORTS).then().statusCode(200).extract().jsonPath().getList("id"))
        .doesNotContain(job);
    assertThat(as(cw).get(IMPORTS).then().statusCode(200).extract().jsonPath().getList("id"))
        .contains(job);
    as(TestKeys.token("vol-" + org, org, "NGO_VOLUNTEER"))
        .post(IMPORTS)
        .then()
        .statusCode(403)
        .body("type", equalTo("https://homeward.io/problems/policy-denied"));
    given()
        .auth()
        .oauth2(cw)
        .header("Homeward-Purpose", "PRIVACY_AUDIT")
        .post(IMPORTS)
        .then()
        .statusCode(403);
  }

  @Test
  void aMalformedBatchIsRefusedWholeAndNothingIsStored() throws Exception {
    String job = job(cw);
    send(cw, job, "not a zip".getBytes(StandardCharsets.UTF_8))
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("zip"));
    send(cw, job, zip(null, "a.jpg"))
        .then()
        .statusCode(400)
        .body("detail", containsString("manifest.jsonl"));
    send(cw, job, zip(record("m-1", "a.jpg") + "\n{not json", "a.jpg"))
        .then()
        .statusCode(400)
        .body("detail", containsString("line 2"));
    send(cw, job, zip(record("m-1", "a.jpg") + "\n" + record("m-1", "a.jpg"), "a.jpg"))
        .then()
        .statusCode(400)
        .body("detail", containsString("twice"));
    send(cw, job, zip("{\"side\":\"MISSING\"}", "a.jpg"))
        .then()
        .statusCode(400)
        .body("detail", containsString("key"));
    assertThat(count("select count(*) from import_records where job_id = ?", job)).isZero();
  }

  @Test
  void aMissingPhotoABadFieldAndARefusedConsentAreReportedAlone() throws Exception {
    String job = job(cw);
    String refusedConsent =
        "{\"key\":\"k-3\",\"side\":\"FOUND\",\"subject\":{\"birthYearFrom\":2016,\"birthYearTo\":2018},"
            + "\"consent\":{\"basis\":\"GUARDIAN_CONSENT\",\"givenBy\":\"CARETAKER\"},"
            + "\"photos\":[{\"file\":\"c.jpg\",\"source\":\"FAMILY\"}]}";
    String badSide = record("k-2", "b.jpg").replace("\"MISSING\"", "\"LOST\"");
    send(
            cw,
            job,
            zip(
                record("k-1", "absent.jpg") + "\n" + badSide + "\n" + refusedConsent,
                "b.jpg",
                "c.jpg"))
        .then()
        .statusCode(202)
        .body("accepted", equalTo(1))
        .body("refused", equalTo(2));
    finished(cw, job);
    List<String> rows =
        as(cw)
            .get(IMPORTS + "/" + job + "/refusals")
            .then()
            .statusCode(200)
            .extract()
            .asString()
            .lines()
            .toList();
    assertThat(rows).hasSize(4);
    assertThat(rows.get(1))
        .startsWith("k-1,absent.jpg,invalid-request,")
        .contains("not in the batch");
    assertThat(rows.get(2)).startsWith("k-2,,invalid-request,").contains("side");
    assertThat(rows.get(3)).startsWith("k-3,c.jpg,policy-denied,");
    assertThat(casesOfOrganisation()).isZero();
  }

  @Test
  void aKeySentAgainIsAcknowledgedNotImportedTwice() throws Exception {
    String job = job(cw);
    send(cw, job, zip(record("d-1", "a.jpg"), "a.jpg"))
        .then()
        .statusCode(202)
        .body("accepted", equalTo(1));
    send(cw, job, zip(record("d-1", "a.jpg") + "\n" + record("d-2", "a.jpg"), "a.jpg"))
        .then()
        .statusCode(202)
        .body("accepted", equalTo(1))
        .body("alreadyKnown", equalTo(1));
    // Unique per organisation: another job of the organisation does not take the key again.
    send(cw, job(cw), zip(record("d-1", "a.jpg"), "a.jpg"))
        .then()
        .statusCode(202)
        .body("alreadyKnown", equalTo(1));
    Response done = finished(cw, job);
    assertThat(done.jsonPath().getInt("refused")).isEqualTo(2);
    assertThat(count("select count(*) from import_records where organisation_id = ?", org))
        .isEqualTo(2);
  }

  @Test
  void parallelBatchesAreAllReceived() throws Exception {
    String job = job(cw);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> sent = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int batch = t;
        sent.add(
            pool.submit(
                () -> {
                  StringBuilder m = new StringBuilder();
                  for (int i = 0; i < 5; i++) {
                    m.append(record("p-" + batch + "-" + i, "a.jpg")).append('\n');
                  }
                  // Every batch also carries one key the others carry: the first takes it, the
                  // others find it known.
                  m.append(record("p-shared", "a.jpg"));
                  return send(cw, job, zip(m.toString(), "a.jpg")).statusCode();
                }));
      }
      for (Future<Integer> f : sent) {
        assertThat(f.get()).isEqualTo(202);
      }
    } finally {
      pool.shutdownNow();
    }
    Response done = finished(cw, job);
    long records = count("select count(*) from import_records where job_id = ?", job);
    assertThat(records).isEqualTo(21);
    assertThat(done.jsonPath().getLong("refused")).isEqualTo(records);
    assertThat(
            count(
                "select count(*) from import_records where organisation_id = ? and record_key = 'p-shared'",
                org))
        .isEqualTo(1);
  }

  /**
   * An import is bounded by its organisation's daily allowance, not by the importing user's limits
   * (which would lock the user after a few dozen records): when the day's allowance is used up the
   * records wait, the job says so, nothing is refused and nobody is locked; the next day they go
   * on.
   */
  @Test
  void aJobWaitsForTheNextDayWhenTheOrganisationsAllowanceIsUsedUp() throws Exception {
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    // Another organisation's allowance is its own.
    execute(
        "insert into usage_counters (subject, usage_day, kind, used) values (?, cast(? as date),"
            + " 'IMPORT_RECORD', 1000000)",
        "organisation:" + org,
        today);
    String job = job(cw);
    StringBuilder m = new StringBuilder();
    for (int i = 0; i < 3; i++) {
      m.append(record("w-" + i, "a.jpg")).append('\n');
    }
    send(cw, job, zip(m.toString(), "a.jpg")).then().statusCode(202).body("accepted", equalTo(3));
    runner.kick(job);
    Response waiting = null;
    for (int i = 0; i < 100; i++) {
      waiting = as(cw).get(IMPORTS + "/" + job).then().statusCode(200).extract().response();
      if (waiting.jsonPath().getBoolean("waitingForTomorrow")) {
        break;
      }
      Thread.sleep(50);
    }
    assertThat(waiting.jsonPath().getBoolean("waitingForTomorrow")).as(waiting.asString()).isTrue();
    assertThat(waiting.jsonPath().getInt("left")).isEqualTo(3);
    assertThat(waiting.jsonPath().getInt("refused")).isZero();
    assertThat(
            count("select count(*) from accounts where subject = ? and locked = true", "cw-" + org))
        .isZero();
    // The next day: the counter of the day starts again.
    execute(
        "update usage_counters set used = 0 where subject = ? and kind = 'IMPORT_RECORD'",
        "organisation:" + org);
    runner.kick(job);
    Response done = finished(cw, job);
    assertThat(done.jsonPath().getBoolean("waitingForTomorrow")).isFalse();
    assertThat(done.jsonPath().getInt("refused")).isEqualTo(3);
    assertThat(
            count(
                "select used from usage_counters where subject = ? and kind = 'IMPORT_RECORD'",
                "organisation:" + org))
        .isEqualTo(3);
    // The importing user's own daily counters were not touched.
    assertThat(
            count(
                "select count(*) from usage_counters where subject = ? and kind in ('NEW_CASE',"
                    + " 'ENROLMENT') and used > 0",
                "cw-" + org))
        .isZero();
  }

  private void execute(String sql, String... params) {
    db.inTransaction(
        tx -> {
          try (PreparedStatement ps = tx.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
              ps.setString(i + 1, params[i]);
            }
            return ps.executeUpdate();
          }
        });
  }

  @Test
  void aJobResumesAfterACrashAndNothingIsTakenTwice() throws Exception {
    // The embedder is down: the records wait (a passing failure is no refusal).
    FakeEmbedder.answer(FakeEmbedder.Answer.UNAVAILABLE);
    String job = job(cw);
    StringBuilder m = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      m.append(record("c-" + i, "a.jpg")).append('\n');
    }
    send(cw, job, zip(m.toString(), "a.jpg")).then().statusCode(202).body("accepted", equalTo(6));
    for (int i = 0; i < 400 && FakeEmbedder.traceparents().isEmpty(); i++) {
      Thread.sleep(50);
    }
    assertThat(FakeEmbedder.traceparents()).isNotEmpty();
    // The gateway dies mid-job.
    runner.stop();
    Response stopped = as(cw).get(IMPORTS + "/" + job).then().statusCode(200).extract().response();
    assertThat(stopped.jsonPath().getInt("left")).isEqualTo(6);
    assertThat(stopped.jsonPath().getInt("refused")).isZero();
    assertThat(
            count(
                "select count(*) from import_photos where organisation_id = ? and staged_ref is not null",
                org))
        .isEqualTo(6);
    // It starts again with the embedder back, and takes up where it stopped.
    FakeEmbedder.answer(FakeEmbedder.Answer.NO_FACE);
    breakers.resetAll();
    runner.start();
    runner.resume();
    Response done = finished(cw, job);
    assertThat(done.jsonPath().getInt("refused")).isEqualTo(6);
    assertThat(
            count(
                "select count(*) from import_records where job_id = ? and status = 'REFUSED'", job))
        .isEqualTo(6);
    assertThat(casesOfOrganisation()).isZero();
    as(cw)
        .get(IMPORTS + "/" + job + "/refusals")
        .then()
        .statusCode(200)
        .body(containsString("c-5,a.jpg,no-face"));
  }
}
