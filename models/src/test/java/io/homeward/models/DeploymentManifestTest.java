package io.homeward.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deployment switches model by writing its own manifest, with no code change: a licensed ArcFace
 * IR-100 with BGR input and its own template reads from a file path like any default.
 */
class DeploymentManifestTest {
  private static final String ARCFACE =
      """
      {
        "id": "arcface-r100",
        "version": "2024-01",
        "task": "EMBEDDING",
        "file": "/opt/homeward/licensed/arcface_r100.onnx",
        "sha256": "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "source": {
          "registry": "local",
          "package": "licensed-by-deployment",
          "packageVersion": "2024-01",
          "path": "arcface_r100.onnx"
        },
        "licence": "commercial licence held by the deployment",
        "input": {
          "name": "data",
          "width": 112,
          "height": 112,
          "channels": 3,
          "colorOrder": "BGR",
          "mean": [127.5, 127.5, 127.5],
          "scale": [0.0078431, 0.0078431, 0.0078431],
          "maxBatch": 64
        },
        "outputs": ["fc1"],
        "dimension": 512,
        "alignmentTemplate": [[38.0, 52.0], [74.0, 52.0], [56.0, 72.0], [42.0, 92.0], [70.0, 92.0]],
        "parameters": {"flipAverage": 1}
      }
      """;

  @TempDir Path dir;

  @Test
  void aDeploymentsOwnEmbeddingManifestReadsFromAFilePath() throws IOException {
    Path file = dir.resolve("arcface-r100.json");
    Files.writeString(file, ARCFACE);

    ModelManifest m = ManifestReader.read(file.toString());

    assertThat(m.ref()).isEqualTo("arcface-r100@2024-01");
    assertThat(m.task()).isEqualTo(ModelTask.EMBEDDING);
    assertThat(m.file()).isEqualTo("/opt/homeward/licensed/arcface_r100.onnx");
    assertThat(m.source().registry()).isEqualTo("local");
    assertThat(m.licence()).contains("commercial");
    assertThat(m.input().name()).isEqualTo("data");
    assertThat(m.input().colorOrder()).isEqualTo(ColorOrder.BGR);
    assertThat(m.input().mean()).containsExactly(127.5f, 127.5f, 127.5f);
    assertThat(m.input().scale()[0]).isCloseTo(1 / 127.5f, within(1e-6f));
    assertThat(m.input().maxBatch()).isEqualTo(64);
    assertThat(m.outputs()).containsExactly("fc1");
    assertThat(m.dimension()).isEqualTo(512);
    assertThat(m.alignmentTemplate())
        .containsExactly(
            new ModelManifest.Point2(38f, 52f),
            new ModelManifest.Point2(74f, 52f),
            new ModelManifest.Point2(56f, 72f),
            new ModelManifest.Point2(42f, 92f),
            new ModelManifest.Point2(70f, 92f));
    assertThat(m.parameter("flipAverage")).isEqualTo(1.0);
    assertThat(m.parameter("absent", 0.5)).isEqualTo(0.5);
  }

  @Test
  void itIsADifferentVectorSpaceFromTheDefault() throws IOException {
    Path file = dir.resolve("arcface-r100.json");
    Files.writeString(file, ARCFACE);

    ModelManifest deployment = ManifestReader.read(file.toString());
    ModelManifest standard = ManifestReader.read(DefaultModels.EMBEDDING);

    assertThat(deployment.ref()).isNotEqualTo(standard.ref());
    assertThat(deployment.input()).isNotEqualTo(standard.input());
  }

  @Test
  void anAbsoluteWeightPathIsUsedAsIsByModelFiles() throws IOException {
    Path weights = dir.resolve("elsewhere/arcface_r100.onnx");
    Files.createDirectories(weights.getParent());
    Files.write(weights, new byte[] {1, 2, 3});
    String json =
        ARCFACE
            .replace("/opt/homeward/licensed/arcface_r100.onnx", weights.toString())
            .replace(
                "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                ModelFiles.sha256(weights));
    Path file = dir.resolve("arcface-r100.json");
    Files.writeString(file, json);

    VerifiedModel verified =
        new ModelFiles(dir.resolve("models-cache")).verify(ManifestReader.read(file.toString()));

    assertThat(verified.weights()).isEqualTo(weights);
  }
}
