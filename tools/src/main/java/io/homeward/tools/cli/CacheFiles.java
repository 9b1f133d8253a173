package io.homeward.tools.cli;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The tools' caches of values derived from faces (vectors, age estimates): readable by their owner
 * only, and replaced whole, so a crash mid-write never leaves a half cache behind.
 */
final class CacheFiles {
  private CacheFiles() {}

  /** What writes a cache's contents. */
  interface Body {
    void writeTo(DataOutputStream out) throws IOException;
  }

  /** Writes {@code file} through a temporary file created owner-only, then moved into place. */
  static void write(Path file, Body body) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(
        tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
      body.writeTo(out);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
