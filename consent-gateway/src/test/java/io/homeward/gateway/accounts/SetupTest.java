package io.homeward.gateway.accounts;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.homeward.gateway.support.SetupProfile;
import io.homeward.gateway.support.TestClock;
import io.homeward.gateway.support.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The first administrator (issue 13): the link written at start while no local account exists,
 * valid once (also under concurrency) and for a limited time, then closed for good.
 */
@QuarkusTest
@TestProfile(SetupProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@QuarkusTestResource(TestKeys.class)
class SetupTest {
  private static final Path LINK = Path.of("target/test-data/setup-test-setup-link");

  @Inject Setup setup;

  @Test
  @Order(2)
  void theSetupLinkIsUsableOnceThenSetupIsClosed() throws Exception {
    given().get("/api/v1/setup").then().statusCode(200).body("open", equalTo(true));
    // The newest link (made at start, or by a restart since): owner-only, the token in the
    // fragment.
    String link = Files.readString(LINK).trim();
    assertThat(link).matches("http://127\\.0\\.0\\.1:\\d+/setup#token=[A-Za-z0-9_-]{43}");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(LINK)))
        .isEqualTo("rw-------");
    String earlierToken = link.substring(link.indexOf("#token=") + 7);

    // A new start replaces it; the old one no longer works.
    String token = token(setup.issue());
    AccountsFlowTest.problem(
        post(earlierToken, "first-admin", "a long admin passphrase").then(),
        403,
        "setup-token-invalid");
    AccountsFlowTest.problem(
        post("guessed", "first-admin", "a long admin passphrase").then(),
        403,
        "setup-token-invalid");
    // A weak password is refused before the token is spent.
    AccountsFlowTest.problem(post(token, "first-admin", "short").then(), 400, "password-rejected");

    // Ten parallel uses of the one token: one administrator.
    ExecutorService pool = Executors.newFixedThreadPool(10);
    List<Future<Integer>> futures = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      int k = i;
      futures.add(
          pool.submit(() -> post(token, "admin-" + k, "a long admin passphrase").statusCode()));
    }
    List<Integer> statuses = new ArrayList<>();
    for (Future<Integer> f : futures) {
      statuses.add(f.get());
    }
    pool.shutdown();
    assertThat(statuses).containsOnlyOnce(201).containsOnly(201, 403);
    assertThat(Files.exists(LINK)).isFalse();
    given().get("/api/v1/setup").then().statusCode(200).body("open", equalTo(false));
    // Closed: a new start makes no link.
    assertThat(setup.issue()).isEmpty();
    assertThat(Files.exists(LINK)).isFalse();

    // The administrator signs in, and must enrol a second factor before anything else.
    int winner = statuses.indexOf(201);
    Browser admin = Browser.of(Browser.signIn("admin-" + winner, "a long admin passphrase", null));
    admin
        .cookieOnly()
        .get("/api/v1/session")
        .then()
        .body("account.role", equalTo("ADMIN"))
        .body("account.organisation", equalTo("local"))
        .body("account.mustChangePassword", equalTo(false))
        .body("account.secondFactorRequired", equalTo(true));
    AccountsFlowTest.problem(
        admin.as().header("Homeward-Purpose", "ADMINISTRATION").get("/api/v1/admin/users").then(),
        403,
        "second-factor-enrolment-required");
  }

  @Test
  @Order(1)
  void anExpiredLinkIsRefused() {
    String token = token(setup.issue());
    TestClock.advance(Duration.ofHours(24).plusMinutes(1));
    AccountsFlowTest.problem(
        post(token, "late-admin", "a long admin passphrase").then(), 403, "setup-token-invalid");
  }

  private static String token(String link) {
    return link.substring(link.indexOf("#token=") + 7);
  }

  private static io.restassured.response.Response post(
      String token, String username, String password) {
    return given()
        .contentType("application/json")
        .body(Map.of("token", token, "username", username, "password", password))
        .post("/api/v1/setup");
  }
}
