package io.homeward.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.homeward.gateway.attack.Fixtures;
import io.homeward.gateway.attack.RunningSystem;
import io.homeward.gateway.attack.RunningSystem.Db;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The web pages in a real browser against the packaged system (embedder, search service, gateway as
 * {@code ./homeward serve} starts them; H2): Debian's Chromium, headless, driven by {@code
 * src/test/browser/flows.mjs} (playwright-core, axe-core) with real photos from {@code
 * ../shared/fixtures}. First start and setup, the administrator's users, sign-in refusals, a
 * caseworker's case from the guided form to the search, the police's second factor, a foreign case
 * id, both languages, axe on every page; screenshots in {@code target/ui-screenshots/}.
 *
 * <p>Skips with a message when Chromium, node or the test folder's {@code node_modules} are absent
 * ({@code npm ci} in {@code src/test/browser}), except under {@code CI=true}, where it fails.
 */
class BrowserFlowsIT {
  private static final Pattern SETUP_LINK = Pattern.compile("\\S+/setup#token=[A-Za-z0-9_-]+");

  @Test
  void everyRoleThePagesServeWalksItsFlowInARealBrowser() throws Exception {
    Path root =
        Path.of(System.getProperty("homeward.project.dir", "..")).toAbsolutePath().normalize();
    Path tests = root.resolve("consent-gateway/src/test/browser");
    Path chromium = Path.of(System.getenv().getOrDefault("HOMEWARD_CHROMIUM", "/usr/bin/chromium"));
    prerequisites(tests, chromium);

    RunningSystem system = RunningSystem.on(Db.H2);
    String link = setupLink(system);
    Path shots = root.resolve("consent-gateway/target/ui-screenshots");
    clear(shots);
    Path log = shots.resolve("flows.log");
    ProcessBuilder pb =
        new ProcessBuilder("node", "flows.mjs")
            .directory(tests.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("HOMEWARD_URL", system.uri("").toString());
    pb.environment().put("HOMEWARD_SETUP_LINK", link);
    pb.environment().put("HOMEWARD_FIXTURES", Fixtures.sharedDir().resolve("fixtures").toString());
    pb.environment().put("HOMEWARD_SCREENSHOTS", shots.toString());
    pb.environment().put("HOMEWARD_CHROMIUM", chromium.toString());
    Process node = pb.start();
    if (!node.waitFor(15, TimeUnit.MINUTES)) {
      node.destroyForcibly();
      fail("the browser flows did not finish within 15 minutes; see " + log);
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(node.exitValue()).as("the browser flows (%s):%n%s", log, output).isZero();
    assertThat(output).contains("ok  axe: no serious or critical violation");
  }

  /** The link the gateway printed on its first start (console, and an owner-only file). */
  private static String setupLink(RunningSystem system) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      Optional<String> found = find(system.logFile());
      if (found.isEmpty()) {
        found = find(system.dataDir().resolve("gateway/setup-link"));
      }
      if (found.isPresent()) {
        return found.get();
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the gateway printed no setup link on its first start");
  }

  private static Optional<String> find(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Matcher m = SETUP_LINK.matcher(Files.readString(file, StandardCharsets.UTF_8));
    String last = null;
    while (m.find()) {
      last = m.group();
    }
    return Optional.ofNullable(last);
  }

  /** Empties the screenshot folder, so that it shows this run only. */
  private static void clear(Path dir) throws IOException {
    Files.createDirectories(dir);
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
    }
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
    if (!onPath("node")) {
      missing.add("node is absent");
    }
    if (!missing.isEmpty()) {
      String why = String.join("; ", missing);
      if ("true".equals(System.getenv("CI"))) {
        fail(why + " (CI=true: the browser flows must run)");
      }
      assumeTrue(false, why + ": skipped");
    }
  }

  private static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}
