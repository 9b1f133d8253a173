package io.homeward.gateway.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.homeward.gateway.db.Database;
import io.homeward.gateway.store.Ids;
import io.homeward.gateway.support.AccountsProfile;
import io.homeward.gateway.support.TestClock;
import io.homeward.gateway.support.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The cluster sign-in in a real browser: Debian's Chromium, headless, driven by {@code
 * src/test/browser/oidc.mjs} against this test's gateway ({@code http://127.0.0.1}) and its {@code
 * TestOpenIdProvider} ({@code http://localhost}, another site). Proves what plain HTTP cannot:
 * after the provider's cross-site redirect, the SameSite=Strict session cookie set by the
 * callback's page is used (signed in, a CSRF-protected change, sign-out). On the accounts tests'
 * profile, so it costs no gateway start of its own; screenshots in {@code
 * target/ui-screenshots-oidc/}.
 *
 * <p>Skips with a message when Chromium, node or the test folder's {@code node_modules} are absent,
 * except under {@code CI=true}, where it fails.
 */
@QuarkusTest
@TestProfile(AccountsProfile.class)
@QuarkusTestResource(TestKeys.class)
class OidcBrowserTest {
  @Inject Database db;

  @ConfigProperty(name = "homeward.gateway.oidc.issuer")
  String issuer;

  @Test
  void aRealBrowserSignsInAtTheProviderAcrossSitesAndUsesItsSession() throws Exception {
    Path root =
        Path.of(System.getProperty("homeward.project.dir", "..")).toAbsolutePath().normalize();
    Path tests = root.resolve("consent-gateway/src/test/browser");
    Path chromium = Path.of(System.getenv().getOrDefault("HOMEWARD_CHROMIUM", "/usr/bin/chromium"));
    prerequisites(tests, chromium);

    String run = Ids.newId("t").substring(2, 10);
    String sub = "idp-browser-" + run;
    String org = "org-browser-" + run;
    register(sub, org);
    // A local account exists (whichever test of the profile ran first): the sign-in page stays, the
    // first-administrator setup is closed.
    Browser.create("local-" + run, "NGO_VOLUNTEER", "org-local-" + run);

    Path shots = root.resolve("consent-gateway/target/ui-screenshots-oidc");
    Files.createDirectories(shots);
    try (var files = Files.list(shots)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
    }
    Path log = shots.resolve("oidc.log");
    ProcessBuilder pb =
        new ProcessBuilder("node", "oidc.mjs")
            .directory(tests.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("HOMEWARD_URL", "http://127.0.0.1:" + RestAssured.port);
    pb.environment().put("HOMEWARD_IDP", issuer);
    pb.environment().put("HOMEWARD_ORG", org);
    pb.environment().put("HOMEWARD_SUB", sub);
    pb.environment().put("HOMEWARD_SCREENSHOTS", shots.toString());
    pb.environment().put("HOMEWARD_CHROMIUM", chromium.toString());
    Process node = pb.start();
    if (!node.waitFor(3, TimeUnit.MINUTES)) {
      node.destroyForcibly();
      fail("the browser's sign-in did not finish within 3 minutes; see " + log);
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(node.exitValue()).as("the browser's sign-in (%s):%n%s", log, output).isZero();
    assertThat(output).contains("ok  the session cookie is HttpOnly and SameSite=Strict");
    // The gateway saw it as the browser did: one sign-in at the provider, one sign-out, audited.
    assertThat(audited(sub, "signed in at the identity provider")).isEqualTo(1);
    assertThat(audited(sub, "signed out")).isEqualTo(1);
  }

  /** Registers the provider's user, the one its sign-in page's button signs in. */
  private void register(String sub, String org) throws IOException, InterruptedException {
    String json =
        "{\"sub\":\""
            + sub
            + "\",\"org\":\""
            + org
            + "\",\"roles\":[\"NGO_CASEWORKER\"],\"mode\":\"ok\",\"browser\":true,\"now\":"
            + TestClock.now().getEpochSecond()
            + "}";
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(issuer + "/test/users"))
                    .POST(HttpRequest.BodyPublishers.ofString(json))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(204);
  }

  private int audited(String actor, String detail) {
    return db.inTransaction(
        tx -> {
          try (PreparedStatement ps =
              tx.prepareStatement(
                  "select count(*) from audit_records where actor_id = ? and detail = ?"
                      + " and allowed = true")) {
            ps.setString(1, actor);
            ps.setString(2, detail);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getInt(1);
            }
          }
        });
  }

  private static void prerequisites(Path tests, Path chromium) {
    List<String> missing = new ArrayList<>();
    if (!Files.isExecutable(chromium)) {
      missing.add(chromium + " is absent (apt-get install -y chromium)");
    }
    if (!Files.isDirectory(tests.resolve("node_modules/playwright-core"))
        || !Files.isDirectory(tests.resolve("node_modules/axe-core"))) {
      missing.add("node_modules is absent (npm ci in " + tests + ")");
    }
    boolean node = false;
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      node |= Files.isExecutable(Path.of(dir, "node"));
    }
    if (!node) {
      missing.add("node is absent");
    }
    if (!missing.isEmpty()) {
      String why = String.join("; ", missing);
      if ("true".equals(System.getenv("CI"))) {
        fail(why + " (CI=true: the browser's sign-in must run)");
      }
      assumeTrue(false, why + ": skipped");
    }
  }
}
