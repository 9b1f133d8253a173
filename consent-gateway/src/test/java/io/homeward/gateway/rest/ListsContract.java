package io.homeward.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.homeward.gateway.db.Database;
import io.homeward.gateway.domain.PhotoSource;
import io.homeward.gateway.images.ImageStore;
import io.homeward.gateway.store.Ids;
import io.homeward.gateway.store.PhotoRecord;
import io.homeward.gateway.store.PhotoState;
import io.homeward.gateway.store.PhotoStore;
import io.homeward.gateway.support.TestKeys;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The list endpoints a UI pages through: the cases within reach (filtered by side, status and
 * registration date), a case's photos and its assignments, each a page at a time with the next
 * page's cursor in {@code Homeward-Next-Cursor} (as the review queue and the alerts), filtered by
 * scope in the query, audited, and refused or empty for another organisation. Run on H2 and on
 * PostgreSQL (as the application's role).
 */
abstract class ListsContract {
  private static final String CASES = "/api/v1/cases";

  @Inject Database db;
  @Inject PhotoStore photos;
  @Inject ImageStore images;

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

  private static String police(String org) {
    return TestKeys.token("pol-" + org, org, "POLICE_INVESTIGATOR");
  }

  private static String missingAdult(String cw) {
    return as(cw, "FAMILY_TRACING")
        .contentType("application/json")
        .body(
            """
            {"side":"MISSING","subject":{"sex":"F","birthYearFrom":1990,"birthYearTo":1991},
             "consent":{"basis":"CONSENT","givenBy":"SUBJECT"}}""")
        .post(CASES)
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private static String foundChild(String pol) {
    return as(pol, "IDENTIFICATION")
        .contentType("application/json")
        .body(
            """
            {"side":"FOUND","policeCaseNumber":"PC-9","subject":{"sex":"M","birthYearFrom":2016,
             "birthYearTo":2017},"consent":{"basis":"STATUTORY_DUTY","givenBy":"POLICE"}}""")
        .post(CASES)
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  /** Every page of a list, following the cursor; {@code between} runs after each page. */
  private static List<String> allPages(
      String token, String purpose, String path, Map<String, Object> query, Runnable between) {
    List<String> ids = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Map<String, Object> q = new HashMap<>(query);
      if (cursor != null) {
        q.put("cursor", cursor);
      }
      Response r = as(token, purpose).queryParams(q).get(path);
      assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
      List<String> page = r.jsonPath().getList("id");
      assertThat(page.size()).isLessThanOrEqualTo((Integer) query.get("limit"));
      ids.addAll(page);
      cursor = r.header("Homeward-Next-Cursor");
      between.run();
      pages++;
    } while (cursor != null && pages < 100);
    return ids;
  }

  private static List<String> cases(String token, String purpose, Map<String, Object> query) {
    Response r = as(token, purpose).queryParams(query).get(CASES);
    assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
    return r.jsonPath().getList("id");
  }

  @Test
  void theCaseListPagesNewestFirstAndIsStableWhileCasesAreRegistered() {
    String cw = caseworker(orgA);
    List<String> registered = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      registered.add(missingAdult(cw));
    }
    missingAdult(caseworker(orgB));
    List<String> newestFirst = new ArrayList<>(registered);
    java.util.Collections.reverse(newestFirst);
    assertThat(cases(cw, "FAMILY_TRACING", Map.of("limit", 200))).isEqualTo(newestFirst);

    List<String> paged =
        allPages(cw, "FAMILY_TRACING", CASES, Map.of("limit", 2), () -> missingAdult(cw));
    assertThat(paged).isEqualTo(newestFirst);
    assertThat(new HashSet<>(paged)).hasSameSizeAs(paged);
    // Each page read is audited.
    assertThat(
            count(
                "select count(*) from audit_records where actor_id = ? and audit_action = 'VIEW'"
                    + " and detail like 'cases listed; returned: %'",
                "cw-" + orgA))
        .isGreaterThanOrEqualTo(4);
  }

  @Test
  void theCaseListFiltersBySideStatusAndRegistrationDate() {
    String missing = missingAdult(caseworker(orgA));
    String found = foundChild(police(orgA));
    String cw = caseworker(orgA);
    assertThat(cases(cw, "FAMILY_TRACING", Map.of("side", "FOUND"))).containsExactly(found);
    assertThat(cases(cw, "FAMILY_TRACING", Map.of("side", "missing"))).containsExactly(missing);
    assertThat(cases(cw, "FAMILY_TRACING", Map.of("status", "OPEN")))
        .containsExactlyInAnyOrder(missing, found);
    assertThat(cases(cw, "FAMILY_TRACING", Map.of("status", "CLOSED"))).isEmpty();
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    assertThat(
            cases(
                cw,
                "FAMILY_TRACING",
                Map.of("registeredFrom", today.toString(), "registeredTo", today.toString())))
        .containsExactlyInAnyOrder(missing, found);
    assertThat(cases(cw, "FAMILY_TRACING", Map.of("registeredTo", today.minusDays(1).toString())))
        .isEmpty();
    assertThat(cases(cw, "FAMILY_TRACING", Map.of("registeredFrom", today.plusDays(1).toString())))
        .isEmpty();
  }

  @Test
  void badListParametersAreRefusedWithTheAcceptedValues() {
    String cw = caseworker(orgA);
    Map<Map<String, String>, String> cases =
        Map.of(
            Map.of("side", "SIDEWAYS"), "side has an unknown value; accepted: MISSING, FOUND",
            Map.of("status", "LOST"),
                "status has an unknown value; accepted: PENDING, OPEN, FOUND, REUNIFIED, CLOSED",
            Map.of("registeredFrom", "last week"), "registeredFrom must be YYYY-MM-DD",
            Map.of("cursor", "bm90LWEtY3Vyc29y"), "cursor is not one this service gave",
            Map.of("limit", "201"), "limit is 1 to 200");
    cases.forEach(
        (query, detail) -> {
          Response r = as(cw, "FAMILY_TRACING").queryParams(query).get(CASES);
          assertThat(r.statusCode()).as(query.toString()).isEqualTo(400);
          assertThat(r.jsonPath().getInt("status")).isEqualTo(400);
          assertThat(r.jsonPath().getString("detail")).isEqualTo(detail);
        });
    assertThat(
            as(TestKeys.token("adm-" + orgA, orgA, "ADMIN"), "ADMINISTRATION")
                .get(CASES)
                .statusCode())
        .isEqualTo(403);
  }

  @Test
  void anotherOrganisationSeesOnlyItsOwnCasesAndAnAssignedExaminerTheAssignedOne() {
    String a1 = missingAdult(caseworker(orgA));
    String a2 = missingAdult(caseworker(orgA));
    String b1 = missingAdult(caseworker(orgB));
    assertThat(cases(caseworker(orgB), "FAMILY_TRACING", Map.of())).containsExactly(b1);
    String fx = "fx-" + orgA;
    as(caseworker(orgA), "FAMILY_TRACING")
        .contentType("application/json")
        .body("{\"organisation\":\"" + fx + "\",\"role\":\"FACE_EXAMINER\"}")
        .post(CASES + "/" + a2 + "/assignments")
        .then()
        .statusCode(201);
    assertThat(
            cases(
                TestKeys.token("ex-" + fx, fx, "FACE_EXAMINER"),
                "CANDIDATE_VERIFICATION",
                Map.of()))
        .containsExactly(a2)
        .doesNotContain(a1);
  }

  @Test
  void parallelListsFromTwoOrganisationsEachSeeTheirOwn() throws Exception {
    String a = missingAdult(caseworker(orgA));
    String b = missingAdult(caseworker(orgB));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<List<String>>> answers = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        String org = i % 2 == 0 ? orgA : orgB;
        answers.add(pool.submit(() -> cases(caseworker(org), "FAMILY_TRACING", Map.of())));
      }
      for (int i = 0; i < answers.size(); i++) {
        assertThat(answers.get(i).get(120, TimeUnit.SECONDS)).containsExactly(i % 2 == 0 ? a : b);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aCasesPhotosPageOldestFirstAndAreNotFoundForAnotherOrganisation() throws Exception {
    String cw = caseworker(orgA);
    String caseId = missingAdult(cw);
    List<String> stored = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      stored.add(photo(caseId, Instant.now().plusMillis(i)));
    }
    String path = CASES + "/" + caseId + "/photos";
    List<String> paged = allPages(cw, "FAMILY_TRACING", path, Map.of("limit", 2), () -> {});
    assertThat(paged).isEqualTo(stored);
    Response one = as(cw, "FAMILY_TRACING").queryParam("limit", 1).get(path);
    assertThat(one.jsonPath().getString("[0].source")).isEqualTo("FAMILY");
    assertThat(one.header("Homeward-Next-Cursor")).isNotBlank();
    // Another organisation's caseworker: exactly what an unknown case answers.
    Response foreign = as(caseworker(orgB), "FAMILY_TRACING").get(path);
    Response unknown =
        as(caseworker(orgB), "FAMILY_TRACING").get(CASES + "/c-" + "0".repeat(26) + "/photos");
    assertThat(foreign.statusCode()).isEqualTo(404);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(foreign.jsonPath().getString("detail"))
        .isEqualTo(unknown.jsonPath().getString("detail"));
    assertThat(
            count(
                "select count(*) from audit_records where case_id = ? and audit_action = 'VIEW'"
                    + " and detail like 'photos listed; returned: %'",
                caseId))
        .isEqualTo(3);
  }

  @Test
  void aCasesAssignmentsPageOldestFirst() {
    String cw = caseworker(orgA);
    String caseId = missingAdult(cw);
    List<String> assigned = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      assigned.add(
          as(cw, "FAMILY_TRACING")
              .contentType("application/json")
              .body("{\"organisation\":\"fx" + i + "-" + orgA + "\",\"role\":\"FACE_EXAMINER\"}")
              .post(CASES + "/" + caseId + "/assignments")
              .then()
              .statusCode(201)
              .extract()
              .path("id"));
    }
    String path = CASES + "/" + caseId + "/assignments";
    assertThat(allPages(cw, "FAMILY_TRACING", path, Map.of("limit", 2), () -> {}))
        .isEqualTo(assigned);
    assertThat(as(caseworker(orgB), "FAMILY_TRACING").get(path).statusCode()).isEqualTo(404);
  }

  @Test
  void anOfficersAccountListPagesByNameWithTheCursorHeader() {
    // Account rows are made when an account is locked or flagged; stored directly here.
    List<String> users = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      users.add(account("cw" + i + "-" + orgA, orgA));
    }
    account("cw-" + orgB, orgB);
    String po = TestKeys.token("po-" + orgA, orgA, "PRIVACY_OFFICER");
    List<String> names = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      RequestSpecification r = as(po, "PRIVACY_AUDIT").queryParam("limit", 2);
      if (cursor != null) {
        r.queryParam("cursor", cursor);
      }
      Response page = r.get("/api/v1/oversight/accounts");
      assertThat(page.statusCode()).as(page.asString()).isEqualTo(200);
      List<String> subjects = page.jsonPath().getList("subject");
      assertThat(subjects.size()).isLessThanOrEqualTo(2);
      names.addAll(subjects);
      cursor = page.header("Homeward-Next-Cursor");
      pages++;
    } while (cursor != null && pages < 20);
    assertThat(names).isEqualTo(users.stream().sorted().toList());
    assertThat(
            as(po, "PRIVACY_AUDIT")
                .queryParam("cursor", "bm90LWEtY3Vyc29y")
                .get("/api/v1/oversight/accounts")
                .statusCode())
        .isEqualTo(400);
  }

  private String photo(String caseId, Instant at) throws Exception {
    Path root = Path.of(System.getProperty("homeward.project.dir", "..")).toAbsolutePath();
    Path shared =
        Path.of(System.getProperty("homeward.shared.dir", root.resolve("../shared").toString()));
    Path dir = shared.resolve("fixtures/people");
    Path first;
    try (var files = Files.list(dir)) {
      first = files.filter(Files::isRegularFile).sorted().findFirst().orElseThrow();
    }
    PhotoRecord p =
        new PhotoRecord(
            Ids.newId("p"),
            caseId,
            Ids.newFaceId(),
            images.put(Files.readAllBytes(first)),
            PhotoSource.FAMILY,
            30f,
            null,
            0.9f,
            "test@1",
            PhotoState.STORED,
            at,
            null);
    db.inTransaction(
        tx -> {
          photos.insert(tx, p);
          return null;
        });
    return p.id();
  }

  private String account(String subject, String org) {
    db.inTransaction(
        tx -> {
          try (PreparedStatement ps =
              tx.prepareStatement(
                  "insert into accounts (subject, organisation_id) values (?, ?)")) {
            ps.setString(1, subject);
            ps.setString(2, org);
            ps.executeUpdate();
          }
          return null;
        });
    return subject;
  }

  private long count(String sql, String arg) {
    return db.inTransaction(
        tx -> {
          try (PreparedStatement ps = tx.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }
}
