package io.homeward.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broken manifest is refused at start-up with a message that names the manifest and the problem,
 * never accepted with a silently wrong value.
 */
class ManifestValidationTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /** A valid embedding manifest; each test breaks one thing. */
  private static ObjectNode valid() {
    ObjectNode m = JSON.createObjectNode();
    m.put("id", "test-embedder");
    m.put("version", "1");
    m.put("task", "EMBEDDING");
    m.put("file", "test/weights.onnx");
    m.put("sha256", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    ObjectNode source = m.putObject("source");
    source.put("registry", "local");
    m.put("licence", "test only");
    ObjectNode input = m.putObject("input");
    input.put("name", "input");
    input.put("width", 112);
    input.put("height", 112);
    input.put("colorOrder", "RGB");
    input.putArray("mean").add(127.0).add(127.0).add(127.0);
    input.putArray("scale").add(0.0078125).add(0.0078125).add(0.0078125);
    m.putArray("outputs").add("output");
    m.put("dimension", 512);
    ArrayNode template = m.putArray("alignmentTemplate");
    double[][] points = {{38.3, 51.7}, {73.5, 51.5}, {56.0, 71.7}, {41.5, 92.4}, {70.7, 92.2}};
    for (double[] p : points) {
      template.addArray().add(p[0]).add(p[1]);
    }
    m.putObject("parameters");
    return m;
  }

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  private Path write(Consumer<ObjectNode> breakIt) throws IOException {
    ObjectNode m = valid();
    breakIt.accept(m);
    return write("manifest.json", JSON.writerWithDefaultPrettyPrinter().writeValueAsString(m));
  }

  private static ModelUnavailableException refused(Path manifest) {
    ModelUnavailableException e =
        catchThrowableOfType(
            ModelUnavailableException.class, () -> ManifestReader.read(manifest.toString()));
    assertThat(e).as("manifest %s should be refused", manifest).isNotNull();
    assertThat(e.getMessage()).contains(manifest.toString());
    return e;
  }

  private static ObjectNode input(ObjectNode m) {
    return (ObjectNode) m.get("input");
  }

  @Test
  void theValidBaseManifestReads() throws IOException {
    ModelManifest m = ManifestReader.read(write(x -> {}).toString());

    assertThat(m.ref()).isEqualTo("test-embedder@1");
    assertThat(m.dimension()).isEqualTo(512);
    assertThat(m.alignmentTemplate()).hasSize(5);
  }

  @Test
  void missingIdIsRefused() throws IOException {
    assertThat(refused(write(m -> m.remove("id")))).hasMessageContaining("'id' is missing");
  }

  @Test
  void malformedIdIsRefused() throws IOException {
    assertThat(refused(write(m -> m.put("id", "Has Spaces/../x"))))
        .hasMessageContaining("id is missing or malformed");
  }

  @Test
  void malformedSha256IsRefused() throws IOException {
    assertThat(refused(write(m -> m.put("sha256", "not-a-checksum"))))
        .hasMessageContaining("sha256 is missing or malformed");
    // One hex digit short.
    assertThat(
            refused(
                write(
                    m ->
                        m.put(
                            "sha256",
                            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a"))))
        .hasMessageContaining("sha256");
    // Upper case: the build script and sha256sum print lower case, so the manifest must too.
    assertThat(
            refused(
                write(
                    m ->
                        m.put(
                            "sha256",
                            "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"))))
        .hasMessageContaining("sha256");
  }

  @Test
  void unknownTaskIsRefusedNamingTheTaskAndTheKnownOnes() throws IOException {
    assertThat(refused(write(m -> m.put("task", "CLASSIFIER"))))
        .hasMessageContaining("task")
        .hasMessageContaining("CLASSIFIER")
        .hasMessageContaining("EMBEDDING");
  }

  @Test
  void unknownColorOrderIsRefused() throws IOException {
    assertThat(refused(write(m -> input(m).put("colorOrder", "YUV"))))
        .hasMessageContaining("colorOrder")
        .hasMessageContaining("YUV");
  }

  @Test
  void meanOrScaleLengthMustMatchTheColourOrder() throws IOException {
    assertThat(refused(write(m -> input(m).putArray("mean").add(127.0))))
        .hasMessageContaining("input.mean and input.scale need 3 values for RGB");
    assertThat(refused(write(m -> input(m).putArray("scale").add(1.0).add(1.0))))
        .hasMessageContaining("need 3 values for RGB");
    assertThat(refused(write(m -> input(m).put("colorOrder", "GRAY"))))
        .hasMessageContaining("need 1 values for GRAY");
  }

  @Test
  void declaredChannelsMustAgreeWithTheColourOrder() throws IOException {
    assertThat(refused(write(m -> input(m).put("channels", 1))))
        .hasMessageContaining("channels")
        .hasMessageContaining("RGB");
    // Agreeing is fine.
    ManifestReader.read(write(m -> input(m).put("channels", 3)).toString());
  }

  @Test
  void nonPositiveScaleIsRefused() throws IOException {
    assertThat(
            refused(write(m -> input(m).putArray("scale").add(0.0078125).add(0.0).add(0.0078125))))
        .hasMessageContaining("input.scale values must be positive");
    assertThat(refused(write(m -> input(m).putArray("scale").add(-1.0).add(-1.0).add(-1.0))))
        .hasMessageContaining("input.scale values must be positive");
  }

  @Test
  void nonNumericMeanOrScaleIsRefusedNotReadAsNaN() throws IOException {
    assertThat(refused(write(m -> input(m).putArray("mean").add("a").add("b").add("c"))))
        .hasMessageContaining("input.mean");
    assertThat(refused(write(m -> input(m).put("mean", 127.0)))).hasMessageContaining("input.mean");
  }

  @Test
  void inputSizeOutOfRangeIsRefused() throws IOException {
    assertThat(refused(write(m -> input(m).put("width", 0)))).hasMessageContaining("input size");
    assertThat(refused(write(m -> input(m).remove("height")))).hasMessageContaining("'height'");
  }

  @Test
  void sizesAndDimensionMustBeWholeNumbers() throws IOException {
    assertThat(refused(write(m -> input(m).put("width", "112"))))
        .hasMessageContaining("input.width must be a whole number");
    assertThat(refused(write(m -> m.put("dimension", 512.5))))
        .hasMessageContaining("dimension must be a whole number");
    assertThat(refused(write(m -> input(m).put("maxBatch", "many"))))
        .hasMessageContaining("input.maxBatch");
  }

  @Test
  void templateCoordinatesMustBeNumbers() throws IOException {
    assertThat(
            refused(
                write(
                    m ->
                        ((ArrayNode) m.get("alignmentTemplate"))
                            .set(0, JSON.createArrayNode().add("x").add(51.7)))))
        .hasMessageContaining("alignmentTemplate x must be a number");
    assertThat(refused(write(m -> m.putObject("alignmentTemplate"))))
        .hasMessageContaining("alignmentTemplate must be an array");
  }

  @Test
  void outputsMustBeAnArrayOfNames() throws IOException {
    assertThat(refused(write(m -> m.put("outputs", "output"))))
        .hasMessageContaining("outputs must be an array");
    assertThat(refused(write(m -> m.putArray("outputs").add(1)))).hasMessageContaining("outputs");
  }

  @Test
  void embeddingWithoutDimensionIsRefused() throws IOException {
    assertThat(refused(write(m -> m.remove("dimension")))).hasMessageContaining("dimension");
    assertThat(refused(write(m -> m.put("dimension", 0)))).hasMessageContaining("dimension");
  }

  @Test
  void embeddingWithoutFivePointTemplateIsRefused() throws IOException {
    assertThat(refused(write(m -> m.remove("alignmentTemplate"))))
        .hasMessageContaining("five-point alignmentTemplate");
    assertThat(refused(write(m -> ((ArrayNode) m.get("alignmentTemplate")).remove(4))))
        .hasMessageContaining("five-point alignmentTemplate");
    assertThat(
            refused(
                write(
                    m ->
                        ((ArrayNode) m.get("alignmentTemplate"))
                            .set(0, JSON.createArrayNode().add(1.0)))))
        .hasMessageContaining("[x, y] pairs");
  }

  @Test
  void nonNumericParameterIsRefusedNotReadAsZero() throws IOException {
    assertThat(
            refused(write(m -> ((ObjectNode) m.get("parameters")).put("scoreThreshold", "high"))))
        .hasMessageContaining("parameters.scoreThreshold must be a number");
    assertThat(refused(write(m -> m.putArray("parameters")))).hasMessageContaining("parameters");
  }

  @Test
  void emptyOutputsAreRefused() throws IOException {
    assertThat(refused(write(m -> m.putArray("outputs")))).hasMessageContaining("outputs");
  }

  @Test
  void unreadableJsonIsRefused() throws IOException {
    assertThat(refused(write("truncated.json", "{ \"id\": \"x\", \"task\": ")))
        .hasMessageContaining("cannot be read");
    assertThat(refused(write("empty.json", ""))).hasMessageContaining("not a JSON object");
    assertThat(refused(write("array.json", "[1, 2, 3]"))).hasMessageContaining("not a JSON object");
  }

  @Test
  void aDuplicatedKeyIsRefused() throws IOException {
    // The fetch script reads the first "sha256" of a manifest; a reader that took the last one
    // would
    // verify a different checksum than the build did.
    String json = JSON.writeValueAsString(valid());
    String twice =
        json.replaceFirst(
            "\"sha256\"",
            "\"sha256\":\"0000000000000000000000000000000000000000000000000000000000000000\",\"sha256\"");
    assertThat(refused(write("dup.json", twice))).hasMessageContaining("sha256");
  }

  @Test
  void trailingContentIsRefused() throws IOException {
    String json = JSON.writeValueAsString(valid());
    assertThat(refused(write("two.json", json + "\n" + json)))
        .hasMessageContaining("cannot be read");
  }

  @Test
  void aMissingManifestFileIsRefusedSayingSo() {
    Path absent = dir.resolve("no-such-manifest.json");
    assertThat(refused(absent)).hasMessageContaining("does not exist");
  }

  @Test
  void aMissingClasspathResourceIsRefusedSayingSo() {
    String location = ManifestReader.CLASSPATH + "homeward/models/no-such-model.json";
    ModelUnavailableException e =
        catchThrowableOfType(ModelUnavailableException.class, () -> ManifestReader.read(location));

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains(location).contains("no such resource on the classpath");
  }
}
