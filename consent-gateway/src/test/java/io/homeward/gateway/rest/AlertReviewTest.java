package io.homeward.gateway.rest;

import static io.homeward.gateway.rest.FactsTestSupport.auditSince;
import static io.homeward.gateway.rest.FactsTestSupport.lastAuditSeq;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.homeward.gateway.db.Database;
import io.homeward.gateway.store.Ids;
import io.homeward.gateway.support.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, alerts: newest first, a page at a time, filtered; acknowledged and resolved by a
 * privacy officer (audited); the repeat-hit flag of rule 14 shown with each alert and in the
 * account list.
 */
@QuarkusTest
@QuarkusTestResource(TestKeys.class)
class AlertReviewTest {
  private static final String ALERTS = "/api/v1/oversight/alerts";

  @Inject Database db;

  private static RequestSpecification officer(String subject, String org) {
    return given()
        .auth()
        .oauth2(TestKeys.token(subject, org, "PRIVACY_OFFICER"))
        .header("Homeward-Purpose", "PRIVACY_AUDIT");
  }

  private static RequestSpecification officer() {
    return officer("po-1", "dpo");
  }

  /** Inserts an alert raised at a given time; returns its id. */
  private String alert(String kind, String about, Instant at) {
    String id = Ids.newId("a");
    db.inTransaction(
        tx -> {
          try (PreparedStatement ps =
              tx.prepareStatement(
                  "insert into alerts (id, kind, about, case_id, raised_at) values (?,?,?,?,?)")) {
            ps.setString(1, id);
            ps.setString(2, kind);
            ps.setString(3, about);
            ps.setString(4, null);
            ps.setTimestamp(5, Timestamp.from(at));
            ps.executeUpdate();
          }
          return null;
        });
    return id;
  }

  private void flag(String subject) {
    db.inTransaction(
        tx -> {
          try (PreparedStatement ps =
              tx.prepareStatement(
                  // Of the officer's organisation: a privacy officer oversees its own users.
                  "insert into accounts (subject, organisation_id, flagged, flag_reason) values"
                      + " (?, 'dpo', true, 'PROTECTED_PERSON_HITS')")) {
            ps.setString(1, subject);
            ps.executeUpdate();
          }
          return null;
        });
  }

  private static Response note(RequestSpecification who, String id, String step, String note) {
    return who.contentType("application/json")
        .body(note == null ? "{}" : Map.of("note", note))
        .post(ALERTS + "/" + id + "/" + step);
  }

  @Test
  void aProtectedPersonHitIsFirstEvenUnderAFloodOfOlderRoutineAlerts() {
    Instant base = Instant.now().minus(1, ChronoUnit.DAYS);
    for (int i = 0; i < 600; i++) {
      alert("ROUTINE_FLOOD", "flooder", base.plusMillis(i));
    }
    flag("stalker-1");
    String hit = alert("PROTECTED_PERSON_HIT", "stalker-1", Instant.now());
    List<Map<String, Object>> page =
        officer().queryParam("limit", 5).get(ALERTS).then().statusCode(200).extract().path("$");
    assertThat(page).hasSize(5);
    assertThat(page.get(0).get("id")).isEqualTo(hit);
    assertThat(page.get(0).get("aboutFlagged")).isEqualTo(true);
    assertThat(page.get(0).get("aboutProtectedHits")).isEqualTo(1);
    assertThat(page.get(0).get("state")).isEqualTo("OPEN");
  }

  @Test
  void pagesFollowTheCursorNewestFirstWithoutGapsOrRepeats() {
    Instant base = Instant.parse("2020-01-01T00:00:00Z");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      // Pairs share a timestamp: the cursor must still neither skip nor repeat.
      ids.add(alert("PAGING_TEST", "pager", base.plusSeconds(i / 2)));
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    Instant previous = Instant.MAX;
    for (int pages = 0; pages < 10; pages++) {
      RequestSpecification r = officer().queryParam("kind", "PAGING_TEST").queryParam("limit", 5);
      if (cursor != null) {
        r = r.queryParam("cursor", cursor);
      }
      Response response = r.get(ALERTS);
      response.then().statusCode(200);
      List<Map<String, Object>> page = response.path("$");
      for (Map<String, Object> a : page) {
        Instant at = Instant.parse((String) a.get("raisedAt"));
        assertThat(at).isBeforeOrEqualTo(previous);
        previous = at;
        seen.add((String) a.get("id"));
      }
      cursor = response.header("Homeward-Next-Cursor");
      if (cursor == null) {
        break;
      }
    }
    assertThat(seen).hasSize(23).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids);
  }

  @Test
  void aBadCursorStateOrLimitIsASpecificBadRequest() {
    officer().queryParam("cursor", "not-a-cursor").get(ALERTS).then().statusCode(400);
    officer().queryParam("state", "SLEEPING").get(ALERTS).then().statusCode(400);
    officer().queryParam("limit", 501).get(ALERTS).then().statusCode(400);
    officer().queryParam("kind", "x'; drop table alerts; --").get(ALERTS).then().statusCode(400);
  }

  @Test
  void acknowledgeThenResolveWithANoteAuditedAndFilteredByState() {
    String id = alert("LIFECYCLE_TEST", "someone", Instant.now());
    long seq = lastAuditSeq(db);
    note(officer(), id, "acknowledgement", null)
        .then()
        .statusCode(200)
        .body("state", equalTo("ACKNOWLEDGED"))
        .body("acknowledgedBy", equalTo("po-1"));
    note(officer(), id, "acknowledgement", null)
        .then()
        .statusCode(409)
        .body("type", equalTo("https://homeward.io/problems/conflict"));
    assertThat(
            officer()
                .queryParam("kind", "LIFECYCLE_TEST")
                .queryParam("state", "OPEN")
                .get(ALERTS)
                .then()
                .statusCode(200)
                .extract()
                .<List<?>>path("$"))
        .isEmpty();
    // A resolution says what was done.
    note(officer(), id, "resolution", " ")
        .then()
        .statusCode(400)
        .body("type", equalTo("https://homeward.io/problems/justification-required"));
    note(officer(), id, "resolution", "spoke to the caseworker; the search was legitimate")
        .then()
        .statusCode(200)
        .body("state", equalTo("RESOLVED"))
        .body("resolvedBy", equalTo("po-1"));
    note(officer(), id, "resolution", "spoke to the caseworker; the search was legitimate")
        .then()
        .statusCode(409);
    List<Map<String, Object>> resolved =
        officer()
            .queryParam("kind", "LIFECYCLE_TEST")
            .queryParam("state", "RESOLVED")
            .get(ALERTS)
            .then()
            .extract()
            .path("$");
    assertThat(resolved).extracting(a -> a.get("id")).containsExactly(id);
    // The default view hides resolved alerts.
    assertThat(
            officer()
                .queryParam("kind", "LIFECYCLE_TEST")
                .get(ALERTS)
                .then()
                .extract()
                .<List<?>>path("$"))
        .isEmpty();
    var audit = auditSince(db, seq, "po-1");
    assertThat(audit)
        .filteredOn(a -> a.allowed() && a.detail() != null && a.detail().startsWith("alert "))
        .extracting(FactsTestSupport.AuditRow::detail)
        .containsExactly("alert acknowledged", "alert resolved");
    assertThat(audit)
        .filteredOn(a -> "alert resolved".equals(a.detail()))
        .first()
        .satisfies(
            a ->
                assertThat(a.policyIds())
                    .contains("roles-permit-privacy-officer-acknowledge-and-resolve-alerts"));
    // The note is sealed, not stored in clear.
    long clear =
        FactsTestSupport.count(
            db,
            "select count(*) from alerts where id = ? and resolution_note_sealed is not null",
            id);
    assertThat(clear).isEqualTo(1);
  }

  @Test
  void noOneButAPrivacyOfficerReadsAcknowledgesOrResolvesAlerts() {
    String id = alert("ROLE_TEST", "someone", Instant.now());
    for (String[] who :
        new String[][] {
          {"cw-x", "ngo-2", "NGO_CASEWORKER", "PRIVACY_AUDIT"},
          {"pol-x", "police-2", "POLICE_INVESTIGATOR", "PRIVACY_AUDIT"},
          {"adm-x", "local", "ADMIN", "PRIVACY_AUDIT"},
        }) {
      RequestSpecification r =
          given()
              .auth()
              .oauth2(TestKeys.token(who[0], who[1], who[2]))
              .header("Homeward-Purpose", who[3]);
      r.get(ALERTS).then().statusCode(403);
      note(
              given()
                  .auth()
                  .oauth2(TestKeys.token(who[0], who[1], who[2]))
                  .header("Homeward-Purpose", who[3]),
              id,
              "acknowledgement",
              null)
          .then()
          .statusCode(403)
          .body("type", equalTo("https://homeward.io/problems/policy-denied"));
      note(
              given()
                  .auth()
                  .oauth2(TestKeys.token(who[0], who[1], who[2]))
                  .header("Homeward-Purpose", who[3]),
              id,
              "resolution",
              "closing this alert without being a privacy officer")
          .then()
          .statusCode(403);
      given()
          .auth()
          .oauth2(TestKeys.token(who[0], who[1], who[2]))
          .header("Homeward-Purpose", who[3])
          .queryParam("flagged", true)
          .get("/api/v1/oversight/accounts")
          .then()
          .statusCode(403);
    }
    // A privacy officer, but for another purpose: refused.
    note(
            given()
                .auth()
                .oauth2(TestKeys.token("po-1", "dpo", "PRIVACY_OFFICER"))
                .header("Homeward-Purpose", "FAMILY_TRACING"),
            id,
            "acknowledgement",
            null)
        .then()
        .statusCode(403);
  }

  @Test
  void aPrivacyOfficerOfAnotherOrganisationActsExactlyOnTheAlertsTheyCanList() {
    String id = alert("ORG_TEST", "someone", Instant.now());
    RequestSpecification other = officer("po-2", "dpo-elsewhere");
    List<String> visible =
        other
            .queryParam("kind", "ORG_TEST")
            .get(ALERTS)
            .then()
            .statusCode(200)
            .extract()
            .path("id");
    Response ack = note(officer("po-2", "dpo-elsewhere"), id, "acknowledgement", null);
    if (visible.contains(id)) {
      ack.then().statusCode(200);
    } else {
      ack.then().statusCode(404);
    }
    // An alert that does not exist, or is not an alert id, is not found.
    note(officer(), Ids.newId("a"), "acknowledgement", null).then().statusCode(404);
    note(officer(), "../../etc", "acknowledgement", null).then().statusCode(404);
  }

  @Test
  void parallelAcknowledgementsOfOneAlertSucceedExactlyOnce() throws Exception {
    String id = alert("RACE_TEST", "someone", Instant.now());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Integer>> calls =
          IntStream.range(0, 12)
              .<Callable<Integer>>mapToObj(
                  i ->
                      () ->
                          note(officer("po-race-" + i, "dpo"), id, "acknowledgement", null)
                              .statusCode())
              .toList();
      List<Integer> codes = new ArrayList<>();
      for (Future<Integer> f : pool.invokeAll(calls)) {
        codes.add(f.get());
      }
      assertThat(codes).containsOnly(200, 409);
      assertThat(codes).filteredOn(c -> c == 200).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void flaggedAccountsAreListedWithTheirProtectedPersonHits() {
    flag("stalker-2");
    for (int i = 0; i < 3; i++) {
      alert("PROTECTED_PERSON_HIT", "stalker-2", Instant.now());
    }
    alert("PROTECTED_PERSON_VIEW", "stalker-2", Instant.now());
    List<Map<String, Object>> flagged =
        officer()
            .queryParam("flagged", true)
            .get("/api/v1/oversight/accounts")
            .then()
            .statusCode(200)
            .extract()
            .path("$");
    assertThat(flagged).allSatisfy(a -> assertThat(a.get("flagged")).isEqualTo(true));
    Set<String> subjects = new HashSet<>();
    for (Map<String, Object> a : flagged) {
      subjects.add((String) a.get("subject"));
      if ("stalker-2".equals(a.get("subject"))) {
        assertThat(a.get("protectedHits")).isEqualTo(4);
        assertThat(a.get("flagReason")).isEqualTo("PROTECTED_PERSON_HITS");
      }
    }
    assertThat(subjects).contains("stalker-2");
  }
}
