package io.homeward.embedder.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.homeward.models.ModelUnavailableException;
import io.homeward.support.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A missing or corrupt weight file stops the engine at start-up, saying which file and how to fetch
 * it.
 */
class ModelStartupTest {
  @Test
  void missingWeightsFailAtStartWithTheFileAndTheFix(@TempDir Path empty) {
    assertThatThrownBy(() -> EmbedderEngine.start(EngineSettings.defaults(empty).withWorkers(1)))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining("fr_detect.onnx")
        .hasMessageContaining("is missing")
        .hasMessageContaining("models/fetch-weights.sh");
  }

  @Test
  void aCorruptWeightFileFailsAtStartAndNamesTheChecksums(@TempDir Path copy) throws IOException {
    Path real = SharedData.modelsDir();
    copyTree(real, copy);
    Path feature = copy.resolve("faceplugin-1.0.3/fr_feature.onnx");
    byte[] bytes = Files.readAllBytes(feature);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(feature, bytes);

    assertThatThrownBy(() -> EmbedderEngine.start(EngineSettings.defaults(copy).withWorkers(1)))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining("fr_feature.onnx")
        .hasMessageContaining("corrupt")
        .hasMessageContaining("87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581");
  }

  @Test
  void aManifestOfTheWrongTaskIsRefused() {
    EngineSettings d = EngineSettings.defaults(SharedData.modelsDir());
    EngineSettings swapped =
        EngineSettings.builder(SharedData.modelsDir())
            .manifests(d.embedding(), d.landmarks(), d.embedding())
            .workers(1)
            .build();
    assertThatThrownBy(() -> EmbedderEngine.start(swapped))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining("EMBEDDING model, not a DETECTOR");
  }

  private static void copyTree(Path from, Path to) throws IOException {
    assertThat(from.resolve("faceplugin-1.0.3/fr_feature.onnx")).exists();
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }
}
