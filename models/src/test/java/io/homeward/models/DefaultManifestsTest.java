package io.homeward.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The default chain's manifests say exactly what MODELS.md measured about faceplugin@1.0.3. */
class DefaultManifestsTest {
  private static final float[] MINUS_127_OVER_128_MEAN = {127f, 127f, 127f};
  private static final float[] MINUS_127_OVER_128_SCALE = {1 / 128f, 1 / 128f, 1 / 128f};

  @Test
  void detectorIsTheRfb320AtWholeImage320x240() {
    ModelManifest m = ManifestReader.read(DefaultModels.DETECTOR);

    assertThat(m.task()).isEqualTo(ModelTask.DETECTOR);
    assertThat(m.sha256())
        .isEqualTo("6c0256ccd3164f844736a401faf936ec2930764a87ae39442180887d0c5c8854");
    assertThat(m.file()).endsWith("fr_detect.onnx");
    assertThat(m.input().name()).isEqualTo("input");
    assertThat(m.input().width()).isEqualTo(320);
    assertThat(m.input().height()).isEqualTo(240);
    assertThat(m.input().colorOrder()).isEqualTo(ColorOrder.RGB);
    assertThat(m.input().mean()).containsExactly(MINUS_127_OVER_128_MEAN);
    assertThat(m.input().scale()).containsExactly(MINUS_127_OVER_128_SCALE);
    assertThat(m.input().maxBatch()).isEqualTo(1);
    assertThat(m.outputs()).containsExactly("scores", "boxes");
    assertThat(m.dimension()).isZero();
    assertThat(m.parameter("scoreThreshold")).isEqualTo(0.65);
    assertThat(m.parameter("nmsIou")).isEqualTo(0.4);
    assertFacepluginSource(m, "package/model/fr_detect.onnx");
  }

  @Test
  void landmarksAre68PointsFromA64x64GreyCrop() {
    ModelManifest m = ManifestReader.read(DefaultModels.LANDMARKS);

    assertThat(m.task()).isEqualTo(ModelTask.LANDMARKS);
    assertThat(m.sha256())
        .isEqualTo("f10b0ba1d2a8a099adefede1ebf3733e44fe370715e7303dbeb7f59c02142258");
    assertThat(m.file()).endsWith("fr_landmark.onnx");
    assertThat(m.input().width()).isEqualTo(64);
    assertThat(m.input().height()).isEqualTo(64);
    assertThat(m.input().colorOrder()).isEqualTo(ColorOrder.GRAY);
    assertThat(m.input().channels()).isEqualTo(1);
    assertThat(m.input().mean()).containsExactly(0f);
    assertThat(m.input().scale()).containsExactly(1 / 256f);
    assertThat(m.input().maxBatch()).isEqualTo(1);
    assertThat(m.dimension()).isZero();
    assertThat(m.parameter("points")).isEqualTo(68.0);
    assertFacepluginSource(m, "package/model/fr_landmark.onnx");
  }

  @Test
  void embeddingIsMobileFaceNet512OnTheArcFaceTemplate() {
    ModelManifest m = ManifestReader.read(DefaultModels.EMBEDDING);

    assertThat(m.task()).isEqualTo(ModelTask.EMBEDDING);
    assertThat(m.sha256())
        .isEqualTo("87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581");
    assertThat(m.file()).endsWith("fr_feature.onnx");
    assertThat(m.input().name()).isEqualTo("input");
    assertThat(m.input().width()).isEqualTo(112);
    assertThat(m.input().height()).isEqualTo(112);
    assertThat(m.input().colorOrder()).isEqualTo(ColorOrder.RGB);
    assertThat(m.input().mean()).containsExactly(MINUS_127_OVER_128_MEAN);
    assertThat(m.input().scale()).containsExactly(MINUS_127_OVER_128_SCALE);
    assertThat(m.input().maxBatch()).isEqualTo(1);
    assertThat(m.outputs()).containsExactly("output");
    assertThat(m.dimension()).isEqualTo(512);
    float[][] arcface = {
      {38.2946f, 51.6963f},
      {73.5318f, 51.5014f},
      {56.0252f, 71.7366f},
      {41.5493f, 92.3655f},
      {70.7299f, 92.2041f}
    };
    List<ModelManifest.Point2> template = m.alignmentTemplate();
    assertThat(template).hasSize(5);
    for (int i = 0; i < 5; i++) {
      assertThat(template.get(i).x()).isCloseTo(arcface[i][0], within(1e-4f));
      assertThat(template.get(i).y()).isCloseTo(arcface[i][1], within(1e-4f));
    }
    assertFacepluginSource(m, "package/model/fr_feature.onnx");
  }

  @Test
  void theThreeDefaultsHaveDistinctIdsAndFilesInOneVersion() {
    List<ModelManifest> all =
        List.of(
            ManifestReader.read(DefaultModels.DETECTOR),
            ManifestReader.read(DefaultModels.LANDMARKS),
            ManifestReader.read(DefaultModels.EMBEDDING));

    assertThat(all).extracting(ModelManifest::id).doesNotHaveDuplicates();
    assertThat(all).extracting(ModelManifest::file).doesNotHaveDuplicates();
    assertThat(all).extracting(ModelManifest::sha256).doesNotHaveDuplicates();
    assertThat(all).extracting(ModelManifest::version).containsOnly("faceplugin-1.0.3");
    assertThat(ManifestReader.read(DefaultModels.EMBEDDING).ref())
        .isEqualTo("mobilefacenet-faceplugin@faceplugin-1.0.3");
  }

  private static void assertFacepluginSource(ModelManifest m, String path) {
    assertThat(m.source().registry()).isEqualTo("npm");
    assertThat(m.source().packageName()).isEqualTo("faceplugin");
    assertThat(m.source().packageVersion()).isEqualTo("1.0.3");
    assertThat(m.source().path()).isEqualTo(path);
    assertThat(m.file()).startsWith("faceplugin-1.0.3/");
    // The licence is as labelled, and says what is not known.
    assertThat(m.licence()).contains("MIT").contains("not stated");
  }
}
