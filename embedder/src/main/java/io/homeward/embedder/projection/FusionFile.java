package io.homeward.embedder.projection;

import static io.homeward.embedder.projection.ParameterFiles.JSON;
import static io.homeward.embedder.projection.ParameterFiles.required;
import static io.homeward.embedder.projection.ParameterFiles.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A fused vector space as a small JSON file: id, version, the two members, the weight and the
 * provenance first (readable), then the secondary model's centre as base64 of little-endian
 * float32. Format {@value #FORMAT}.
 */
public final class FusionFile {
  public static final String FORMAT = "homeward-fusion/1";

  private FusionFile() {}

  /**
   * Reads and validates a fused space from {@code classpath:...} or a file path.
   *
   * @throws IllegalArgumentException naming the location when it is missing or malformed
   */
  public static FusedSpace read(String location) {
    return ParameterFiles.read(location, "fused space", FusionFile::parse);
  }

  /** Writes {@code f} to {@code file}, creating parent folders. */
  public static void write(FusedSpace f, Path file) throws IOException {
    ParameterFiles.write(file, toJson(f));
  }

  static String toJson(FusedSpace f) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("id", f.id());
    root.put("version", f.version());
    root.put("dimension", f.dimension());
    root.set("primary", JSON.valueToTree(f.primary()));
    root.set("secondary", JSON.valueToTree(f.secondary()));
    root.put("primaryWeight", f.primaryWeight());
    root.set("provenance", JSON.valueToTree(f.provenance()));
    root.put(
        "apply",
        "v = [sqrt(w) p, sqrt(1 - w) normalise(s - centre)] for the primary's projected vector p and"
            + " the secondary's L2-normalised vector s");
    root.put("centre", ParameterFiles.encode(f.copyCentre()));
    return JSON.writeValueAsString(root);
  }

  private static FusedSpace parse(JsonNode root) throws IOException {
    ParameterFiles.format(root, FORMAT);
    FusedSpace f =
        new FusedSpace(
            text(root, "id"),
            text(root, "version"),
            JSON.treeToValue(required(root, "primary"), FusedSpace.Member.class),
            JSON.treeToValue(required(root, "secondary"), FusedSpace.Member.class),
            required(root, "primaryWeight").asDouble(),
            ParameterFiles.decode(text(root, "centre")),
            JSON.treeToValue(required(root, "provenance"), Provenance.class));
    JsonNode declared = root.get("dimension");
    if (declared != null && declared.asInt() != f.dimension()) {
      throw new IllegalArgumentException(
          "dimension " + declared.asInt() + " does not match its members' " + f.dimension());
    }
    return f;
  }
}
