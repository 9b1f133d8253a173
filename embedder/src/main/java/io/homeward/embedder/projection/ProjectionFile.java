package io.homeward.embedder.projection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.homeward.support.config.Locations;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * A projection as a small JSON file: id, model, kind, dimensions, provenance first (readable), then
 * the matrix as base64 of little-endian float32, row-major. Format {@value #FORMAT}.
 */
public final class ProjectionFile {
  public static final String FORMAT = "homeward-projection/1";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ProjectionFile() {}

  /**
   * Reads and validates a projection from {@code classpath:...} or a file path.
   *
   * @throws IllegalArgumentException naming the location when it is missing or malformed
   */
  public static Projection read(String location) {
    try (InputStream in = Locations.open(location, ProjectionFile.class)) {
      return parse(JSON.readTree(in));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "projection " + location + " cannot be read: " + e.getMessage(), e);
    }
  }

  /** Writes {@code p} to {@code file}, creating parent folders. */
  public static void write(Projection p, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, toJson(p) + "\n");
  }

  static String toJson(Projection p) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("id", p.id());
    root.put("modelId", p.modelId());
    root.put("modelVersion", p.modelVersion());
    root.put("vectorVersion", p.vectorVersion());
    root.put("kind", p.kind().fileName());
    root.put("inputDimension", p.inputDimension());
    root.put("outputDimension", p.outputDimension());
    root.set("provenance", JSON.valueToTree(p.provenance()));
    root.put("apply", "v' = normalise(M v) for the L2-normalised model vector v");
    float[] m = p.copyMatrix();
    if (m != null) {
      root.put("matrix", encode(m));
    }
    return JSON.writeValueAsString(root);
  }

  private static Projection parse(JsonNode root) throws IOException {
    String format = text(root, "format");
    if (!FORMAT.equals(format)) {
      throw new IllegalArgumentException("format is '" + format + "', expected " + FORMAT);
    }
    Provenance provenance = JSON.treeToValue(required(root, "provenance"), Provenance.class);
    JsonNode matrix = root.get("matrix");
    int in = required(root, "inputDimension").asInt();
    int out = required(root, "outputDimension").asInt();
    float[] values = matrix == null || matrix.isNull() ? null : decode(matrix.asText());
    Projection p =
        Projection.builder()
            .id(text(root, "id"))
            .model(text(root, "modelId"), text(root, "modelVersion"))
            .kind(ProjectionKind.parse(text(root, "kind")))
            .dimensions(in, out)
            .matrix(values)
            .provenance(provenance)
            .build();
    JsonNode declared = root.get("vectorVersion");
    if (declared != null && !declared.asText().equals(p.vectorVersion())) {
      throw new IllegalArgumentException(
          "vectorVersion '" + declared.asText() + "' does not match " + p.vectorVersion());
    }
    return p;
  }

  private static JsonNode required(JsonNode root, String field) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      throw new IllegalArgumentException("missing field '" + field + "'");
    }
    return n;
  }

  private static String text(JsonNode root, String field) {
    return required(root, field).asText();
  }

  static String encode(float[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return Base64.getEncoder().encodeToString(b.array());
  }

  static float[] decode(String base64) {
    byte[] bytes = Base64.getDecoder().decode(base64);
    if (bytes.length % 4 != 0) {
      throw new IllegalArgumentException("matrix is not a whole number of float32 values");
    }
    float[] values = new float[bytes.length / 4];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    return values;
  }
}
