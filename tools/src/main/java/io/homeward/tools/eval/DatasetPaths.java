package io.homeward.tools.eval;

import java.nio.file.Path;

/**
 * Resolves file names from a dataset manifest against the dataset folder. A manifest is data, not
 * code: a name that climbs out of the folder ({@code ..}) or is absolute is refused rather than
 * followed.
 */
public final class DatasetPaths {
  private DatasetPaths() {}

  /**
   * The file {@code relative} inside {@code folder}.
   *
   * @throws IllegalArgumentException when the name is empty, absolute or escapes the folder
   */
  public static Path resolveInside(Path folder, String relative) {
    if (relative == null || relative.isBlank()) {
      throw new IllegalArgumentException("empty file name");
    }
    Path base = folder.toAbsolutePath().normalize();
    Path given = base.getFileSystem().getPath(relative);
    if (given.isAbsolute() || relative.startsWith("/") || relative.startsWith("\\")) {
      throw new IllegalArgumentException("absolute file name not allowed: " + relative);
    }
    Path resolved = base.resolve(given).normalize();
    // normalize() folds "a/../.." away, so test the result, not the spelling.
    if (!resolved.startsWith(base) || resolved.equals(base)) {
      throw new IllegalArgumentException("file name escapes the dataset folder: " + relative);
    }
    return resolved;
  }
}
