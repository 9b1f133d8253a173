package io.homeward.embedder.projection;

import static io.homeward.embedder.projection.ParameterFiles.JSON;
import static io.homeward.embedder.projection.ParameterFiles.required;
import static io.homeward.embedder.projection.ParameterFiles.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A projection as a small JSON file: id, model, kind, dimensions, provenance first (readable), then
 * the matrix as base64 of little-endian float32, row-major. Format {@value #FORMAT}.
 */
public final class ProjectionFile {
  public static final String FORMAT = "homeward-projection/1";

  private ProjectionFile() {}

  /**
   * Reads and validates a projection from {@code classpath:...} or a file path.
   *
   * @throws IllegalArgumentException naming the location when it is missing or malformed
   */
  public static Projection read(String location) {
    return ParameterFiles.read(location, "projection", ProjectionFile::parse);
  }

  /** Writes {@code p} to {@code file}, creating parent folders. */
  public static void write(Projection p, Path file) throws IOException {
    ParameterFiles.write(file, toJson(p));
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
      root.put("matrix", ParameterFiles.encode(m));
    }
    return JSON.writeValueAsString(root);
  }

  private static Projection parse(JsonNode root) throws IOException {
    ParameterFiles.format(root, FORMAT);
    Provenance provenance = JSON.treeToValue(required(root, "provenance"), Provenance.class);
    JsonNode matrix = root.get("matrix");
    int in = required(root, "inputDimension").asInt();
    int out = required(root, "outputDimension").asInt();
    float[] values =
        matrix == null || matrix.isNull() ? null : ParameterFiles.decode(matrix.asText());
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
}
