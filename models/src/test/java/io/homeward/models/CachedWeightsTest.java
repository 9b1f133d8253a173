package io.homeward.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real default weights in the build's cache verify against their manifests. Skipped, with the
 * reason, on a machine whose cache lacks them (the build fetches them unless told not to).
 */
class CachedWeightsTest {
  private static Path modelsDir() {
    String configured = System.getProperty("homeward.models.dir");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return Path.of(System.getProperty("user.home"), ".cache", "homeward", "models");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        DefaultModels.DETECTOR,
        DefaultModels.LANDMARKS,
        DefaultModels.EMBEDDING,
        DefaultModels.SECOND_EMBEDDING
      })
  void theCachedDefaultWeightsVerify(String location) throws IOException {
    ModelManifest manifest = ManifestReader.read(location);
    Path dir = modelsDir();
    Path expected = dir.toAbsolutePath().normalize().resolve(manifest.file());
    assumeTrue(
        Files.isRegularFile(expected),
        () ->
            "default weights absent from "
                + dir
                + " ("
                + expected
                + "): run models/fetch-weights.sh to fetch them");

    VerifiedModel verified = new ModelFiles(dir).verify(manifest);

    assertThat(verified.weights()).isEqualTo(expected);
    assertThat(ModelFiles.sha256(verified.weights())).isEqualTo(manifest.sha256());
  }
}
