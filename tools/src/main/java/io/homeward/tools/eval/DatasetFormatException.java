package io.homeward.tools.eval;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A dataset file that cannot be read as described: the message names the file and, where known, the
 * line.
 */
public final class DatasetFormatException extends IOException {

  public DatasetFormatException(Path file, int line, String problem) {
    super(file + (line > 0 ? ":" + line : "") + ": " + problem);
  }
}
