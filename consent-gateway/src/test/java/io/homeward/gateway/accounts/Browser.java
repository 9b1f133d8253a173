package io.homeward.gateway.accounts;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.oneOf;

import io.homeward.gateway.support.TestClock;
import io.homeward.gateway.support.TestKeys;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/** A browser's view of a session: its cookie and CSRF token; helpers to make signed-in users. */
final class Browser {
  static final String ADMIN_TOKEN = TestKeys.token("bearer-admin", "local", "ADMIN");

  final String cookie;
  final String csrf;
  final String subject;

  Browser(String cookie, String csrf, String subject) {
    this.cookie = cookie;
    this.csrf = csrf;
    this.subject = subject;
  }

  /** A request with the session cookie and the CSRF token. */
  RequestSpecification as() {
    return given().cookie("homeward_session", cookie).header("Homeward-CSRF", csrf);
  }

  /** A request with the session cookie only. */
  RequestSpecification cookieOnly() {
    return given().cookie("homeward_session", cookie);
  }

  static Response signIn(String username, String password, String totp) {
    StringBuilder body = new StringBuilder();
    body.append("{\"username\":\"").append(username).append("\",\"password\":\"").append(password);
    body.append('"');
    if (totp != null) {
      body.append(",\"totp\":\"").append(totp).append('"');
    }
    body.append('}');
    return given().contentType("application/json").body(body.toString()).post("/api/v1/session");
  }

  static Browser of(Response signedIn) {
    signedIn.then().statusCode(200);
    return new Browser(
        signedIn.getCookie("homeward_session"),
        signedIn.jsonPath().getString("csrfToken"),
        signedIn.jsonPath().getString("account.id"));
  }

  /**
   * Creates the organisation (an administrator, bearer) unless it exists: a new user must name an
   * existing, active organisation.
   */
  static void organisation(String id) {
    given()
        .auth()
        .oauth2(ADMIN_TOKEN)
        .header("Homeward-Purpose", "ADMINISTRATION")
        .contentType("application/json")
        .body(Map.of("id", id, "kind", "NGO"))
        .post("/api/v1/admin/organisations")
        .then()
        .statusCode(oneOf(201, 409));
  }

  /** A user created by an administrator (bearer): its temporary password. */
  static Map<String, String> create(String username, String role, String org) {
    organisation(org);
    Response r =
        given()
            .auth()
            .oauth2(ADMIN_TOKEN)
            .header("Homeward-Purpose", "ADMINISTRATION")
            .contentType("application/json")
            .body(Map.of("username", username, "role", role, "organisation", org))
            .post("/api/v1/admin/users");
    r.then().statusCode(201);
    return Map.of(
        "id", r.jsonPath().getString("id"),
        "temporaryPassword", r.jsonPath().getString("temporaryPassword"));
  }

  /** A signed-in user with its own password (and, for roles that need one, a second factor). */
  static User user(String role, String org) {
    String username = ("u" + Long.toHexString(System.nanoTime()) + role).toLowerCase(Locale.ROOT);
    username = username.length() > 60 ? username.substring(0, 60) : username;
    Map<String, String> created = create(username, role, org);
    Browser b = of(signIn(username, created.get("temporaryPassword"), null));
    String password = "a long passphrase " + Long.toHexString(System.nanoTime());
    b.as()
        .contentType("application/json")
        .body(Map.of("current", created.get("temporaryPassword"), "next", password))
        .post("/api/v1/session/password")
        .then()
        .statusCode(204);
    byte[] secret = null;
    if (Session.SECOND_FACTOR_ROLES.contains(io.homeward.gateway.domain.Role.valueOf(role))) {
      String base32 =
          b.as().post("/api/v1/session/totp").then().statusCode(200).extract().path("secret");
      secret = decode(base32);
      b.as()
          .contentType("application/json")
          .body(Map.of("code", code(secret, 0)))
          .post("/api/v1/session/totp/confirm")
          .then()
          .statusCode(204);
    }
    return new User(username, password, created.get("id"), secret, b);
  }

  /** A user and the session {@link #user} left open. */
  record User(String username, String password, String id, byte[] secret, Browser session) {
    /** Signs in again, in a new time step when a code is needed (a code is good once). */
    Browser signInAgain() {
      if (secret == null) {
        return of(signIn(username, password, null));
      }
      TestClock.advance(Duration.ofSeconds(30));
      return of(signIn(username, password, code(secret, 0)));
    }
  }

  /** The code of the step {@code delta} steps from now on the test clock. */
  static String code(byte[] secret, int delta) {
    long step = Math.floorDiv(TestClock.now().getEpochSecond(), Totp.STEP_SECONDS);
    return Totp.code(secret, step + delta);
  }

  static byte[] decode(String base32) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    byte[] out = new byte[base32.length() * 5 / 8];
    int buffer = 0;
    int bits = 0;
    int i = 0;
    for (char c : base32.toCharArray()) {
      buffer = (buffer << 5) | alphabet.indexOf(c);
      bits += 5;
      if (bits >= 8) {
        out[i++] = (byte) (buffer >> (bits - 8));
        bits -= 8;
      }
    }
    return out;
  }
}
