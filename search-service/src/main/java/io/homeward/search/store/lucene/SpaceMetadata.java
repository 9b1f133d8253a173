package io.homeward.search.store.lucene;

import io.homeward.search.domain.VectorSpace;
import io.homeward.search.index.IndexSchemaException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The marker file of a space's index directory: which space, metric and document format the index
 * holds. Written once when the index is created (atomically, synced), checked on every open.
 */
final class SpaceMetadata {
  static final String FILE_NAME = "homeward-space.properties";

  /** Bump when the document fields change; an index of another format is refused. */
  static final int FORMAT_VERSION = 1;

  static final String SIMILARITY = "DOT_PRODUCT";

  private SpaceMetadata() {}

  static Map<String, String> expected(VectorSpace space) {
    Map<String, String> values = new TreeMap<>();
    values.put("format.version", Integer.toString(FORMAT_VERSION));
    values.put("model.id", space.modelId());
    values.put("model.version", space.modelVersion());
    values.put("dimension", Integer.toString(space.dimension()));
    values.put("similarity", SIMILARITY);
    return values;
  }

  static boolean exists(Path directory) {
    return Files.exists(directory.resolve(FILE_NAME));
  }

  static void write(Path directory, VectorSpace space) throws IOException {
    Properties properties = new Properties();
    properties.putAll(expected(space));
    Path target = directory.resolve(FILE_NAME);
    Path temp = directory.resolve(FILE_NAME + ".tmp");
    try (OutputStream out = Files.newOutputStream(temp)) {
      properties.store(out, "Homeward embedded face index; do not edit");
    }
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * @throws IndexSchemaException if the file is missing, unreadable or describes another space
   */
  static void verify(Path directory, VectorSpace space) throws IOException {
    Path file = directory.resolve(FILE_NAME);
    if (!Files.exists(file)) {
      throw new IndexSchemaException(
          "embedded index of " + space + " has no " + FILE_NAME + ": refusing to open it");
    }
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      properties.load(in);
    } catch (IllegalArgumentException e) {
      throw new IndexSchemaException(
          "embedded index of " + space + " has a malformed " + FILE_NAME);
    }
    for (Map.Entry<String, String> entry : expected(space).entrySet()) {
      String found = properties.getProperty(entry.getKey());
      if (!entry.getValue().equals(found)) {
        // Values are model names and numbers, never personal data: safe to report.
        throw new IndexSchemaException(
            "embedded index of "
                + space
                + " records "
                + entry.getKey()
                + "="
                + found
                + ", expected "
                + entry.getValue());
      }
    }
  }
}
