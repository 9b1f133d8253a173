package io.homeward.embedder;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service refuses to start without its weights, and says which file and how to fetch
 * it, rather than failing at the first request.
 */
class PackagedStartupIT {
  @Test
  void thePackagedServiceStopsAtStartWhenWeightsAreMissing(@TempDir Path empty) throws Exception {
    Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
    assertThat(jar).exists();
    Path log = empty.resolve("out.log");
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.grpc.server.port=0",
                "-Dquarkus.http.port=0",
                "-Dquarkus.management.port=0",
                "-jar",
                jar.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    // The weights folder the configuration reads: empty here.
    builder.environment().put("HOMEWARD_MODELS_DIR", empty.toString());
    Process p = builder.start();
    p.getOutputStream().close();
    boolean ended = p.waitFor(60, TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly();
    }
    String out = read(log);
    assertThat(ended).as("the service should stop by itself; it printed:%n%s", out).isTrue();
    assertThat(p.exitValue()).isNotZero();
    assertThat(out).contains("fr_detect.onnx").contains("models/fetch-weights.sh");
  }

  private static String read(Path log) throws IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }
}
