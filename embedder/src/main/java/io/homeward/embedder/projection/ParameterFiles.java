package io.homeward.embedder.projection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.homeward.support.config.Locations;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * What the projection and fused-space files share: small JSON files read from {@code classpath:...}
 * or a path, their required fields, and float32 arrays as base64 of little-endian bytes.
 */
final class ParameterFiles {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ParameterFiles() {}

  /** Makes the object a file describes, or says why it cannot. */
  interface Parser<T> {
    T parse(JsonNode root) throws IOException;
  }

  /**
   * Reads and parses the file at {@code location}.
   *
   * @throws IllegalArgumentException naming {@code what} and the location when it is missing or
   *     malformed
   */
  static <T> T read(String location, String what, Parser<T> parser) {
    try (InputStream in = Locations.open(location, ParameterFiles.class)) {
      return parser.parse(JSON.readTree(in));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          what + " " + location + " cannot be read: " + e.getMessage(), e);
    }
  }

  /** Writes {@code json} and a newline to {@code file}, creating parent folders. */
  static void write(Path file, String json) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, json + "\n");
  }

  static JsonNode required(JsonNode root, String field) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      throw new IllegalArgumentException("missing field '" + field + "'");
    }
    return n;
  }

  static String text(JsonNode root, String field) {
    return required(root, field).asText();
  }

  /** Checks the file's format field. */
  static void format(JsonNode root, String expected) {
    String format = text(root, "format");
    if (!expected.equals(format)) {
      throw new IllegalArgumentException("format is '" + format + "', expected " + expected);
    }
  }

  static String encode(float[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return Base64.getEncoder().encodeToString(b.array());
  }

  static float[] decode(String base64) {
    byte[] bytes = Base64.getDecoder().decode(base64);
    if (bytes.length % 4 != 0) {
      throw new IllegalArgumentException("not a whole number of float32 values");
    }
    float[] values = new float[bytes.length / 4];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    return values;
  }
}
