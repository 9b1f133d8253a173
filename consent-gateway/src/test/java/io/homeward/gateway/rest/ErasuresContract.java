package io.homeward.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.homeward.gateway.db.Database;
import io.homeward.gateway.store.Ids;
import io.homeward.gateway.support.TestKeys;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
 * {@code GET /api/v1/oversight/erasures}: a privacy officer follows the withdrawals of their
 * organisation's cases (what is erased, what is left, when the minimal record goes), never another
 * organisation's; only privacy officers read it; each read is audited, also under parallel reads; a
 * page at a time. Run on H2 and on PostgreSQL (as the application's role).
 */
abstract class ErasuresContract {
  private static final String ERASURES = "/api/v1/oversight/erasures";

  @Inject Database db;

  private String orgA;
  private String orgB;

  @BeforeEach
  void organisations() {
    String run = Ids.newId("t").substring(2, 12);
    orgA = "er-a-" + run;
    orgB = "er-b-" + run;
  }

  private static RequestSpecification as(String token, String purpose) {
    return given().auth().oauth2(token).header("Homeward-Purpose", purpose);
  }

  private static String caseworker(String org) {
    return TestKeys.token("cw-" + org, org, "NGO_CASEWORKER");
  }

  private static String officer(String org) {
    return TestKeys.token("po-" + org, org, "PRIVACY_OFFICER");
  }

  private static String missingAdult(String cw) {
    return as(cw, "FAMILY_TRACING")
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

  private static String withdrawn(String cw) {
    String caseId = missingAdult(cw);
    String consentId =
        as(cw, "FAMILY_TRACING")
            .get("/api/v1/cases/" + caseId)
            .then()
            .statusCode(200)
            .extract()
            .path("consents[0].id");
    as(cw, "DATA_PROTECTION")
        .post("/api/v1/cases/" + caseId + "/consents/" + consentId + "/withdrawal")
        .then()
        .statusCode(200);
    return caseId;
  }

  private static List<Map<String, Object>> page(String token, Map<String, ?> query) {
    Response r = as(token, "PRIVACY_AUDIT").queryParams(query).get(ERASURES);
    assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
    return r.jsonPath().getList("$");
  }

  @Test
  void anOfficerFollowsTheirOrganisationsWithdrawalsAndNoOtherOrganisations() {
    String kept = missingAdult(caseworker(orgA));
    String gone = withdrawn(caseworker(orgA));
    String foreign = withdrawn(caseworker(orgB));
    List<Map<String, Object>> mine = page(officer(orgA), Map.of());
    assertThat(mine).extracting(m -> m.get("caseId")).contains(gone).doesNotContain(kept, foreign);
    Map<String, Object> item =
        mine.stream().filter(m -> gone.equals(m.get("caseId"))).findFirst().orElseThrow();
    assertThat(item.get("reason")).isEqualTo("WITHDRAWAL");
    assertThat(item.get("status")).isEqualTo("CLOSED");
    assertThat(item.get("withdrawnAt")).isNotNull();
    assertThat(item.get("purgeAfter")).isNotNull();
    assertThat(item.get("imagesLeft")).isEqualTo(0);
    // The key is destroyed in the withdrawal itself (a failure would leave it pending).
    assertThat(item.get("keyDestructionPending")).isEqualTo(false);
    assertThat(item.get("stage"))
        .isEqualTo(
            Boolean.TRUE.equals(item.get("indexRemovalPending")) ? "ERASING" : "MINIMAL_RECORD");
    // Nothing personal in the answer: ids, dates, counts and states only.
    assertThat(item.keySet())
        .containsOnly(
            "caseId",
            "side",
            "status",
            "reason",
            "stage",
            "withdrawnAt",
            "closedAt",
            "imagesLeft",
            "indexRemovalPending",
            "keyDestructionPending",
            "purgeAfter");
    assertThat(page(officer(orgB), Map.of()))
        .extracting(m -> m.get("caseId"))
        .contains(foreign)
        .doesNotContain(gone);
    assertThat(count("erasures read", "po-" + orgA)).isEqualTo(1);
  }

  @Test
  void onlyPrivacyOfficersReadAndTheRefusalsAreAudited() {
    withdrawn(caseworker(orgA));
    for (String role : List.of("NGO_CASEWORKER", "POLICE_INVESTIGATOR", "FACE_EXAMINER", "ADMIN")) {
      String subject = role.toLowerCase() + "-" + orgA;
      for (String purpose : List.of("PRIVACY_AUDIT", "FAMILY_TRACING", "ADMINISTRATION")) {
        Response r = as(TestKeys.token(subject, orgA, role), purpose).get(ERASURES);
        assertThat(r.statusCode()).as(role + " " + purpose).isIn(403);
        assertThat(r.asString()).doesNotContain("caseId");
      }
    }
    // An officer for another purpose is refused too.
    assertThat(as(officer(orgA), "FAMILY_TRACING").get(ERASURES).statusCode()).isEqualTo(403);
    Response bad =
        as(officer(orgA), "PRIVACY_AUDIT").queryParam("cursor", "not-ours").get(ERASURES);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.jsonPath().getString("detail")).isEqualTo("cursor is not one this service gave");
    assertThat(as(officer(orgA), "PRIVACY_AUDIT").queryParam("limit", 0).get(ERASURES).statusCode())
        .isEqualTo(400);
  }

  @Test
  void pagesFollowTheCursorWithoutRepeats() {
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      made.add(withdrawn(caseworker(orgA)));
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Map<String, Object> q = new HashMap<>(Map.of("limit", 2));
      if (cursor != null) {
        q.put("cursor", cursor);
      }
      Response r = as(officer(orgA), "PRIVACY_AUDIT").queryParams(q).get(ERASURES);
      assertThat(r.statusCode()).isEqualTo(200);
      List<String> ids = r.jsonPath().getList("caseId");
      assertThat(ids.size()).isLessThanOrEqualTo(2);
      seen.addAll(ids);
      cursor = r.header("Homeward-Next-Cursor");
      pages++;
    } while (cursor != null && pages < 10);
    assertThat(seen).containsExactlyInAnyOrderElementsOf(made).doesNotHaveDuplicates();
    assertThat(pages).isGreaterThanOrEqualTo(2);
  }

  @Test
  void parallelReadsAllAnswerTheSameAndAreEachAudited() throws Exception {
    String gone = withdrawn(caseworker(orgA));
    String po = officer(orgA);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<List<Map<String, Object>>>> reads = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        reads.add(pool.submit(() -> page(po, Map.of())));
      }
      for (Future<List<Map<String, Object>>> f : reads) {
        assertThat(f.get()).extracting(m -> m.get("caseId")).containsExactly(gone);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(count("erasures read", "po-" + orgA)).isEqualTo(12);
  }

  private long count(String detail, String actor) {
    return db.inTransaction(
        tx -> {
          try (PreparedStatement ps =
              tx.prepareStatement(
                  "select count(*) from audit_records where actor_id = ? and detail = ?"
                      + " and allowed = ?")) {
            ps.setString(1, actor);
            ps.setString(2, detail);
            ps.setBoolean(3, true);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }
}
