package io.homeward.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.homeward.gateway.cli.LocalTokens;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged gateway (the {@code prod} profile) never makes its own keys: with a key missing it
 * stops at start-up, names the key and the setting, and leaves the key folders as they were.
 */
class KeysAtStartupIT {
  @TempDir Path dir;

  @Test
  void aMissingDataKeyStopsStartUpByName() throws Exception {
    Path signing = dir.resolve("signing");
    LocalTokens.ensureKeys(signing);
    String out = start(signing, false);
    assertThat(out)
        .containsAnyOf(
            "homeward.gateway.images.generate-key",
            "homeward.gateway.keys.generate",
            "homeward.gateway.audit.generate-keys")
        .contains(dir.resolve("keys").toString());
    assertThat(files(dir.resolve("keys"))).isEmpty();
  }

  @Test
  void aMissingTokenVerificationKeyStopsStartUpByNameEvenWhenDataKeysMayBeMade() throws Exception {
    // The gateway never makes the token key pair (the launcher's token command does).
    String out = start(dir.resolve("signing"), true);
    assertThat(out)
        .contains("the token verification key")
        .contains("mp.jwt.verify.publickey.location")
        .contains(dir.resolve("signing").resolve("jwt-verify.pem").toString());
    assertThat(dir.resolve("signing").resolve("jwt-signing.pem")).doesNotExist();
  }

  private String start(Path signing, boolean generate) throws Exception {
    Path root =
        Path.of(System.getProperty("homeward.project.dir", "..")).toAbsolutePath().normalize();
    Path jar = root.resolve("consent-gateway/target/quarkus-app/quarkus-run.jar");
    assumeTrue(Files.isRegularFile(jar), "the gateway is not packaged");
    Path log = dir.resolve("gateway.log");
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=0",
                "-Dquarkus.management.port=0",
                "-jar",
                jar.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().remove("HOMEWARD_GENERATE_KEYS");
    if (generate) {
      pb.environment().put("HOMEWARD_GENERATE_KEYS", "true");
    }
    pb.environment().remove("HOMEWARD_DB_URL");
    pb.environment().remove("HOMEWARD_JWT_KEYS");
    pb.environment().put("HOMEWARD_DATA_DIR", dir.resolve("data").toString());
    pb.environment().put("HOMEWARD_KEYS_DIR", dir.resolve("keys").toString());
    pb.environment().put("HOMEWARD_SIGNING_KEYS_DIR", signing.toString());
    Process p = pb.start();
    boolean ended = p.waitFor(120, TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly();
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(ended).as("the gateway should stop by itself; it printed:%n%s", out).isTrue();
    assertThat(p.exitValue()).as(out).isNotZero();
    return out;
  }

  private static List<Path> files(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }
}
