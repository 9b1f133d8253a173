package io.homeward.gateway.accounts;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.homeward.gateway.db.Database;
import io.homeward.gateway.security.FieldSealer;
import io.homeward.gateway.store.Ids;
import io.homeward.gateway.support.AccountsProfile;
import io.homeward.gateway.support.TestClock;
import io.homeward.gateway.support.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sign-in contract (issue 13) through the REST API: sessions, CSRF, lock-out, second factor,
 * idle timeout, the administrator's users, and a session acting exactly like a bearer token of its
 * account (same scope by organisation).
 */
@QuarkusTest
@TestProfile(AccountsProfile.class)
@QuarkusTestResource(TestKeys.class)
class AccountsFlowTest {
  private static final String UNKNOWN_CASE = "/api/v1/cases/c-" + "0".repeat(26);
  private static final String CASE =
      """
      {"side":"MISSING","subject":{"birthYearFrom":1990,"birthYearTo":1991},
       "consent":{"basis":"CONSENT","givenBy":"SUBJECT"}}""";

  @Inject Database db;
  @Inject FieldSealer sealer;
  @Inject Sessions sessions;

  private String orgA;
  private String orgB;

  @BeforeEach
  void organisations() {
    String run = Ids.newId("t").substring(2, 10);
    orgA = "ngo-a-" + run;
    orgB = "ngo-b-" + run;
  }

  static void problem(ValidatableResponse r, int status, String type) {
    r.statusCode(status)
        .contentType("application/problem+json")
        .body("type", equalTo("https://homeward.io/problems/" + type))
        .body("status", equalTo(status));
  }

  @Test
  void signInSetsAStrictHttpOnlyCookieAndATemporaryPasswordMustBeChanged() {
    String username = "cw-" + orgA;
    Map<String, String> created = Browser.create(username, "NGO_CASEWORKER", orgA);
    assertThat(created.get("temporaryPassword")).hasSizeGreaterThanOrEqualTo(12);
    Response r = Browser.signIn(username.toUpperCase(), created.get("temporaryPassword"), null);
    r.then()
        .statusCode(200)
        .header("Cache-Control", "no-store")
        .body("account.username", equalTo(username))
        .body("account.role", equalTo("NGO_CASEWORKER"))
        .body("account.organisation", equalTo(orgA))
        .body("account.totpEnrolled", equalTo(false))
        .body("account.mustChangePassword", equalTo(true))
        .body("idleTimeoutSeconds", equalTo(1800));
    String setCookie = r.getHeader("Set-Cookie");
    assertThat(setCookie)
        .startsWith("homeward_session=")
        .contains("; Path=/", "; HttpOnly", "; SameSite=Strict")
        // the test server listens on loopback only
        .doesNotContain("Secure");
    assertThat(r.getCookie("homeward_session")).hasSize(43);
    Browser b = Browser.of(r);
    problem(
        b.as().header("Homeward-Purpose", "FAMILY_TRACING").get(UNKNOWN_CASE).then(),
        403,
        "password-change-required");
    // The session calls stay open.
    b.cookieOnly().get("/api/v1/session").then().statusCode(200);
    problem(
        b.as()
            .contentType("application/json")
            .body(Map.of("current", created.get("temporaryPassword"), "next", "short"))
            .post("/api/v1/session/password")
            .then(),
        400,
        "password-rejected");
    problem(
        b.as()
            .contentType("application/json")
            .body(
                Map.of(
                    "current",
                    created.get("temporaryPassword"),
                    "next",
                    "my name is " + username + " ok"))
            .post("/api/v1/session/password")
            .then(),
        400,
        "password-rejected");
    b.as()
        .contentType("application/json")
        .body(Map.of("current", created.get("temporaryPassword"), "next", "correct horse battery"))
        .post("/api/v1/session/password")
        .then()
        .statusCode(204);
    // Past the gate: an unknown case is simply not found.
    problem(
        b.as().header("Homeward-Purpose", "FAMILY_TRACING").get(UNKNOWN_CASE).then(),
        404,
        "not-found");
    // The temporary password no longer works.
    problem(
        Browser.signIn(username, created.get("temporaryPassword"), null).then(),
        401,
        "bad-credentials");
  }

  @Test
  void aSessionActsAsItsAccountExactlyLikeABearerToken() {
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
    // A bearer token for the same subject and organisation reaches the case the session made.
    given()
        .auth()
        .oauth2(TestKeys.token(cw.id(), orgA, "NGO_CASEWORKER"))
        .header("Homeward-Purpose", "FAMILY_TRACING")
        .get("/api/v1/cases/" + caseId)
        .then()
        .statusCode(200);
    assertThat(auditActors(caseId)).containsOnly(cw.id());
    // The session names no other role than its account's.
    problem(
        cw.session()
            .as()
            .header("Homeward-Purpose", "FAMILY_TRACING")
            .header("Homeward-Role", "POLICE_INVESTIGATOR")
            .get("/api/v1/cases/" + caseId)
            .then(),
        403,
        "role-not-granted");
    // The purpose stays required.
    problem(cw.session().as().get("/api/v1/cases/" + caseId).then(), 400, "purpose-required");
    cw.session()
        .as()
        .header("Homeward-Purpose", "FAMILY_TRACING")
        .get("/api/v1/cases/" + caseId)
        .then()
        .statusCode(200)
        .body("id", equalTo(caseId));
  }

  @Test
  void aSessionOfOneOrganisationCannotSeeAnothersCases() {
    Browser.User a = Browser.user("NGO_CASEWORKER", orgA);
    String bCase =
        given()
            .auth()
            .oauth2(TestKeys.token("cw-b", orgB, "NGO_CASEWORKER"))
            .header("Homeward-Purpose", "FAMILY_TRACING")
            .contentType("application/json")
            .body(CASE)
            .post("/api/v1/cases")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    problem(
        a.session()
            .as()
            .header("Homeward-Purpose", "FAMILY_TRACING")
            .get("/api/v1/cases/" + bCase)
            .then(),
        404,
        "not-found");
  }

  @Test
  void wrongPasswordAndUnknownUserAnswerAlike() {
    Browser.User u = Browser.user("NGO_VOLUNTEER", orgA);
    Response wrong = Browser.signIn(u.username(), "not the password at all", null);
    Response unknown = Browser.signIn("nobody-" + orgA, "not the password at all", null);
    Response malformed = Browser.signIn("??", "not the password at all", null);
    for (Response r : List.of(wrong, unknown, malformed)) {
      problem(r.then(), 401, "bad-credentials");
      assertThat(r.getHeader("Set-Cookie")).isNull();
    }
    assertThat(wrong.jsonPath().getString("detail"))
        .isEqualTo(unknown.jsonPath().getString("detail"))
        .isEqualTo(malformed.jsonPath().getString("detail"));
    assertThat(wrong.jsonPath().getString("title"))
        .isEqualTo(unknown.jsonPath().getString("title"));
  }

  @Test
  void failedSignInsLockTheAccountUntilAPrivacyOfficerUnlocksIt() throws Exception {
    Browser.User u = Browser.user("NGO_CASEWORKER", orgA);
    // Parallel wrong passwords: each counts, the fifth locks, one alert.
    List<Integer> statuses =
        parallel(8, i -> Browser.signIn(u.username(), "wrong password " + i, null).statusCode());
    assertThat(statuses).containsOnly(401, 423).contains(423);
    assertThat(locked(u.id())).isTrue();
    assertThat(alerts(u.id())).isEqualTo(1);
    // Failures of a known account are audited up to the lock-out (later ones are not counted).
    assertThat(
            count(
                "select count(*) from audit_records where actor_id = ? and audit_action ="
                    + " 'SIGN_IN' and allowed = false",
                u.id()))
        .isBetween(5, 8);
    assertThat(
            count(
                "select count(*) from audit_records where actor_id = ? and detail like"
                    + " '%account locked%'",
                u.id()))
        .isEqualTo(1);
    // Locked: even the right password is refused, and the open session may do nothing.
    problem(Browser.signIn(u.username(), u.password(), null).then(), 423, "account-locked");
    problem(
        u.session()
            .as()
            .header("Homeward-Purpose", "FAMILY_TRACING")
            .contentType("application/json")
            .body(CASE)
            .post("/api/v1/cases")
            .then(),
        403,
        "account-locked");
    // A privacy officer of another organisation cannot unlock it; one of its own can.
    problem(
        given()
            .auth()
            .oauth2(TestKeys.token("dpo-b", orgB, "PRIVACY_OFFICER"))
            .header("Homeward-Purpose", "PRIVACY_AUDIT")
            .post("/api/v1/oversight/accounts/" + u.id() + "/unlock")
            .then(),
        404,
        "not-found");
    given()
        .auth()
        .oauth2(TestKeys.token("dpo-a", orgA, "PRIVACY_OFFICER"))
        .header("Homeward-Purpose", "PRIVACY_AUDIT")
        .post("/api/v1/oversight/accounts/" + u.id() + "/unlock")
        .then()
        .statusCode(204);
    Browser.of(Browser.signIn(u.username(), u.password(), null));
    // The count started again: one more failure does not lock.
    problem(Browser.signIn(u.username(), "wrong again!!", null).then(), 401, "bad-credentials");
    assertThat(locked(u.id())).isFalse();
  }

  @Test
  void parallelSignInsEachOpenTheirOwnSession() throws Exception {
    Browser.User u = Browser.user("NGO_CASEWORKER", orgA);
    List<String> cookies =
        parallel(
            8,
            i ->
                Browser.signIn(u.username(), u.password(), null)
                    .then()
                    .statusCode(200)
                    .extract()
                    .cookie("homeward_session"));
    assertThat(cookies).doesNotHaveDuplicates().hasSize(8);
    for (String c : cookies) {
      given().cookie("homeward_session", c).get("/api/v1/session").then().statusCode(200);
    }
  }

  @Test
  void policeNeedASecondFactorAndACodeWorksOnce() {
    String username = "police-" + orgA;
    Map<String, String> created = Browser.create(username, "POLICE_INVESTIGATOR", orgA);
    Browser b = Browser.of(Browser.signIn(username, created.get("temporaryPassword"), null));
    String password = "a police passphrase";
    b.as()
        .contentType("application/json")
        .body(Map.of("current", created.get("temporaryPassword"), "next", password))
        .post("/api/v1/session/password")
        .then()
        .statusCode(204);
    problem(
        b.as().header("Homeward-Purpose", "IDENTIFICATION").get(UNKNOWN_CASE).then(),
        403,
        "second-factor-enrolment-required");
    String secret32 =
        b.as()
            .post("/api/v1/session/totp")
            .then()
            .statusCode(200)
            .header("Cache-Control", "no-store")
            .body("otpauthUri", org.hamcrest.Matchers.startsWith("otpauth://totp/Homeward:"))
            .body("qr.size()", org.hamcrest.Matchers.greaterThanOrEqualTo(21))
            .extract()
            .path("secret");
    byte[] secret = Browser.decode(secret32);
    problem(
        b.as()
            .contentType("application/json")
            .body(Map.of("code", "000000".equals(Browser.code(secret, 0)) ? "111111" : "000000"))
            .post("/api/v1/session/totp/confirm")
            .then(),
        400,
        "invalid-request");
    String enrolCode = Browser.code(secret, 0);
    b.as()
        .contentType("application/json")
        .body(Map.of("code", enrolCode))
        .post("/api/v1/session/totp/confirm")
        .then()
        .statusCode(204);
    problem(
        b.as().header("Homeward-Purpose", "IDENTIFICATION").get(UNKNOWN_CASE).then(),
        404,
        "not-found");
    b.cookieOnly().get("/api/v1/session").then().body("account.totpEnrolled", equalTo(true));
    // The secret is stored sealed with the field keys, never as such.
    String id = b.subject;
    byte[] sealed =
        db.inTransaction(
            tx -> {
              try (PreparedStatement ps =
                  tx.prepareStatement(
                      "select totp_secret_sealed from accounts where subject = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                  rs.next();
                  return rs.getBytes(1);
                }
              }
            });
    assertThat(sealer.openPlaintext("accounts.totp", sealed))
        .isEqualTo(Base64.getEncoder().encodeToString(secret));
    assertThat(new String(sealed, StandardCharsets.ISO_8859_1))
        .doesNotContain(secret32)
        .doesNotContain(Base64.getEncoder().encodeToString(secret));

    problem(Browser.signIn(username, password, null).then(), 401, "second-factor-required");
    // The code used to enrol is spent (same step): replay refused.
    problem(Browser.signIn(username, password, enrolCode).then(), 401, "second-factor-required");
    TestClock.advance(Duration.ofSeconds(30));
    String code = Browser.code(secret, 0);
    Browser.of(Browser.signIn(username, password, code));
    problem(Browser.signIn(username, password, code).then(), 401, "second-factor-required");
    // One step of drift either way is accepted; two are not.
    TestClock.advance(Duration.ofSeconds(90));
    Browser.of(Browser.signIn(username, password, Browser.code(secret, -1)));
    Browser.of(Browser.signIn(username, password, Browser.code(secret, 1)));
    TestClock.advance(Duration.ofSeconds(90));
    problem(
        Browser.signIn(username, password, Browser.code(secret, 2)).then(),
        401,
        "second-factor-required");
    problem(
        Browser.signIn(username, password, Browser.code(secret, -2)).then(),
        401,
        "second-factor-required");
    Browser.of(Browser.signIn(username, password, Browser.code(secret, 0)));
    // A wrong password with a right code is still a wrong password.
    TestClock.advance(Duration.ofSeconds(30));
    problem(
        Browser.signIn(username, "not the password", Browser.code(secret, 0)).then(),
        401,
        "bad-credentials");
  }

  @Test
  void stateChangesWithASessionNeedTheCsrfTokenAndChangeNothingWithout() {
    Browser.User cw = Browser.user("NGO_CASEWORKER", orgA);
    int before = casesOf(orgA);
    problem(
        cw.session()
            .cookieOnly()
            .header("Homeward-Purpose", "FAMILY_TRACING")
            .contentType("application/json")
            .body(CASE)
            .post("/api/v1/cases")
            .then(),
        403,
        "csrf");
    problem(
        cw.session()
            .cookieOnly()
            .header("Homeward-CSRF", "x" + cw.session().csrf)
            .header("Homeward-Purpose", "FAMILY_TRACING")
            .contentType("application/json")
            .body(CASE)
            .post("/api/v1/cases")
            .then(),
        403,
        "csrf");
    // Another session's token is no good either.
    Browser other = cw.signInAgain();
    problem(
        cw.session()
            .cookieOnly()
            .header("Homeward-CSRF", other.csrf)
            .header("Homeward-Purpose", "FAMILY_TRACING")
            .contentType("application/json")
            .body(CASE)
            .post("/api/v1/cases")
            .then(),
        403,
        "csrf");
    assertThat(casesOf(orgA)).isEqualTo(before);
    // The session endpoints check it too: no sign-out, no locale change without it.
    problem(cw.session().cookieOnly().delete("/api/v1/session").then(), 403, "csrf");
    problem(
        cw.session()
            .cookieOnly()
            .contentType("application/json")
            .body(Map.of("locale", "en"))
            .put("/api/v1/session/locale")
            .then(),
        403,
        "csrf");
    cw.session().cookieOnly().get("/api/v1/session").then().statusCode(200);
    // Reads need no token; the page gets the same token again.
    cw.session()
        .cookieOnly()
        .get("/api/v1/session")
        .then()
        .body("csrfToken", equalTo(cw.session().csrf));
    // A bearer request needs none, even with a stray cookie.
    given()
        .auth()
        .oauth2(TestKeys.token("cw-bearer", orgA, "NGO_CASEWORKER"))
        .cookie("homeward_session", cw.session().cookie)
        .header("Homeward-Purpose", "FAMILY_TRACING")
        .contentType("application/json")
        .body(CASE)
        .post("/api/v1/cases")
        .then()
        .statusCode(201);
  }

  @Test
  void signOutEndsTheSessionOnTheServer() {
    Browser.User cw = Browser.user("NGO_CASEWORKER", orgA);
    Browser b = cw.session();
    String cleared =
        b.as().delete("/api/v1/session").then().statusCode(204).extract().header("Set-Cookie");
    assertThat(cleared).startsWith("homeward_session=;").contains("Max-Age=0");
    problem(b.cookieOnly().get("/api/v1/session").then(), 401, "unauthenticated");
    problem(
        b.as().header("Homeward-Purpose", "FAMILY_TRACING").get(UNKNOWN_CASE).then(),
        401,
        "unauthenticated");
  }

  @Test
  void anIdleSessionEnds() {
    Browser.User cw = Browser.user("NGO_CASEWORKER", orgA);
    Browser b = cw.session();
    TestClock.advance(Duration.ofMinutes(29));
    b.cookieOnly().get("/api/v1/session").then().statusCode(200);
    TestClock.advance(Duration.ofMinutes(29));
    b.cookieOnly().get("/api/v1/session").then().statusCode(200);
    TestClock.advance(Duration.ofMinutes(31));
    problem(b.cookieOnly().get("/api/v1/session").then(), 401, "unauthenticated");
    // Ended for good, not only refused.
    assertThat(sessionEnded(b.cookie)).isTrue();
  }

  @Test
  void endedSessionsAreDeletedADayLater() {
    Browser.User cw = Browser.user("NGO_CASEWORKER", orgA);
    Browser out = cw.signInAgain();
    out.as().delete("/api/v1/session").then().statusCode(204);
    String ended = Secrets.hash(out.cookie);
    String open = Secrets.hash(cw.session().cookie);
    sessions.purge();
    assertThat(count("select count(*) from browser_sessions where id_hash = ?", ended)).isOne();
    TestClock.advance(Duration.ofHours(25));
    sessions.purge();
    assertThat(count("select count(*) from browser_sessions where id_hash = ?", ended)).isZero();
    // The other one outlived its idle timeout but has not been ended yet: it goes after its
    // lifetime and a day.
    assertThat(count("select count(*) from browser_sessions where id_hash = ?", open)).isOne();
    TestClock.advance(Duration.ofHours(12));
    sessions.purge();
    assertThat(count("select count(*) from browser_sessions where id_hash = ?", open)).isZero();
  }

  @Test
  void aSessionEndsAfterItsLifetimeHoweverActive() {
    Browser b = Browser.user("NGO_CASEWORKER", orgA).session();
    for (int i = 0; i < 24; i++) {
      TestClock.advance(Duration.ofMinutes(29));
      b.cookieOnly().get("/api/v1/session").then().statusCode(200);
    }
    TestClock.advance(Duration.ofMinutes(29));
    problem(b.cookieOnly().get("/api/v1/session").then(), 401, "unauthenticated");
  }

  @Test
  void theLanguageIsStoredPerAccount() {
    Browser.User cw = Browser.user("NGO_CASEWORKER", orgA);
    cw.session()
        .cookieOnly()
        .get("/api/v1/session")
        .then()
        .body("account.locale", equalTo("zh-CN"));
    cw.session()
        .as()
        .contentType("application/json")
        .body(Map.of("locale", "en"))
        .put("/api/v1/session/locale")
        .then()
        .statusCode(204);
    cw.signInAgain()
        .cookieOnly()
        .get("/api/v1/session")
        .then()
        .body("account.locale", equalTo("en"));
    problem(
        cw.session()
            .as()
            .contentType("application/json")
            .body(Map.of("locale", "fr"))
            .put("/api/v1/session/locale")
            .then()
            .body("detail", equalTo("locale must be one of: zh-CN, en")),
        400,
        "invalid-request");
  }

  @Test
  void administratorsCreateAndListUsersAndSeeNoCases() throws Exception {
    Browser.User admin = Browser.user("ADMIN", "local");
    String prefix = "p" + orgA.substring(6);
    // 55 users in parallel, and 8 parallel attempts at one more name: one wins.
    List<Integer> created =
        parallel(
            55,
            i ->
                admin
                    .session()
                    .as()
                    .header("Homeward-Purpose", "ADMINISTRATION")
                    .contentType("application/json")
                    .body(
                        Map.of(
                            "username",
                            prefix + "-" + (100 + i),
                            "role",
                            "NGO_VOLUNTEER",
                            "organisation",
                            orgA))
                    .post("/api/v1/admin/users")
                    .statusCode());
    assertThat(created).containsOnly(201);
    List<Integer> same =
        parallel(
            8,
            i ->
                admin
                    .session()
                    .as()
                    .header("Homeward-Purpose", "ADMINISTRATION")
                    .contentType("application/json")
                    .body(
                        Map.of(
                            "username",
                            prefix + "-dup",
                            "role",
                            "FACE_EXAMINER",
                            "organisation",
                            orgB))
                    .post("/api/v1/admin/users")
                    .statusCode());
    assertThat(same).containsOnlyOnce(201).containsOnly(201, 409);
    assertThat(usernamesLike(prefix + "-dup")).isEqualTo(1);
    // Every user appears once across the pages.
    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      var req = admin.session().as().header("Homeward-Purpose", "ADMINISTRATION");
      if (cursor != null) {
        req = req.queryParam("cursor", cursor);
      }
      Response page = req.get("/api/v1/admin/users");
      page.then().statusCode(200);
      seen.addAll(page.jsonPath().getList("items.username"));
      cursor = page.jsonPath().getString("next");
    } while (cursor != null);
    assertThat(seen).doesNotHaveDuplicates();
    assertThat(seen.stream().filter(u -> u.startsWith(prefix + "-")).count()).isEqualTo(56);
    // The administrator reaches no case data, whatever the purpose named.
    String caseId =
        given()
            .auth()
            .oauth2(TestKeys.token("cw-a", orgA, "NGO_CASEWORKER"))
            .header("Homeward-Purpose", "FAMILY_TRACING")
            .contentType("application/json")
            .body(CASE)
            .post("/api/v1/cases")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    for (String purpose : List.of("ADMINISTRATION", "FAMILY_TRACING")) {
      Response r =
          admin.session().as().header("Homeward-Purpose", purpose).get("/api/v1/cases/" + caseId);
      assertThat(r.statusCode()).as(purpose).isIn(403, 404);
      assertThat(r.contentType()).startsWith("application/problem+json");
    }
    // Other roles, of any organisation, create no users; the refusal is a 403 and stores nothing.
    for (String token :
        List.of(
            TestKeys.token("cw-x", orgB, "NGO_CASEWORKER"),
            TestKeys.token("dpo-x", "local", "PRIVACY_OFFICER"))) {
      problem(
          given()
              .auth()
              .oauth2(token)
              .header("Homeward-Purpose", "ADMINISTRATION")
              .contentType("application/json")
              .body(
                  Map.of(
                      "username", prefix + "-intruder", "role", "ADMIN", "organisation", "local"))
              .post("/api/v1/admin/users")
              .then(),
          403,
          "policy-denied");
    }
    Browser.User cw = Browser.user("NGO_CASEWORKER", orgB);
    problem(
        cw.session()
            .as()
            .header("Homeward-Purpose", "ADMINISTRATION")
            .get("/api/v1/admin/users")
            .then(),
        403,
        "policy-denied");
    assertThat(usernamesLike(prefix + "-intruder")).isZero();
    // An administrator's session without the CSRF token creates nobody.
    problem(
        admin
            .session()
            .cookieOnly()
            .header("Homeward-Purpose", "ADMINISTRATION")
            .contentType("application/json")
            .body(Map.of("username", prefix + "-nocsrf", "role", "ADMIN", "organisation", "local"))
            .post("/api/v1/admin/users")
            .then(),
        403,
        "csrf");
    assertThat(usernamesLike(prefix + "-nocsrf")).isZero();
    // A clear refusal of bad input.
    problem(
        admin
            .session()
            .as()
            .header("Homeward-Purpose", "ADMINISTRATION")
            .contentType("application/json")
            .body(Map.of("username", prefix + "-bad", "role", "KING", "organisation", "local"))
            .post("/api/v1/admin/users")
            .then(),
        400,
        "invalid-request");
  }

  // --- helpers -----------------------------------------------------------------------------

  private interface Task<T> {
    T run(int i) throws Exception;
  }

  private static <T> List<T> parallel(int n, Task<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int k = i;
        futures.add(pool.submit((Callable<T>) () -> task.run(k)));
      }
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get());
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  private boolean locked(String subject) {
    return db.inTransaction(
        tx -> {
          try (PreparedStatement ps =
              tx.prepareStatement("select locked from accounts where subject = ?")) {
            ps.setString(1, subject);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getBoolean(1);
            }
          }
        });
  }

  private int alerts(String subject) {
    return count(
        "select count(*) from alerts where kind = 'ACCOUNT_LOCKED' and about = ?", subject);
  }

  private int casesOf(String org) {
    return count("select count(*) from cases where organisation_id = ?", org);
  }

  private int usernamesLike(String username) {
    return count("select count(*) from accounts where username = ?", username);
  }

  private boolean sessionEnded(String cookie) {
    return count(
            "select count(*) from browser_sessions where id_hash = ? and ended_at is not null",
            Secrets.hash(cookie))
        == 1;
  }

  private List<String> auditActors(String caseId) {
    return db.inTransaction(
        tx -> {
          try (PreparedStatement ps =
              tx.prepareStatement("select actor_id from audit_records where case_id = ?")) {
            ps.setString(1, caseId);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(rs.getString(1));
              }
            }
            return out;
          }
        });
  }

  private int count(String sql, String arg) {
    return db.inTransaction(
        tx -> {
          try (PreparedStatement ps = tx.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getInt(1);
            }
          }
        });
  }
}
