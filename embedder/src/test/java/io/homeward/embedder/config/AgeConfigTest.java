package io.homeward.embedder.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.homeward.models.ManifestReader;
import io.homeward.models.ModelTask;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The age stage is off unless configured, and its default manifest is an age model's. */
@QuarkusTest
class AgeConfigTest {
  @Inject EmbedderConfig config;

  @Test
  void ageIsOffByDefaultAndPointsAtTheFaceResManifest() {
    assertThat(config.age().enabled()).isFalse();
    assertThat(EngineProducer.settings(config).age()).isEmpty();
    assertThat(config.age().model())
        .isEqualTo("classpath:homeward/models/age/hse-faceres-age.json");
    assertThat(ManifestReader.read(config.age().model()).task()).isEqualTo(ModelTask.AGE);
  }
}
