package io.homeward.gateway.accounts;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.homeward.gateway.db.Database;
import io.homeward.gateway.store.Ids;
import io.homeward.gateway.support.TestKeys;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/v1/admin/organisations} (V22): administrators create, list (users and cases counted),
 * rename and deactivate organisations; a new local account must name an existing, active one; a
 * deactivated organisation's users are signed out and refused, by session and by token, while its
 * data stays; an organisation only a token names (a cluster's identity provider) is not refused.
 * Every step audited; bad input a specific problem with nothing stored; parallel creates of one id
 * give one 201. Run on H2 ({@link H2OrganisationsTest}) and PostgreSQL ({@link
 * PostgresOrganisationsTest}), on the accounts tests' profiles.
 */
abstract class OrganisationsContract {
  private static final String PATH = "/api/v1/admin/organisations";
  private static final String CASE =
      """
      {"side":"MISSING","subject":{"birthYearFrom":1990,"birthYearTo":1991},
       "consent":{"basis":"CONSENT","givenBy":"SUBJECT"}}""";

  @Inject Database db;

  private String run;
  private String orgA;
  private String admin;
  private String otherAdmin;

  @BeforeEach
  void names() {
    run = Ids.newId("t").substring(2, 12);
    orgA = "org-a-" + run;
    // Administrators are global (as for accounts): one of another organisation manages the same.
    admin = TestKeys.token("org-admin-" + run, "local", "ADMIN");
    otherAdmin = TestKeys.token("org-admin-b-" + run, "org-b-" + run, "ADMIN");
  }

  private static Response create(String token, Object body) {
    return given()
        .auth()
        .oauth2(token)
        .header("Homeward-Purpose", "ADMINISTRATION")
        .contentType("application/json")
        .body(body)
        .post(PATH);
  }

  private static Response change(String token, String id, Object body) {
    return given()
        .auth()
        .oauth2(token)
        .header("Homeward-Purpose", "ADMINISTRATION")
        .contentType("application/json")
        .body(body)
        .patch(PATH + "/" + id);
  }

  private static Response list(String token, String cursor, int limit) {
    var req =
        given()
            .auth()
            .oauth2(token)
            .header("Homeward-Purpose", "ADMINISTRATION")
            .queryParam("limit", limit);
    if (cursor != null) {
      req = req.queryParam("cursor", cursor);
    }
    return req.get(PATH);
  }

  private static void problem(ValidatableResponse r, int status, String type) {
    r.statusCode(status)
        .contentType("application/problem+json")
        .body("type", equalTo("https://homeward.io/problems/" + type))
        .body("status", equalTo(status));
  }

  private static Response newUser(String token, String username, String organisation) {
    return given()
        .auth()
        .oauth2(token)
        .header("Homeward-Purpose", "ADMINISTRATION")
        .contentType("application/json")
        .body(Map.of("username", username, "role", "NGO_CASEWORKER", "organisation", organisation))
        .post("/api/v1/admin/users");
  }

  /** Every organisation, paging through with a small page. */
  private static List<Map<String, Object>> all(String token) {
    List<Map<String, Object>> seen = new ArrayList<>();
    String cursor = null;
    do {
      Response page = list(token, cursor, 7);
      page.then().statusCode(200).header("Cache-Control", containsString("no-store"));
      seen.addAll(page.jsonPath().getList("$"));
      cursor = page.header("Homeward-Next-Cursor");
    } while (cursor != null);
    return seen;
  }

  private static Map<String, Object> find(String token, String id) {
    return all(token).stream().filter(o -> id.equals(o.get("id"))).findFirst().orElseThrow();
  }

  @Test
  void anAdministratorCreatesListsAndRenamesAndEachStepIsAudited() {
    Response created =
        create(admin, Map.of("id", orgA, "displayName", " Family Links A ", "kind", "ngo"));
    created.then().statusCode(201).header("Cache-Control", containsString("no-store"));
    assertThat(created.jsonPath().getString("id")).isEqualTo(orgA);
    assertThat(created.jsonPath().getString("displayName")).isEqualTo("Family Links A");
    assertThat(created.jsonPath().getString("kind")).isEqualTo("NGO");
    assertThat(created.jsonPath().getBoolean("active")).isTrue();
    assertThat(created.jsonPath().getLong("users")).isZero();
    assertThat(count("organisation created: " + orgA + " NGO", "org-admin-" + run)).isEqualTo(1);
    // A user and a case of the organisation are counted.
    newUser(admin, "cw-" + run, orgA).then().statusCode(201);
    given()
        .auth()
        .oauth2(TestKeys.token("cw-tok-" + run, orgA, "NGO_CASEWORKER"))
        .header("Homeward-Purpose", "FAMILY_TRACING")
        .contentType("application/json")
        .body(CASE)
        .post("/api/v1/cases")
        .then()
        .statusCode(201);
    Map<String, Object> listed = find(otherAdmin, orgA);
    assertThat(listed.get("cases")).isEqualTo(1);
    // The local account, and the bearer caseworker's row once it has one, are the users known here.
    assertThat(((Number) listed.get("users")).intValue()).isBetween(1, 2);
    assertThat(count("list organisations", "org-admin-b-" + run)).isPositive();
    // Another organisation's administrator renames and reclassifies it (administrators are global).
    change(otherAdmin, orgA, Map.of("displayName", "Family Links", "kind", "OTHER"))
        .then()
        .statusCode(200)
        .body("displayName", equalTo("Family Links"))
        .body("kind", equalTo("OTHER"))
        .body("active", equalTo(true));
    assertThat(find(admin, orgA).get("displayName")).isEqualTo("Family Links");
    assertThat(
            count("organisation changed: " + orgA + "; renamed; kind OTHER", "org-admin-b-" + run))
        .isEqualTo(1);
  }

  @Test
  void badInputIsASpecificProblemAndStoresNothing() {
    create(admin, Map.of("id", orgA, "kind", "POLICE")).then().statusCode(201);
    problem(create(admin, Map.of("id", orgA, "kind", "NGO")).then(), 409, "conflict");
    Response kind = create(admin, Map.of("id", orgA + "-k", "kind", "CHARITY"));
    problem(kind.then(), 400, "invalid-request");
    assertThat(kind.jsonPath().getString("detail")).contains("NGO, POLICE, OTHER");
    for (String id : List.of("-leading-dash", "has space", "x".repeat(65), "über", "")) {
      Response r = create(admin, Map.of("id", id, "kind", "NGO"));
      problem(r.then(), 400, "invalid-request");
      assertThat(r.jsonPath().getString("detail")).startsWith("id must be");
    }
    problem(
        create(admin, Map.of("id", orgA + "-n", "displayName", "a\u0007b", "kind", "NGO")).then(),
        400,
        "invalid-request");
    problem(change(admin, orgA, Map.of()).then(), 400, "invalid-request");
    problem(change(admin, orgA, Map.of("kind", "ARMY")).then(), 400, "invalid-request");
    problem(change(admin, "no-such-" + run, Map.of("displayName", "x")).then(), 404, "not-found");
    problem(list(admin, "bm90LWEtY3Vyc29y!", 5).then(), 400, "invalid-request");
    problem(list(admin, null, 0).then(), 400, "invalid-request");
    assertThat(rows("select count(*) from organisations where id like ?", orgA + "%")).isEqualTo(1);
  }

  @Test
  void everyOtherRoleAndPurposeIsRefusedAndAudited() {
    for (String role :
        List.of("PRIVACY_OFFICER", "NGO_CASEWORKER", "POLICE_INVESTIGATOR", "FACE_EXAMINER")) {
      String subject = role.toLowerCase() + "-" + run;
      String token = TestKeys.token(subject, "local", role);
      problem(create(token, Map.of("id", orgA, "kind", "NGO")).then(), 403, "policy-denied");
      problem(list(token, null, 5).then(), 403, "policy-denied");
      assertThat(refusals(subject)).isEqualTo(2);
    }
    Response wrongPurpose =
        given()
            .auth()
            .oauth2(admin)
            .header("Homeward-Purpose", "FAMILY_TRACING")
            .contentType("application/json")
            .body(Map.of("id", orgA, "kind", "NGO"))
            .post(PATH);
    assertThat(wrongPurpose.statusCode()).isEqualTo(403);
    assertThat(rows("select count(*) from organisations where id = ?", orgA)).isZero();
  }

  @Test
  void parallelCreatesOfOneIdGiveExactlyOne201() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> tries = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        String token = i % 2 == 0 ? admin : otherAdmin;
        tries.add(pool.submit(() -> create(token, Map.of("id", orgA, "kind", "NGO")).statusCode()));
      }
      List<Integer> codes = new ArrayList<>();
      for (Future<Integer> f : tries) {
        codes.add(f.get());
      }
      assertThat(codes).containsOnlyOnce(201).containsOnly(201, 409);
    } finally {
      pool.shutdownNow();
    }
    assertThat(rows("select count(*) from organisations where id = ?", orgA)).isEqualTo(1);
    // Parallel pages all answer the same, and every organisation appears once.
    List<Map<String, Object>> seen = all(admin);
    assertThat(seen.stream().map(o -> o.get("id")).toList()).doesNotHaveDuplicates().contains(orgA);
  }

  @Test
  void aNewUserMustNameAnExistingActiveOrganisation() {
    Response unknown = newUser(admin, "u1-" + run, "nowhere-" + run);
    problem(unknown.then(), 400, "organisation-unknown");
    assertThat(unknown.jsonPath().getString("detail")).contains("create it first");
    create(admin, Map.of("id", orgA, "kind", "NGO")).then().statusCode(201);
    change(admin, orgA, Map.of("active", false)).then().statusCode(200);
    problem(newUser(admin, "u2-" + run, orgA).then(), 400, "organisation-unknown");
    change(admin, orgA, Map.of("active", true)).then().statusCode(200);
    newUser(admin, "u3-" + run, orgA).then().statusCode(201);
    assertThat(rows("select count(*) from accounts where username like ?", "u_-" + run))
        .isEqualTo(1);
  }

  @Test
  void aDeactivatedOrganisationsUsersAreSignedOutAndRefusedAndItsDataStays() {
    Browser.organisation(orgA);
    Browser.User cw = Browser.user("NGO_CASEWORKER", orgA);
    String caseId =
        cw.session()
            .as()
            .header("Homeward-Purpose", "FAMILY_TRACING")
            .contentType("application/json")
            .body(CASE)
            .post("/api/v1/cases")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    String bearer = TestKeys.token("cw-bearer-" + run, orgA, "NGO_CASEWORKER");
    // An administrator cannot shut their own organisation out.
    problem(change(admin, "local", Map.of("active", false)).then(), 409, "conflict");

    change(admin, orgA, Map.of("active", false))
        .then()
        .statusCode(200)
        .body("active", equalTo(false));
    assertThat(
            count(
                "organisation changed: " + orgA + "; deactivated, 1 sessions ended",
                "org-admin-" + run))
        .isEqualTo(1);
    // The open session ended; signing in again is refused with a clear problem, audited.
    assertThat(
            cw.session()
                .as()
                .header("Homeward-Purpose", "FAMILY_TRACING")
                .get("/api/v1/cases")
                .statusCode())
        .isEqualTo(401);
    problem(
        Browser.signIn(cw.username(), cw.password(), null).then(), 403, "organisation-inactive");
    assertThat(count("sign-in refused: the organisation is deactivated", cw.id())).isEqualTo(1);
    // A bearer token naming the organisation is refused too, and the refusal audited.
    problem(
        given()
            .auth()
            .oauth2(bearer)
            .header("Homeward-Purpose", "FAMILY_TRACING")
            .get("/api/v1/cases")
            .then(),
        403,
        "organisation-inactive");
    assertThat(refusals("cw-bearer-" + run)).isEqualTo(1);
    // An organisation only a token names (the identity provider's) is not refused.
    given()
        .auth()
        .oauth2(TestKeys.token("cw-idp-" + run, "idp-only-" + run, "NGO_CASEWORKER"))
        .header("Homeward-Purpose", "FAMILY_TRACING")
        .get("/api/v1/cases")
        .then()
        .statusCode(200);
    // The data stays; reactivated, the user signs in and reads the case again.
    assertThat(rows("select count(*) from cases where id = ?", caseId)).isEqualTo(1);
    assertThat(find(admin, orgA).get("cases")).isEqualTo(1);
    change(admin, orgA, Map.of("active", true)).then().statusCode(200);
    Browser again = Browser.of(Browser.signIn(cw.username(), cw.password(), null));
    again
        .as()
        .header("Homeward-Purpose", "FAMILY_TRACING")
        .get("/api/v1/cases/" + caseId)
        .then()
        .statusCode(200);
  }

  private long count(String detail, String actor) {
    return db.inTransaction(
        tx -> {
          try (PreparedStatement ps =
              tx.prepareStatement(
                  "select count(*) from audit_records where actor_id = ? and detail = ?")) {
            ps.setString(1, actor);
            ps.setString(2, detail);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  private long refusals(String actor) {
    return rows("select count(*) from audit_records where actor_id = ? and allowed = false", actor);
  }

  private long rows(String sql, String param) {
    return db.inTransaction(
        tx -> {
          try (PreparedStatement ps = tx.prepareStatement(sql)) {
            ps.setString(1, param);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }
}
