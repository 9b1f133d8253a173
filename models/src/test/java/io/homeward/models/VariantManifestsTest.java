package io.homeward.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedding variants the build derives from the published MobileFaceNet: each has its own
 * manifest and checksum, names the published file it is made from, and is refused when either file
 * does not match.
 */
class VariantManifestsTest {
  private static final ModelManifest PUBLISHED = ManifestReader.read(DefaultModels.EMBEDDING);

  @Test
  void theFp32VariantIsThePublishedVectorSpaceWithABatchOfTwo() {
    ModelManifest fp32 = ManifestReader.read(DefaultModels.EMBEDDING_FP32);

    // The same vectors (EmbeddingVariantsTest in the embedder checks them), so the same space.
    assertThat(fp32.ref()).isEqualTo(PUBLISHED.ref());
    assertThat(fp32.sha256()).isNotEqualTo(PUBLISHED.sha256());
    assertThat(fp32.file()).isNotEqualTo(PUBLISHED.file());
    assertThat(fp32.input().maxBatch()).isEqualTo(2);
    assertThat(fp32.derived()).isPresent();
    assertThat(fp32.derived().get().file()).isEqualTo(PUBLISHED.file());
    assertThat(fp32.derived().get().sha256()).isEqualTo(PUBLISHED.sha256());
    assertThat(fp32.derived().get().recipe()).isEqualTo("batch");
    assertSamePreprocessing(fp32);
  }

  @Test
  void theInt8VariantIsItsOwnVectorSpace() {
    ModelManifest int8 = ManifestReader.read(DefaultModels.EMBEDDING_INT8);

    assertThat(int8.id()).isEqualTo(PUBLISHED.id());
    assertThat(int8.version()).isEqualTo("faceplugin-1.0.3-int8");
    assertThat(int8.ref()).isNotEqualTo(PUBLISHED.ref());
    assertThat(int8.sha256())
        .isNotEqualTo(PUBLISHED.sha256())
        .isNotEqualTo(ManifestReader.read(DefaultModels.EMBEDDING_FP32).sha256());
    assertThat(int8.derived().get().sha256()).isEqualTo(PUBLISHED.sha256());
    assertThat(int8.derived().get().recipe()).isEqualTo("int8");
    assertSamePreprocessing(int8);
  }

  @Test
  void theSecondModelIsDlibsResNetConvertedFromTfjsWeights() throws IOException {
    ModelManifest dlib = ManifestReader.read(DefaultModels.SECOND_EMBEDDING);
    assertThat(dlib.ref()).isEqualTo("dlib-resnet128@face-api-1.7.15");
    assertThat(dlib.dimension()).isEqualTo(128);
    assertThat(dlib.input().width()).isEqualTo(150);
    assertThat(dlib.input().height()).isEqualTo(150);
    assertThat(dlib.input().colorOrder()).isEqualTo(ColorOrder.RGB);
    // dlib's input_rgb_image: (pixel - mean) / 256.
    assertThat(dlib.input().mean()).containsExactly(122.782f, 117.001f, 104.298f);
    assertThat(dlib.input().scale()).containsExactly(1 / 256f, 1 / 256f, 1 / 256f);
    assertThat(dlib.input().maxBatch()).isEqualTo(2);
    assertThat(dlib.derived()).isPresent();
    assertThat(dlib.derived().get().recipe()).isEqualTo("tfjs-resnet");
    assertThat(dlib.derived().get().file()).endsWith("face_recognition_model.bin");
    assertThat(dlib.source().packageName()).isEqualTo("@vladmandic/face-api");
    assertThat(dlib.licence()).contains("public domain").contains("VGG-Face").contains("FaceScrub");
    // The build reads the tfjs weights' index beside them and verifies it too.
    String text =
        Files.readString(
            Path.of("src/main/resources/homeward/models/dlib-resnet128.json"),
            StandardCharsets.UTF_8);
    assertThat(text)
        .contains(
            "\"weightsIndexSha256\": \"cbaffa501b0b9275a12b63357a6843e7e30c054e1c9151e1a5f879b26e32986b\"");
    assertThat(Files.readString(Path.of("fetch-weights.sh"))).contains("tfjs-resnet)");
  }

  @Test
  void publishedManifestsDeriveNothing() {
    assertThat(PUBLISHED.derived()).isEmpty();
    assertThat(ManifestReader.read(DefaultModels.DETECTOR).derived()).isEmpty();
  }

  @Test
  void aVariantWhoseChecksumDiffersIsRefusedNamingTheFileAndBothChecksums(@TempDir Path dir)
      throws IOException {
    ModelManifest variant = variant(dir, "published weights", "derived weights");
    assertThat(new ModelFiles(dir).verify(variant).weights()).endsWith(Path.of("derived.onnx"));

    Files.writeString(dir.resolve("derived.onnx"), "derived weights, tampered");
    String actual = ModelFiles.sha256(dir.resolve("derived.onnx"));

    assertThatThrownBy(() -> new ModelFiles(dir).verify(variant))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining("derived.onnx")
        .hasMessageContaining("corrupt or not the expected version")
        .hasMessageContaining(actual)
        .hasMessageContaining(variant.sha256())
        .hasMessageContaining("models/fetch-weights.sh")
        .hasMessageContaining("recipe 'int8'");
  }

  @Test
  void aVariantIsRefusedWhenThePublishedFileItCameFromNoLongerMatches(@TempDir Path dir)
      throws IOException {
    ModelManifest variant = variant(dir, "published weights", "derived weights");
    Files.writeString(dir.resolve("published.onnx"), "published weights, replaced");

    assertThatThrownBy(() -> new ModelFiles(dir).verify(variant))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining("published.onnx")
        .hasMessageContaining("corrupt")
        .hasMessageContaining(variant.derived().get().sha256());
  }

  @Test
  void aVariantWithoutItsPublishedFileIsRefused(@TempDir Path dir) throws IOException {
    ModelManifest variant = variant(dir, "published weights", "derived weights");
    Files.delete(dir.resolve("published.onnx"));

    assertThatThrownBy(() -> new ModelFiles(dir).verify(variant))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining("published.onnx")
        .hasMessageContaining("is missing");
  }

  @Test
  void aDerivationWithAMalformedChecksumOrRecipeIsRefusedWhenRead(@TempDir Path dir)
      throws IOException {
    String manifest =
        Files.readString(
            Path.of("src/main/resources/homeward/models/faceplugin-mobilefacenet-int8.json"));
    Path file = dir.resolve("m.json");
    Files.writeString(file, manifest.replace(PUBLISHED.sha256(), "not-a-checksum"));
    assertThatThrownBy(() -> ManifestReader.read(file.toString()))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining("derivedFromSha256");

    Files.writeString(
        file, manifest.replace("\"recipe\": \"int8\"", "\"recipe\": \"Int8; rm -rf\""));
    assertThatThrownBy(() -> ManifestReader.read(file.toString()))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining("recipe");
  }

  private static void assertSamePreprocessing(ModelManifest variant) {
    assertThat(variant.input().width()).isEqualTo(PUBLISHED.input().width());
    assertThat(variant.input().height()).isEqualTo(PUBLISHED.input().height());
    assertThat(variant.input().colorOrder()).isEqualTo(PUBLISHED.input().colorOrder());
    assertThat(variant.input().mean()).containsExactly(PUBLISHED.input().mean());
    assertThat(variant.input().scale()).containsExactly(PUBLISHED.input().scale());
    assertThat(variant.dimension()).isEqualTo(PUBLISHED.dimension());
    assertThat(variant.alignmentTemplate()).isEqualTo(PUBLISHED.alignmentTemplate());
  }

  /** A derived manifest over two small stand-in files, checksums computed from their contents. */
  private static ModelManifest variant(Path dir, String published, String derived)
      throws IOException {
    Files.writeString(dir.resolve("published.onnx"), published, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("derived.onnx"), derived, StandardCharsets.UTF_8);
    ModelManifest shipped = ManifestReader.read(DefaultModels.EMBEDDING_INT8);
    return new ModelManifest(
        shipped.id(),
        shipped.version(),
        shipped.task(),
        "derived.onnx",
        ModelFiles.sha256(dir.resolve("derived.onnx")),
        shipped.source(),
        shipped.licence(),
        shipped.input(),
        shipped.outputs(),
        shipped.dimension(),
        shipped.alignmentTemplate(),
        shipped.parameters(),
        new ModelDerivation(
            "published.onnx", ModelFiles.sha256(dir.resolve("published.onnx")), "int8"));
  }
}
