package io.homeward.support.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test data that lives outside the repository, in {@code ../shared}: fixtures (real photos) and
 * research datasets. Tests that need it skip with a message when it is absent, as on a fresh clone
 * elsewhere.
 */
public final class SharedData {
  private SharedData() {}

  /** The shared folder, or a skipped test. */
  public static Path sharedDir() {
    String configured = System.getProperty("homeward.shared.dir");
    Path dir = configured != null ? Path.of(configured) : Path.of("..", "..", "shared");
    assumeTrue(
        Files.isDirectory(dir.resolve("fixtures")),
        "skipped: ../shared/fixtures is absent (test images are not part of the repository)");
    return dir.toAbsolutePath().normalize();
  }

  /** A fixture file, e.g. {@code people/obama_obama.jpg}, or a skipped test. */
  public static Path fixture(String relative) {
    Path file = sharedDir().resolve("fixtures").resolve(relative);
    assumeTrue(Files.isRegularFile(file), "skipped: fixture " + relative + " is absent");
    return file;
  }

  public static byte[] fixtureBytes(String relative) {
    try {
      return Files.readAllBytes(fixture(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A research dataset folder under {@code ../shared/datasets}, e.g. {@code lag}, or a skip. */
  public static Path dataset(String name, String manifest) {
    Path dir = sharedDir().resolve("datasets").resolve(name);
    assumeTrue(
        Files.isRegularFile(dir.resolve(manifest)),
        "skipped: ../shared/datasets/" + name + " is absent (research sets are never committed)");
    return dir;
  }

  /** Where the build cached the weights. */
  public static Path modelsDir() {
    String configured = System.getProperty("homeward.models.dir");
    return configured != null
        ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".cache", "homeward", "models");
  }
}
