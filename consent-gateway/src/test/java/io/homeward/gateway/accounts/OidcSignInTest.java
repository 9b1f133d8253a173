package io.homeward.gateway.accounts;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.homeward.gateway.db.Database;
import io.homeward.gateway.store.Ids;
import io.homeward.gateway.support.AccountsProfile;
import io.homeward.gateway.support.TestClock;
import io.homeward.gateway.support.TestKeys;
import io.homeward.gateway.support.TestOpenIdProvider;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cluster sign-in (issue 13): the real OpenID Connect code flow against {@link TestOpenIdProvider},
 * driven by an HTTP client that keeps cookies and follows each redirect itself, so that a test can
 * tamper with a step. A session opened there acts exactly like a bearer token of the same subject,
 * organisation and role.
 */
@QuarkusTest
@TestProfile(AccountsProfile.class)
@QuarkusTestResource(TestKeys.class)
class OidcSignInTest {
  private static final String CASE =
      """
      {"side":"MISSING","subject":{"birthYearFrom":1990,"birthYearTo":1991},
       "consent":{"basis":"CONSENT","givenBy":"SUBJECT"}}""";

  @Inject Database db;

  @ConfigProperty(name = "homeward.gateway.oidc.issuer")
  String issuer;

  private String run;
  private String orgA;
  private String orgB;

  @BeforeEach
  void organisations() {
    run = Ids.newId("t").substring(2, 10);
    orgA = "org-a-" + run;
    orgB = "org-b-" + run;
  }

  @Test
  void aSignInAtTheProviderOpensASessionThatActsLikeABearerTokenOfTheSameUser() {
    String sub = user(orgA, List.of("NGO_CASEWORKER", "some-other-group"), "ok");
    Visitor v = new Visitor().atProvider(sub);
    Hop start = v.get(gateway("/api/v1/session/oidc"));
    assertThat(start.status()).isEqualTo(303);
    URI authorize = start.location();
    assertThat(authorize.toString())
        .startsWith(issuer + "/authorize?")
        .contains("response_type=code", "code_challenge_method=S256", "state=", "nonce=")
        .contains("scope=openid+profile");
    assertThat(start.setCookies())
        .anySatisfy(
            c ->
                assertThat(c)
                    .startsWith("homeward_oidc=")
                    .contains(
                        "; Path=/api/v1/session/oidc",
                        "; Max-Age=600",
                        "; HttpOnly",
                        "; SameSite=Lax"));
    Hop back = v.get(authorize);
    assertThat(back.status()).isEqualTo(302);
    Hop done = v.get(back.location());
    // A page that moves on by itself (a same-site navigation: the Strict cookie goes with it).
    assertThat(done.status()).isEqualTo(200);
    assertThat(done.body()).contains("http-equiv=\"refresh\"", "url=/home");
    assertThat(done.setCookies())
        .anySatisfy(
            c ->
                assertThat(c)
                    .startsWith("homeward_session=")
                    .contains("; Path=/", "; HttpOnly", "; SameSite=Strict"))
        .anySatisfy(c -> assertThat(c).startsWith("homeward_oidc=;").contains("Max-Age=0"));
    String cookie = v.cookie("homeward_session");
    assertThat(cookie).hasSize(43);
    assertThat(v.cookie("homeward_oidc")).isNull();

    Response session = given().cookie("homeward_session", cookie).get("/api/v1/session");
    session
        .then()
        .statusCode(200)
        .body("account.id", equalTo(sub))
        .body("account.role", equalTo("NGO_CASEWORKER"))
        .body("account.organisation", equalTo(orgA))
        .body("account.identityProvider", equalTo(true))
        .body("account.secondFactorRequired", equalTo(false))
        .body("account.mustChangePassword", equalTo(false));
    String csrf = session.jsonPath().getString("csrfToken");
    String caseId =
        given()
            .cookie("homeward_session", cookie)
            .header("Homeward-CSRF", csrf)
            .header("Homeward-Purpose", "FAMILY_TRACING")
            .contentType("application/json")
            .body(CASE)
            .post("/api/v1/cases")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    List<String> bySession =
        given()
            .cookie("homeward_session", cookie)
            .header("Homeward-Purpose", "FAMILY_TRACING")
            .get("/api/v1/cases")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("id");
    List<String> byToken =
        given()
            .auth()
            .oauth2(TestKeys.token(sub, orgA, "NGO_CASEWORKER"))
            .header("Homeward-Purpose", "FAMILY_TRACING")
            .get("/api/v1/cases")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("id");
    assertThat(bySession).contains(caseId).isEqualTo(byToken);
    // A state change without the CSRF token is refused, as for a local session.
    given()
        .cookie("homeward_session", cookie)
        .header("Homeward-Purpose", "FAMILY_TRACING")
        .contentType("application/json")
        .body(CASE)
        .post("/api/v1/cases")
        .then()
        .statusCode(403)
        .body("type", equalTo("https://homeward.io/problems/csrf"));
    // The provider keeps the password and the second factor.
    given()
        .cookie("homeward_session", cookie)
        .header("Homeward-CSRF", csrf)
        .contentType("application/json")
        .body("{\"current\":\"x\",\"next\":\"a long passphrase indeed\"}")
        .post("/api/v1/session/password")
        .then()
        .statusCode(409);
    assertThat(count("audit_action = 'SIGN_IN' and allowed = true", sub)).isEqualTo(1);
    assertThat(count("case_id is not null", sub)).isGreaterThanOrEqualTo(1);

    // Sign-out ends the session here and offers the provider's end-session endpoint.
    Response out =
        given()
            .cookie("homeward_session", cookie)
            .header("Homeward-CSRF", csrf)
            .delete("/api/v1/session");
    out.then().statusCode(200);
    assertThat(out.jsonPath().getString("providerLogout"))
        .startsWith(issuer + "/logout?")
        .contains("client_id=" + TestOpenIdProvider.CLIENT_ID, "post_logout_redirect_uri=");
    assertThat(out.getHeader("Set-Cookie")).startsWith("homeward_session=;");
    given().cookie("homeward_session", cookie).get("/api/v1/session").then().statusCode(401);
    assertThat(count("audit_action = 'SIGN_IN' and detail = 'signed out'", sub)).isEqualTo(1);
  }

  @Test
  void anotherOrganisationsSessionCannotSeeThisOrganisationsCases() {
    String a = user(orgA, List.of("NGO_CASEWORKER"), "ok");
    String b = user(orgB, List.of("NGO_CASEWORKER"), "ok");
    String caseOfA =
        given()
            .auth()
            .oauth2(TestKeys.token(a, orgA, "NGO_CASEWORKER"))
            .header("Homeward-Purpose", "FAMILY_TRACING")
            .contentType("application/json")
            .body(CASE)
            .post("/api/v1/cases")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    String cookie = signedIn(b);
    given()
        .cookie("homeward_session", cookie)
        .header("Homeward-Purpose", "FAMILY_TRACING")
        .get("/api/v1/cases/" + caseOfA)
        .then()
        .statusCode(404)
        .body("type", equalTo("https://homeward.io/problems/not-found"));
    assertThat(
            given()
                .cookie("homeward_session", cookie)
                .header("Homeward-Purpose", "FAMILY_TRACING")
                .get("/api/v1/cases")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .<String>getList("id"))
        .doesNotContain(caseOfA);
  }

  @Test
  void aCallbackWithAnotherStateOrInAnotherBrowserIsRefused() {
    String sub = user(orgA, List.of("NGO_VOLUNTEER"), "ok");
    Visitor v = new Visitor().atProvider(sub);
    URI callback = v.get(v.get(gateway("/api/v1/session/oidc")).location()).location();
    String tampered = callback.toString().replaceAll("state=[^&]+", "state=" + "A".repeat(43));
    assertRefused(v.get(URI.create(tampered)), "state");
    // The untampered callback in a browser that did not begin the sign-in (login CSRF).
    assertRefused(new Visitor().get(callback), "state");
    assertThat(v.cookie("homeward_session")).isNull();
  }

  @Test
  void aSignInThatTookTooLongIsRefused() {
    String sub = user(orgA, List.of("NGO_VOLUNTEER"), "ok");
    Visitor v = new Visitor().atProvider(sub);
    URI callback = v.get(v.get(gateway("/api/v1/session/oidc")).location()).location();
    TestClock.advance(Duration.ofMinutes(11));
    assertRefused(v.get(callback), "state");
  }

  @Test
  void aCodeRedeemedTwiceIsRefused() {
    String sub = user(orgA, List.of("NGO_VOLUNTEER"), "ok");
    Visitor v = new Visitor().atProvider(sub);
    URI callback = v.get(v.get(gateway("/api/v1/session/oidc")).location()).location();
    // A copy of the browser's sign-in cookie, as an attacker who saw both would replay them.
    String login = v.cookie("homeward_oidc");
    assertThat(v.get(callback).status()).isEqualTo(200);
    Visitor replay = new Visitor().withCookie("homeward_oidc", login);
    assertRefused(replay.get(callback), "code");
    assertThat(replay.cookie("homeward_session")).isNull();
  }

  @Test
  void anIdTokenWithAnotherNonceOrExpiredOrForgedIsRefused() {
    for (String mode : List.of("wrong-nonce", "expired", "forged", "wrong-audience")) {
      String sub = user(orgA, List.of("NGO_VOLUNTEER"), mode);
      Visitor v = new Visitor().atProvider(sub);
      assertRefused(v.follow(gateway("/api/v1/session/oidc")), "token");
      assertThat(v.cookie("homeward_session")).as(mode).isNull();
      // The provider vouched for nobody: nothing of theirs is in the audit log.
      assertThat(count("audit_action = 'SIGN_IN'", sub)).as(mode).isZero();
    }
  }

  @Test
  void aCancelledSignInAtTheProviderIsRefused() {
    String sub = user(orgA, List.of("NGO_VOLUNTEER"), "cancel");
    assertRefused(
        new Visitor().atProvider(sub).follow(gateway("/api/v1/session/oidc")), "provider");
  }

  @Test
  void anUnknownRoleIsRefusedWithItsOwnMessageAndAudited() {
    String sub = user(orgA, List.of("JANITOR"), "ok");
    Visitor v = new Visitor().atProvider(sub);
    Hop refused = v.follow(gateway("/api/v1/session/oidc"));
    assertRefused(refused, "role");
    assertThat(v.cookie("homeward_session")).isNull();
    assertThat(count("audit_action = 'SIGN_IN' and allowed = false", sub)).isEqualTo(1);
    // The sign-in page says why, in the reader's language (Chinese unless the reader chose
    // otherwise).
    String en =
        given()
            .cookie("homeward_locale", "en")
            .get("/signin?oidc=role")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(en)
        .contains("no Homeward role")
        .contains("Sign in with " + TestOpenIdProvider.PROVIDER_NAME);
    String zh =
        given()
            .cookie("homeward_locale", "zh-CN")
            .get("/signin?oidc=role")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(zh).contains("没有 Homeward 角色").contains("使用 Test IdP 登录");
    // Several roles and no organisation are refused likewise.
    String several = user(orgA, List.of("NGO_CASEWORKER", "POLICE_INVESTIGATOR"), "ok");
    assertRefused(
        new Visitor().atProvider(several).follow(gateway("/api/v1/session/oidc")), "roles");
    String noOrg = user(null, List.of("NGO_CASEWORKER"), "ok");
    assertRefused(
        new Visitor().atProvider(noOrg).follow(gateway("/api/v1/session/oidc")), "organisation");
    assertThat(count("audit_action = 'SIGN_IN' and allowed = false", noOrg)).isEqualTo(1);
  }

  @Test
  void aLockedAccountCannotSignInAtTheProvider() {
    String sub = user(orgA, List.of("NGO_CASEWORKER"), "ok");
    signedIn(sub);
    db.inTransaction(
        tx -> {
          try (PreparedStatement ps =
              tx.prepareStatement("update accounts set locked = true where subject = ?")) {
            ps.setString(1, sub);
            return ps.executeUpdate();
          }
        });
    assertRefused(new Visitor().atProvider(sub).follow(gateway("/api/v1/session/oidc")), "locked");
  }

  @Test
  void keysRotatedAtTheProviderAreReadAgain() {
    signedIn(user(orgA, List.of("NGO_VOLUNTEER"), "ok"));
    post(issuer + "/test/rotate", "");
    // The cached keys lack the new kid: they are read again (not more often than every 10 s).
    TestClock.advance(Duration.ofSeconds(11));
    signedIn(user(orgA, List.of("NGO_VOLUNTEER"), "ok"));
  }

  @Test
  void parallelSignInsEachGetTheirOwnSession() throws Exception {
    int n = 8;
    List<String> subs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      subs.add(user(i % 2 == 0 ? orgA : orgB, List.of("NGO_CASEWORKER"), "ok"));
    }
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<String>> cookies = new ArrayList<>();
      for (String sub : subs) {
        cookies.add(pool.submit(() -> signedIn(sub)));
      }
      Set<String> distinct = new HashSet<>();
      for (int i = 0; i < n; i++) {
        String cookie = cookies.get(i).get();
        distinct.add(cookie);
        given()
            .cookie("homeward_session", cookie)
            .get("/api/v1/session")
            .then()
            .statusCode(200)
            .body("account.id", equalTo(subs.get(i)))
            .body("account.organisation", equalTo(i % 2 == 0 ? orgA : orgB));
      }
      assertThat(distinct).hasSize(n);
    } finally {
      pool.shutdownNow();
    }
  }

  // --- helpers ---------------------------------------------------------------------------------

  /** Registers a user at the provider; returns their subject. */
  private String user(String org, List<String> roles, String mode) {
    String sub = "idp-" + Ids.newId("s").substring(2);
    StringBuilder json = new StringBuilder("{\"sub\":\"").append(sub).append('"');
    if (org != null) {
      json.append(",\"org\":\"").append(org).append('"');
    }
    json.append(",\"roles\":[");
    for (int i = 0; i < roles.size(); i++) {
      json.append(i == 0 ? "" : ",").append('"').append(roles.get(i)).append('"');
    }
    json.append("],\"mode\":\"").append(mode).append("\",\"now\":");
    json.append(TestClock.now().getEpochSecond()).append('}');
    post(issuer + "/test/users", json.toString());
    return sub;
  }

  /** Signs a user in through the whole flow; returns the session cookie. */
  private String signedIn(String sub) {
    Visitor v = new Visitor().atProvider(sub);
    Hop last = v.follow(gateway("/api/v1/session/oidc"));
    assertThat(last.status()).as("the callback's page").isEqualTo(200);
    return v.cookie("homeward_session");
  }

  private static void assertRefused(Hop hop, String reason) {
    assertThat(hop.status()).isEqualTo(303);
    assertThat(hop.location().toString()).isEqualTo("/signin?oidc=" + reason);
    assertThat(hop.setCookies()).noneMatch(c -> c.startsWith("homeward_session="));
  }

  private static URI gateway(String path) {
    // The address the redirect URL names: cookies are kept per host, so the same host throughout.
    return URI.create("http://127.0.0.1:" + RestAssured.port + path);
  }

  private static void post(String url, String body) {
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(url))
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(204);
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private int count(String where, String actor) {
    return db.inTransaction(
        tx -> {
          try (PreparedStatement ps =
              tx.prepareStatement(
                  "select count(*) from audit_records where actor_id = ? and " + where)) {
            ps.setString(1, actor);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getInt(1);
            }
          }
        });
  }

  /** One response of a step. */
  record Hop(int status, URI location, List<String> setCookies, String body) {}

  /** A browser: cookies kept per host, each redirect followed by the test. */
  final class Visitor {
    private final CookieManager jar = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http =
        HttpClient.newBuilder()
            .cookieHandler(jar)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** Signs this browser in at the provider as the user. */
    Visitor atProvider(String sub) {
      assertThat(get(URI.create(issuer + "/test/login?user=" + sub)).status()).isEqualTo(204);
      return this;
    }

    Visitor withCookie(String name, String value) {
      HttpCookie c = new HttpCookie(name, value);
      c.setPath("/");
      c.setVersion(0);
      jar.getCookieStore().add(gateway("/"), c);
      return this;
    }

    Hop get(URI uri) {
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        URI location = r.headers().firstValue("Location").map(uri::resolve).orElse(null);
        if (r.headers().firstValue("Location").filter(l -> l.startsWith("/")).isPresent()) {
          location = URI.create(r.headers().firstValue("Location").get());
        }
        return new Hop(r.statusCode(), location, r.headers().allValues("Set-Cookie"), r.body());
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }

    /** Follows redirects until the sign-in page or the callback's page. */
    Hop follow(URI uri) {
      Hop hop = get(uri);
      for (int i = 0; i < 5 && hop.location() != null && hop.location().isAbsolute(); i++) {
        hop = get(hop.location());
      }
      return hop;
    }

    String cookie(String name) {
      return jar.getCookieStore().get(gateway("/")).stream()
          .filter(c -> c.getName().equals(name))
          .map(HttpCookie::getValue)
          .findFirst()
          .orElse(null);
    }
  }
}
