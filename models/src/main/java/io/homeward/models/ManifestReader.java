package io.homeward.models;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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

  // Strict: a manifest pins a checksum, so a duplicated key (the fetch script reads the first, a
  // lenient reader the last) or a second document after the first is refused, not guessed at.
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

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
    } catch (NoSuchFileException e) {
      throw new ModelUnavailableException(
          "model manifest " + location + " cannot be read: the file does not exist", e);
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
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("it is not a JSON object");
    }
    JsonNode source = required(root, "source");
    JsonNode input = required(root, "input");
    ColorOrder colorOrder = enumValue(ColorOrder.class, input, "colorOrder", "input.colorOrder");
    if (input.has("channels")
        && integer(input, "channels", "input.channels", 0) != colorOrder.channels()) {
      throw new IllegalArgumentException(
          "input.channels is "
              + input.get("channels")
              + " but "
              + colorOrder
              + " has "
              + colorOrder.channels());
    }
    return new ModelManifest(
        text(root, "id"),
        text(root, "version"),
        enumValue(ModelTask.class, root, "task", "task"),
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
            integer(required(input, "width"), "input.width"),
            integer(required(input, "height"), "input.height"),
            colorOrder,
            floats(required(input, "mean"), "input.mean"),
            floats(required(input, "scale"), "input.scale"),
            integer(input, "maxBatch", "input.maxBatch", 1)),
        strings(required(root, "outputs")),
        integer(root, "dimension", "dimension", 0),
        points(root.path("alignmentTemplate")),
        numbers(root.path("parameters")),
        derivation(root));
  }

  // Flat keys, one per line, like the rest: fetch-weights.sh reads them with sed.
  private static ModelDerivation derivation(JsonNode root) {
    if (!root.has("derivedFrom")) {
      return null;
    }
    return new ModelDerivation(
        text(root, "derivedFrom"), text(root, "derivedFromSha256"), text(root, "recipe"));
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

  private static <E extends Enum<E>> E enumValue(
      Class<E> type, JsonNode node, String field, String name) {
    String value = text(node, field);
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equals(value)) {
        return constant;
      }
    }
    throw new IllegalArgumentException(
        name
            + " '"
            + value
            + "' is unknown; expected one of "
            + Arrays.toString(type.getEnumConstants()));
  }

  private static int integer(JsonNode value, String name) {
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw new IllegalArgumentException(name + " must be a whole number, not " + value);
    }
    return value.intValue();
  }

  private static int integer(JsonNode node, String field, String name, int fallback) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? fallback : integer(value, name);
  }

  private static double number(JsonNode value, String name) {
    if (!value.isNumber()) {
      throw new IllegalArgumentException(name + " must be a number, not " + value);
    }
    return value.doubleValue();
  }

  private static String optionalText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? "" : value.asText();
  }

  private static float[] floats(JsonNode array, String name) {
    if (!array.isArray()) {
      throw new IllegalArgumentException(name + " must be an array of numbers");
    }
    float[] values = new float[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) number(array.get(i), name + "[" + i + "]");
    }
    return values;
  }

  private static List<String> strings(JsonNode array) {
    if (!array.isArray()) {
      throw new IllegalArgumentException("outputs must be an array of names");
    }
    List<String> values = new ArrayList<>();
    for (JsonNode v : array) {
      if (!v.isTextual() || v.asText().isBlank()) {
        throw new IllegalArgumentException("outputs must be names, not " + v);
      }
      values.add(v.asText());
    }
    return values;
  }

  private static List<ModelManifest.Point2> points(JsonNode array) {
    List<ModelManifest.Point2> points = new ArrayList<>();
    if (!array.isMissingNode() && !array.isNull() && !array.isArray()) {
      throw new IllegalArgumentException("alignmentTemplate must be an array of [x, y] pairs");
    }
    if (array.isArray()) {
      for (JsonNode p : array) {
        if (!p.isArray() || p.size() != 2) {
          throw new IllegalArgumentException("alignmentTemplate points must be [x, y] pairs");
        }
        points.add(
            new ModelManifest.Point2(
                (float) number(p.get(0), "alignmentTemplate x"),
                (float) number(p.get(1), "alignmentTemplate y")));
      }
    }
    return points;
  }

  private static Map<String, Double> numbers(JsonNode object) {
    Map<String, Double> values = new LinkedHashMap<>();
    if (!object.isMissingNode() && !object.isNull() && !object.isObject()) {
      throw new IllegalArgumentException("parameters must be an object of numbers");
    }
    if (object.isObject()) {
      object
          .fields()
          .forEachRemaining(
              e -> values.put(e.getKey(), number(e.getValue(), "parameters." + e.getKey())));
    }
    return values;
  }
}
