package io.homeward.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.homeward.gateway.store.Ids;
import io.homeward.gateway.support.TestKeys;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/oversight/audit/records} through the running gateway: privacy officers only,
 * their own organisation's records only, filters, a cursor that is stable while records are
 * appended, personal fields opened while the subject's key exists and a tombstone after erasure,
 * and each read audited without the filters' values. Records are made by real requests.
 */
abstract class AuditRecordsContract {
  private static final String RECORDS = "/api/v1/oversight/audit/records";

  /** Fresh organisations per test, so that other tests' records never count. */
  private String orgA;

  private String orgB;

  @BeforeEach
  void organisations() {
    String run = Ids.newId("t").substring(2, 12);
    orgA = "ngo-a-" + run;
    orgB = "ngo-b-" + run;
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

  private static Response read(String token, Map<String, ?> query) {
    return as(token, "PRIVACY_AUDIT").queryParams(query).get(RECORDS);
  }

  private static List<Map<String, Object>> records(String token, Map<String, ?> query) {
    Response r = read(token, query);
    assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
    return r.jsonPath().getList("$");
  }

  private static long seq(Map<String, Object> record) {
    return ((Number) record.get("seq")).longValue();
  }

  @Test
  void anOfficerSeesTheirOrganisationsRecordsNewestFirstAndNoOtherOrganisations() {
    String caseA = missingAdult(caseworker(orgA));
    String caseB = missingAdult(caseworker(orgB));
    List<Map<String, Object>> mine = records(officer(orgA), Map.of("limit", 200));
    assertThat(mine).isNotEmpty();
    assertThat(mine).extracting(r -> r.get("caseId")).contains(caseA).doesNotContain(caseB);
    assertThat(mine)
        .allSatisfy(
            r ->
                assertThat(orgA.equals(r.get("organisation")) || caseA.equals(r.get("caseId")))
                    .isTrue());
    for (int i = 1; i < mine.size(); i++) {
      assertThat(seq(mine.get(i))).isLessThan(seq(mine.get(i - 1)));
    }
    // Another organisation's officer, asking for this organisation's case or its caseworker by
    // name, is answered as if there were none.
    assertThat(records(officer(orgB), Map.of("case", caseA))).isEmpty();
    assertThat(records(officer(orgB), Map.of("actor", "cw-" + orgA))).isEmpty();
    assertThat(records(officer(orgB), Map.of("organisation", orgA))).isEmpty();
    assertThat(records(officer(orgB), Map.of("case", caseB))).isNotEmpty();
  }

  @Test
  void onlyPrivacyOfficersReadAndEveryRefusalIsAProblem() {
    for (String role :
        List.of(
            "NGO_VOLUNTEER", "NGO_CASEWORKER", "POLICE_INVESTIGATOR", "FACE_EXAMINER", "ADMIN")) {
      Response r = read(TestKeys.token("x-" + orgA, orgA, role), Map.of());
      assertThat(r.statusCode()).as(role).isEqualTo(403);
      assertThat(r.jsonPath().getString("type")).endsWith("/policy-denied");
    }
    // The refusal is itself a record, DENIED, under the refused user's organisation.
    List<Map<String, Object>> denied =
        records(
            officer(orgA),
            Map.of("actor", "x-" + orgA, "decision", "DENIED", "action", "AUDIT_ACCESS"));
    assertThat(denied).hasSize(5);
    assertThat(denied).allSatisfy(r -> assertThat(r.get("decision")).isEqualTo("DENIED"));
    // A privacy officer naming another purpose is refused by rule 1.
    assertThat(as(officer(orgA), "FAMILY_TRACING").get(RECORDS).statusCode()).isEqualTo(403);
    assertThat(given().get(RECORDS).statusCode()).isEqualTo(401);
  }

  @Test
  void filtersNarrowByActorCaseActionDecisionAndTime() throws Exception {
    Instant before = Instant.now();
    Thread.sleep(5);
    String cw = caseworker(orgA);
    String first = missingAdult(cw);
    String second = missingAdult(cw);
    Thread.sleep(5);
    Instant after = Instant.now();
    String po = officer(orgA);
    List<Map<String, Object>> byCase = records(po, Map.of("case", first));
    assertThat(byCase).isNotEmpty().allSatisfy(r -> assertThat(r.get("caseId")).isEqualTo(first));
    List<Map<String, Object>> changes =
        records(
            po,
            Map.of(
                "actor",
                "cw-" + orgA,
                "action",
                "CASE_CHANGE",
                "decision",
                "ALLOWED",
                "from",
                before.toString(),
                "to",
                after.toString()));
    assertThat(changes).extracting(r -> r.get("caseId")).containsExactly(second, first);
    assertThat(changes)
        .allSatisfy(
            r -> {
              assertThat(r.get("actorId")).isEqualTo("cw-" + orgA);
              assertThat(r.get("action")).isEqualTo("CASE_CHANGE");
              assertThat(r.get("role")).isEqualTo("NGO_CASEWORKER");
            });
    assertThat(records(po, Map.of("actor", "cw-" + orgA, "from", after.toString()))).isEmpty();
    assertThat(records(po, Map.of("actor", "cw-" + orgA, "to", before.toString()))).isEmpty();
  }

  @Test
  void badFiltersAreRefusedWithTheAcceptedValues() {
    String po = officer(orgA);
    Map<Map<String, String>, String> cases =
        Map.of(
            Map.of("action", "PEEK"), "action has an unknown value; accepted: ENROL, SEARCH,",
            Map.of("decision", "MAYBE"), "decision has an unknown value; accepted: ALLOWED, DENIED",
            Map.of("from", "yesterday"), "from must be an ISO-8601 instant",
            Map.of("cursor", "bm90LWEtY3Vyc29y"), "cursor is not one this service gave",
            Map.of("limit", "0"), "limit is 1 to 200",
            Map.of("from", "2026-02-01T00:00:00Z", "to", "2026-01-01T00:00:00Z"),
                "from is not before to");
    cases.forEach(
        (query, detail) -> {
          Response r = read(po, query);
          assertThat(r.statusCode()).as(query.toString()).isEqualTo(400);
          assertThat(r.jsonPath().getInt("status")).isEqualTo(400);
          assertThat(r.jsonPath().getString("detail")).startsWith(detail);
        });
  }

  @Test
  void personalFieldsOpenWhileTheKeyExistsAndReadAsATombstoneAfterErasure() {
    String cw = caseworker(orgA);
    String caseId = missingAdult(cw);
    String po = officer(orgA);
    Map<String, Object> created =
        records(po, Map.of("case", caseId, "action", "CASE_CHANGE")).get(0);
    @SuppressWarnings("unchecked")
    Map<String, Object> open = (Map<String, Object>) created.get("personal");
    assertThat(open.get("disclosure")).isEqualTo("REVEALED");
    assertThat(open.get("tombstone")).isEqualTo(false);
    assertThat((List<?>) open.get("subjectIds")).isNotEmpty();

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

    Response after = read(po, Map.of("case", caseId, "action", "CASE_CHANGE"));
    assertThat(after.statusCode()).isEqualTo(200);
    List<Map<String, Object>> records = after.jsonPath().getList("$");
    Map<String, Object> same =
        records.stream().filter(r -> seq(r) == seq(created)).findFirst().orElseThrow();
    @SuppressWarnings("unchecked")
    Map<String, Object> tomb = (Map<String, Object>) same.get("personal");
    assertThat(tomb.get("disclosure")).isEqualTo("ERASED");
    assertThat(tomb.get("tombstone")).isEqualTo(true);
    assertThat(tomb).doesNotContainKeys("subjectIds", "candidates", "verdicts", "justification");
    // The non-personal fields are as they were, and the chain still verifies.
    assertThat(same.get("hash")).isEqualTo(created.get("hash"));
    assertThat(
            as(po, "PRIVACY_AUDIT")
                .get("/api/v1/oversight/audit/verification")
                .then()
                .statusCode(200)
                .extract()
                .<Boolean>path("intact"))
        .isTrue();
  }

  @Test
  void theCursorIsStableWhileRecordsAreAppended() {
    String cw = caseworker(orgA);
    for (int i = 0; i < 5; i++) {
      missingAdult(cw);
    }
    String po = officer(orgA);
    Map<String, Object> filter = Map.of("actor", "cw-" + orgA, "limit", 2);
    List<Long> snapshot =
        records(po, Map.of("actor", "cw-" + orgA, "limit", 200)).stream()
            .map(AuditRecordsContract::seq)
            .toList();
    assertThat(snapshot).hasSizeGreaterThanOrEqualTo(5);

    List<Long> paged = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Map<String, Object> q = new java.util.HashMap<>(filter);
      if (cursor != null) {
        q.put("cursor", cursor);
      }
      Response r = read(po, q);
      assertThat(r.statusCode()).isEqualTo(200);
      List<Map<String, Object>> page = r.jsonPath().getList("$");
      assertThat(page.size()).isLessThanOrEqualTo(2);
      page.forEach(rec -> paged.add(seq(rec)));
      cursor = r.header("Homeward-Next-Cursor");
      // New records by the same actor arrive while the officer pages: they are newer than the
      // first page, so no later page shifts, repeats or skips a record.
      missingAdult(cw);
      pages++;
    } while (cursor != null && pages < 50);
    assertThat(paged).isEqualTo(snapshot);
    assertThat(new HashSet<>(paged)).hasSameSizeAs(paged);
  }

  @Test
  void eachReadIsAuditedWithTheFiltersNamedButNotTheirValues() {
    String caseId = missingAdult(caseworker(orgA));
    String po = officer(orgA);
    int returned = records(po, Map.of("actor", "cw-" + orgA, "case", caseId)).size();
    List<Map<String, Object>> reads =
        records(po, Map.of("actor", "po-" + orgA, "action", "AUDIT_ACCESS", "limit", 1));
    assertThat(reads).hasSize(1);
    Map<String, Object> read = reads.get(0);
    assertThat(read.get("detail"))
        .isEqualTo("audit records read; filters: actor,case; returned: " + returned);
    assertThat((String) read.get("detail")).doesNotContain(orgA);
    assertThat(read.get("caseId")).isEqualTo(caseId);
    assertThat(read.get("decision")).isEqualTo("ALLOWED");
    @SuppressWarnings("unchecked")
    Map<String, Object> personal = (Map<String, Object>) read.get("personal");
    assertThat(personal.get("disclosure")).isEqualTo("NONE");
  }

  @Test
  void parallelReadsFromTwoOrganisationsEachSeeTheirOwn() throws Exception {
    String caseA = missingAdult(caseworker(orgA));
    String caseB = missingAdult(caseworker(orgB));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Set<Object>>> answers = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        String org = i % 2 == 0 ? orgA : orgB;
        answers.add(
            pool.submit(
                () ->
                    new HashSet<>(
                        records(officer(org), Map.of("limit", 200)).stream()
                            .map(r -> r.get("caseId"))
                            .toList())));
      }
      for (int i = 0; i < answers.size(); i++) {
        Set<Object> seen = answers.get(i).get(120, TimeUnit.SECONDS);
        if (i % 2 == 0) {
          assertThat(seen).contains(caseA).doesNotContain(caseB);
        } else {
          assertThat(seen).contains(caseB).doesNotContain(caseA);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
