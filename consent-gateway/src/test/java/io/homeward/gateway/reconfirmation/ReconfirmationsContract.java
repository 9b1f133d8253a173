package io.homeward.gateway.reconfirmation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.homeward.gateway.db.Database;
import io.homeward.gateway.retention.Retention;
import io.homeward.gateway.store.Ids;
import io.homeward.gateway.support.TestKeys;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PRIVACY.md rule 22, the yearly re-confirmation of open MISSING cases: the caseworkers' reminder
 * list (their organisation's cases due, overdue or lapsed), the retention job making an unconfirmed
 * case unsearchable (audited), and the re-confirmation reopening it. The year is moved by dating a
 * case's last confirmation back and by running the job at a chosen instant. Run on H2 and on
 * PostgreSQL (as the application's role).
 */
abstract class ReconfirmationsContract {
  private static final String REMINDERS = "/api/v1/reconfirmations";

  @Inject Database db;
  @Inject Retention retention;

  private String orgA;
  private String orgB;

  @BeforeEach
  void organisations() {
    String run = Ids.newId("t").substring(2, 12);
    orgA = "rc-a-" + run;
    orgB = "rc-b-" + run;
  }

  private static RequestSpecification as(String token) {
    return given().auth().oauth2(token).header("Homeward-Purpose", "FAMILY_TRACING");
  }

  private static String caseworker(String org) {
    return TestKeys.token("cw-" + org, org, "NGO_CASEWORKER");
  }

  private static String missingAdult(String cw) {
    return as(cw)
        .contentType("application/json")
        .body(
            """
            {"side":"MISSING","subject":{"sex":"F","birthYearFrom":1990,"birthYearTo":1991},
             "consent":{"basis":"CONSENT","givenBy":"SUBJECT"}}""")
        .post("/api/v1/cases")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  /** Dates the case's last confirmation back (as if a year had passed since). */
  private void confirmedDaysAgo(String caseId, int days) {
    db.inTransaction(
        tx -> {
          try (PreparedStatement ps =
              tx.prepareStatement("update cases set confirmed_at = ? where id = ?")) {
            ps.setTimestamp(1, Timestamp.from(Instant.now().minus(Duration.ofDays(days))));
            ps.setString(2, caseId);
            assertThat(ps.executeUpdate()).isEqualTo(1);
          }
          return null;
        });
  }

  private String status(String caseId) {
    return db.inTransaction(
        tx -> {
          try (PreparedStatement ps =
              tx.prepareStatement("select status from cases where id = ?")) {
            ps.setString(1, caseId);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? rs.getString(1) : "DELETED";
            }
          }
        });
  }

  private static List<Map<String, Object>> reminders(String token) {
    Response r = as(token).get(REMINDERS);
    assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
    return r.jsonPath().getList("$");
  }

  private static Map<String, Object> reminderOf(List<Map<String, Object>> list, String caseId) {
    return list.stream().filter(m -> caseId.equals(m.get("caseId"))).findFirst().orElseThrow();
  }

  @Test
  void caseworkersSeeTheirOrganisationsCasesDueOverdueAndLapsedAndTheJobSuspendsTheLapsed() {
    String cw = caseworker(orgA);
    String fresh = missingAdult(cw);
    String due = missingAdult(cw);
    String overdue = missingAdult(cw);
    String foreign = missingAdult(caseworker(orgB));
    confirmedDaysAgo(due, 350);
    confirmedDaysAgo(overdue, 370);
    confirmedDaysAgo(foreign, 370);

    List<Map<String, Object>> before = reminders(cw);
    assertThat(before).extracting(m -> m.get("caseId")).containsExactly(overdue, due);
    assertThat(reminderOf(before, due).get("standing")).isEqualTo("DUE");
    assertThat(reminderOf(before, overdue).get("standing")).isEqualTo("OVERDUE");
    assertThat(reminderOf(before, overdue).get("status")).isEqualTo("OPEN");
    assertThat(before.get(0).keySet())
        .containsOnly("caseId", "status", "confirmedAt", "dueAt", "standing");
    assertThat(reminders(caseworker(orgB)))
        .extracting(m -> m.get("caseId"))
        .containsExactly(foreign);

    // The job, run now: the case unconfirmed for more than a year becomes unsearchable; the one
    // due in a fortnight and the fresh one stay open. Run again a year on, every case lapses.
    retention.run(Instant.now());
    assertThat(status(overdue)).isEqualTo("PENDING");
    assertThat(status(due)).isEqualTo("OPEN");
    assertThat(status(fresh)).isEqualTo("OPEN");
    assertThat(jobRecords(overdue)).isEqualTo(1);
    assertThat(jobRecords(due)).isZero();
    assertThat(reminderOf(reminders(cw), overdue).get("standing")).isEqualTo("LAPSED");
    retention.run(Instant.now().plus(Duration.ofDays(366)));
    assertThat(status(fresh)).isEqualTo("PENDING");
    // A lapsed case is not suspended twice.
    assertThat(jobRecords(overdue)).isEqualTo(1);
    assertThat(count("reconfirmations read", "cw-" + orgA, true)).isEqualTo(2);
  }

  @Test
  void theReconfirmationReopensALapsedCaseAndStartsTheYearAgain() {
    String cw = caseworker(orgA);
    String lapsed = missingAdult(cw);
    confirmedDaysAgo(lapsed, 400);
    retention.run(Instant.now());
    assertThat(status(lapsed)).isEqualTo("PENDING");

    Response r = as(cw).post(REMINDERS + "/" + lapsed);
    assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
    assertThat(r.jsonPath().getString("status")).isEqualTo("OPEN");
    assertThat(r.jsonPath().getBoolean("reopened")).isTrue();
    Instant dueAt = Instant.parse(r.jsonPath().getString("dueAt"));
    assertThat(dueAt).isAfter(Instant.now().plus(Duration.ofDays(364)));
    assertThat(status(lapsed)).isEqualTo("OPEN");
    assertThat(reminders(cw)).extracting(m -> m.get("caseId")).doesNotContain(lapsed);
    assertThat(count("reconfirmed; case reopened", "cw-" + orgA, true)).isEqualTo(1);

    // An open case re-confirmed early: the year starts again, nothing else changes.
    String open = missingAdult(cw);
    confirmedDaysAgo(open, 340);
    Response early = as(cw).post(REMINDERS + "/" + open);
    assertThat(early.statusCode()).isEqualTo(200);
    assertThat(early.jsonPath().getBoolean("reopened")).isFalse();
    assertThat(early.jsonPath().getString("status")).isEqualTo("OPEN");
    assertThat(reminders(cw)).extracting(m -> m.get("caseId")).doesNotContain(open);
  }

  @Test
  void othersAreRefusedAnotherOrganisationsCaseIsNotFoundAndEachRefusalIsAudited() {
    String cw = caseworker(orgA);
    String lapsed = missingAdult(cw);
    confirmedDaysAgo(lapsed, 400);
    retention.run(Instant.now());

    // Another organisation's caseworker: the case does not exist for them.
    Response foreign = as(caseworker(orgB)).post(REMINDERS + "/" + lapsed);
    assertThat(foreign.statusCode()).isEqualTo(404);
    assertThat(foreign.jsonPath().getString("detail")).isEqualTo("no such case");
    assertThat(refusals("cw-" + orgB, lapsed)).isEqualTo(1);
    // Same organisation, other roles: refused by policy, audited.
    for (String role : List.of("NGO_VOLUNTEER", "POLICE_INVESTIGATOR", "PRIVACY_OFFICER")) {
      String token = TestKeys.token(role + "-" + orgA, orgA, role);
      String purpose = role.equals("POLICE_INVESTIGATOR") ? "IDENTIFICATION" : "FAMILY_TRACING";
      Response r =
          given()
              .auth()
              .oauth2(token)
              .header("Homeward-Purpose", purpose)
              .post(REMINDERS + "/" + lapsed);
      assertThat(r.statusCode()).as(role).isIn(403);
      Response list =
          given().auth().oauth2(token).header("Homeward-Purpose", purpose).get(REMINDERS);
      assertThat(list.statusCode()).as(role).isEqualTo(403);
      assertThat(list.asString()).doesNotContain(lapsed);
    }
    assertThat(status(lapsed)).isEqualTo("PENDING");
    // A closed case is not brought back.
    String closed = missingAdult(cw);
    as(cw)
        .contentType("application/json")
        .body("{\"status\":\"CLOSED\"}")
        .post("/api/v1/cases/" + closed + "/status")
        .then()
        .statusCode(200);
    assertThat(as(cw).post(REMINDERS + "/" + closed).statusCode()).isEqualTo(403);
    assertThat(status(closed)).isEqualTo("CLOSED");
    assertThat(as(cw).post(REMINDERS + "/c-nope").statusCode()).isEqualTo(404);
    Response bad = as(cw).queryParam("cursor", "not-ours").get(REMINDERS);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.jsonPath().getString("detail")).isEqualTo("cursor is not one this service gave");
  }

  @Test
  void parallelReconfirmationsReopenOnceAndAreEachAudited() throws Exception {
    String cw = caseworker(orgA);
    String lapsed = missingAdult(cw);
    confirmedDaysAgo(lapsed, 400);
    retention.run(Instant.now());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Response> answers = new ArrayList<>();
    try {
      List<Future<Response>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(pool.submit(() -> as(cw).post(REMINDERS + "/" + lapsed)));
        calls.add(pool.submit(() -> as(cw).get(REMINDERS)));
      }
      for (Future<Response> f : calls) {
        answers.add(f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
    long reopened =
        answers.stream()
            .filter(r -> r.asString().contains("\"reopened\""))
            .filter(r -> r.jsonPath().getBoolean("reopened"))
            .count();
    assertThat(reopened).isEqualTo(1);
    assertThat(status(lapsed)).isEqualTo("OPEN");
    assertThat(count("reconfirmed; case reopened", "cw-" + orgA, true)).isEqualTo(1);
    assertThat(count("reconfirmed", "cw-" + orgA, true)).isEqualTo(7);
    assertThat(count("reconfirmations read", "cw-" + orgA, true)).isEqualTo(8);
  }

  @Test
  void pagesFollowTheCursorWithoutRepeats() {
    String cw = caseworker(orgA);
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String id = missingAdult(cw);
      confirmedDaysAgo(id, 350 + i);
      made.add(id);
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Map<String, Object> q = new HashMap<>(Map.of("limit", 2));
      if (cursor != null) {
        q.put("cursor", cursor);
      }
      Response r = as(cw).queryParams(q).get(REMINDERS);
      assertThat(r.statusCode()).isEqualTo(200);
      seen.addAll(r.jsonPath().getList("caseId"));
      cursor = r.header("Homeward-Next-Cursor");
      pages++;
    } while (cursor != null && pages < 10);
    assertThat(seen).containsExactly(made.get(2), made.get(1), made.get(0));
    assertThat(pages).isGreaterThanOrEqualTo(2);
  }

  private long jobRecords(String caseId) {
    return db.inTransaction(
        tx -> {
          try (PreparedStatement ps =
              tx.prepareStatement(
                  "select count(*) from audit_records where actor_id = 'homeward:retention'"
                      + " and case_id = ? and detail = 'status OPEN -> PENDING:"
                      + " RECONFIRMATION_DUE'")) {
            ps.setString(1, caseId);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  private long refusals(String actor, String caseId) {
    return db.inTransaction(
        tx -> {
          try (PreparedStatement ps =
              tx.prepareStatement(
                  "select count(*) from audit_records where actor_id = ? and case_id = ?"
                      + " and allowed = false")) {
            ps.setString(1, actor);
            ps.setString(2, caseId);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  private long count(String detail, String actor, boolean allowed) {
    return db.inTransaction(
        tx -> {
          try (PreparedStatement ps =
              tx.prepareStatement(
                  "select count(*) from audit_records where actor_id = ? and detail = ?"
                      + " and allowed = ?")) {
            ps.setString(1, actor);
            ps.setString(2, detail);
            ps.setBoolean(3, allowed);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }
}
