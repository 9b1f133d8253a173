package io.homeward.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Weight files are found relative to the models folder and used only when their sha256 matches. */
class ModelFilesTest {
  @TempDir Path modelsDir;

  private byte[] weights;

  @BeforeEach
  void someWeights() {
    weights = new byte[100_000];
    new Random(7).nextBytes(weights);
  }

  private static ModelManifest manifest(String file, String sha256, ModelSource source) {
    return new ModelManifest(
        "test-detector",
        "1",
        ModelTask.DETECTOR,
        file,
        sha256,
        source,
        "test only",
        new InputSpec("input", 320, 240, ColorOrder.RGB, new float[3], ones(), 1),
        List.of("scores", "boxes"),
        0,
        List.of(),
        Map.of());
  }

  private static ModelManifest npmManifest(String file, String sha256) {
    return manifest(
        file, sha256, new ModelSource("npm", "faceplugin", "1.0.3", "package/model/x.onnx"));
  }

  private static float[] ones() {
    return new float[] {1f, 1f, 1f};
  }

  private Path writeWeights(String relative) throws IOException {
    Path file = modelsDir.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.write(file, weights);
    return file;
  }

  @Test
  void sha256MatchesKnownVectors() throws IOException {
    Path abc = modelsDir.resolve("abc");
    Files.writeString(abc, "abc", StandardCharsets.US_ASCII);
    Path empty = modelsDir.resolve("empty");
    Files.write(empty, new byte[0]);

    assertThat(ModelFiles.sha256(abc))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(ModelFiles.sha256(empty))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void sha256OfAFileLargerThanTheReadBufferIsTheWholeFile() throws IOException {
    // 1,000,000 x 'a' is a NIST test vector and spans many 64 KiB reads.
    Path million = modelsDir.resolve("million-a");
    Files.write(million, "a".repeat(1_000_000).getBytes(StandardCharsets.US_ASCII));

    assertThat(ModelFiles.sha256(million))
        .isEqualTo("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  }

  @Test
  void theRightFileVerifies() throws IOException {
    Path file = writeWeights("faceplugin-1.0.3/w.onnx");
    ModelManifest manifest = npmManifest("faceplugin-1.0.3/w.onnx", ModelFiles.sha256(file));

    VerifiedModel verified = new ModelFiles(modelsDir).verify(manifest);

    assertThat(verified.weights()).isEqualTo(file.toAbsolutePath().normalize());
    assertThat(Files.readAllBytes(verified.weights())).isEqualTo(weights);
    assertThat(verified.manifest()).isSameAs(manifest);
    assertThat(verified).hasToString("VerifiedModel[test-detector@1]");
  }

  @Test
  void relativeFilesResolveAgainstTheModelsFolderNotTheWorkingDirectory() throws IOException {
    Path file = writeWeights("sub/dir/w.onnx");
    ModelManifest manifest = npmManifest("sub/dir/w.onnx", ModelFiles.sha256(file));

    ModelFiles files = new ModelFiles(modelsDir);

    assertThat(files.modelsDir()).isEqualTo(modelsDir.toAbsolutePath().normalize());
    assertThat(files.verify(manifest).weights())
        .isEqualTo(modelsDir.toAbsolutePath().normalize().resolve("sub/dir/w.onnx"));
    // A models folder given with redundant segments still finds it.
    assertThat(new ModelFiles(modelsDir.resolve("sub/..")).verify(manifest).weights())
        .isEqualTo(modelsDir.toAbsolutePath().normalize().resolve("sub/dir/w.onnx"));
  }

  @Test
  void aMissingFileNamesThePathAndHowToFetchIt() {
    ModelManifest manifest =
        npmManifest(
            "faceplugin-1.0.3/absent.onnx",
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

    ModelUnavailableException e =
        catchThrowableOfType(
            ModelUnavailableException.class, () -> new ModelFiles(modelsDir).verify(manifest));

    assertThat(e).isNotNull();
    assertThat(e.getMessage())
        .contains(modelsDir.resolve("faceplugin-1.0.3/absent.onnx").toString())
        .contains("is missing")
        .contains("fetch-weights.sh")
        .contains("faceplugin@1.0.3")
        .contains("test-detector@1");
  }

  @Test
  void aFolderInPlaceOfTheFileIsMissingNotVerified() throws IOException {
    Files.createDirectories(modelsDir.resolve("faceplugin-1.0.3/w.onnx"));
    ModelManifest manifest =
        npmManifest(
            "faceplugin-1.0.3/w.onnx",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

    assertThat(
            catchThrowableOfType(
                ModelUnavailableException.class, () -> new ModelFiles(modelsDir).verify(manifest)))
        .hasMessageContaining("is missing");
  }

  @Test
  void aCorruptedFileIsRefusedWithBothChecksums() throws IOException {
    Path file = writeWeights("faceplugin-1.0.3/w.onnx");
    String expected = ModelFiles.sha256(file);
    weights[weights.length / 2] ^= 0x01; // one bit of one byte
    Files.write(file, weights);
    String actual = ModelFiles.sha256(file);
    ModelManifest manifest = npmManifest("faceplugin-1.0.3/w.onnx", expected);

    ModelUnavailableException e =
        catchThrowableOfType(
            ModelUnavailableException.class, () -> new ModelFiles(modelsDir).verify(manifest));

    assertThat(actual).isNotEqualTo(expected);
    assertThat(e).isNotNull();
    assertThat(e.getMessage())
        .contains(file.toString())
        .contains("corrupt")
        .contains(actual)
        .contains(expected)
        .contains("fetch-weights.sh");
  }

  @Test
  void aTruncatedFileIsRefused() throws IOException {
    Path file = writeWeights("w.onnx");
    ModelManifest manifest = npmManifest("w.onnx", ModelFiles.sha256(file));
    Files.write(file, java.util.Arrays.copyOf(weights, weights.length - 1));

    assertThat(
            catchThrowableOfType(
                ModelUnavailableException.class, () -> new ModelFiles(modelsDir).verify(manifest)))
        .hasMessageContaining("corrupt");
  }

  @Test
  void aLocalModelsMessageSaysWhereToPlaceItNotToRunTheNpmScript() {
    ModelManifest manifest =
        manifest(
            "licensed/arcface.onnx",
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            new ModelSource("local", "licensed", "2024", "arcface.onnx"));

    ModelUnavailableException e =
        catchThrowableOfType(
            ModelUnavailableException.class, () -> new ModelFiles(modelsDir).verify(manifest));

    assertThat(e.getMessage())
        .contains(modelsDir.resolve("licensed/arcface.onnx").toString())
        .contains("Place the file")
        .doesNotContain("fetch-weights.sh");
  }
}
