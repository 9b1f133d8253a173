package io.homeward.gateway.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/** Raw secret keys kept in files with owner-only permissions. */
public final class KeyFiles {
  private KeyFiles() {}

  /**
   * Reads a key file, or creates it with random bytes when allowed.
   *
   * @throws IllegalStateException when the file is missing and may not be generated
   */
  public static byte[] readOrCreate(Path file, int bytes, boolean generate) {
    try {
      if (Files.exists(file)) {
        byte[] key = Files.readAllBytes(file);
        if (key.length != bytes) {
          throw new IllegalStateException("key file " + file.getFileName() + " has the wrong size");
        }
        return key;
      }
      if (!generate) {
        throw new IllegalStateException(
            "key file "
                + file
                + " is missing and homeward.gateway.keys.generate is false: mount it from the"
                + " secret there, or on one machine start with HOMEWARD_GENERATE_KEYS=true"
                + " (./homeward serve does)");
      }
      Files.createDirectories(file.getParent());
      try {
        Files.setPosixFilePermissions(
            file.getParent(), PosixFilePermissions.fromString("rwx------"));
      } catch (UnsupportedOperationException ignored) {
        // Not a POSIX file system: the folder's own protection applies.
      }
      byte[] key = new byte[bytes];
      new SecureRandom().nextBytes(key);
      Path tmp = Files.createTempFile(file.getParent(), ".key", ".tmp");
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // As above.
      }
      Files.write(tmp, key, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException raced) {
        Files.deleteIfExists(tmp);
        return Files.readAllBytes(file);
      }
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("key file " + file.getFileName() + " cannot be read", e);
    }
  }
}
