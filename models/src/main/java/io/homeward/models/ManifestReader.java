package io.homeward.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads model manifests (JSON) from the classpath ({@code classpath:homeward/models/x.json}) or
 * from a file, so a deployment can drop in its own model with no code change.
 */
public final class ManifestReader {
  /** Prefix of manifest locations on the classpath. */
  public static final String CLASSPATH = "classpath:";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ManifestReader() {}

  /**
   * Reads one manifest.
   *
   * @throws ModelUnavailableException if it cannot be found, read, or is malformed; the message
   *     names the location and the field
   */
  public static ModelManifest read(String location) {
    JsonNode root;
    try (InputStream in = open(location)) {
      root = JSON.readTree(in);
    } catch (IOException e) {
      throw new ModelUnavailableException(
          "model manifest " + location + " cannot be read: " + e.getMessage(), e);
    }
    try {
      return parse(root);
    } catch (RuntimeException e) {
      throw new ModelUnavailableException(
          "model manifest " + location + " is invalid: " + e.getMessage(), e);
    }
  }

  private static InputStream open(String location) throws IOException {
    if (location.startsWith(CLASSPATH)) {
      String resource = location.substring(CLASSPATH.length());
      InputStream in = ManifestReader.class.getClassLoader().getResourceAsStream(resource);
      if (in == null) {
        throw new IOException("no such resource on the classpath");
      }
      return in;
    }
    return Files.newInputStream(Path.of(location));
  }

  static ModelManifest parse(JsonNode root) {
    JsonNode source = required(root, "source");
    JsonNode input = required(root, "input");
    return new ModelManifest(
        text(root, "id"),
        text(root, "version"),
        ModelTask.valueOf(text(root, "task")),
        text(root, "file"),
        text(root, "sha256"),
        new ModelSource(
            text(source, "registry"),
            optionalText(source, "package"),
            optionalText(source, "packageVersion"),
            optionalText(source, "path")),
        text(root, "licence"),
        new InputSpec(
            text(input, "name"),
            required(input, "width").asInt(),
            required(input, "height").asInt(),
            ColorOrder.valueOf(text(input, "colorOrder")),
            floats(required(input, "mean")),
            floats(required(input, "scale")),
            input.path("maxBatch").asInt(1)),
        strings(required(root, "outputs")),
        root.path("dimension").asInt(0),
        points(root.path("alignmentTemplate")),
        numbers(root.path("parameters")));
  }

  private static JsonNode required(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("field '" + field + "' is missing");
    }
    return value;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = required(node, field);
    if (!value.isTextual()) {
      throw new IllegalArgumentException("field '" + field + "' must be a string");
    }
    return value.asText();
  }

  private static String optionalText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? "" : value.asText();
  }

  private static float[] floats(JsonNode array) {
    if (!array.isArray()) {
      throw new IllegalArgumentException("expected an array of numbers");
    }
    float[] values = new float[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) array.get(i).asDouble(Double.NaN);
    }
    return values;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  private static List<ModelManifest.Point2> points(JsonNode array) {
    List<ModelManifest.Point2> points = new ArrayList<>();
    if (array.isArray()) {
      for (JsonNode p : array) {
        if (!p.isArray() || p.size() != 2) {
          throw new IllegalArgumentException("alignmentTemplate points must be [x, y] pairs");
        }
        points.add(
            new ModelManifest.Point2((float) p.get(0).asDouble(), (float) p.get(1).asDouble()));
      }
    }
    return points;
  }

  private static Map<String, Double> numbers(JsonNode object) {
    Map<String, Double> values = new LinkedHashMap<>();
    if (object.isObject()) {
      object.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asDouble()));
    }
    return values;
  }
}
