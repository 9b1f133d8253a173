package io.homeward.gateway.security;

import io.homeward.gateway.images.SecureFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The probe HMAC key ({@value #FILE}) and its rotation.
 *
 * <p>What rotation means: an HMAC cannot be re-sealed (the probe image is gone), so a rotation
 * gives new probes a new key and leaves every recorded HMAC as it is. The per-case counts of
 * distinct probe faces ({@code case_probes}) are kept, so no case gets a fresh allowance; a photo
 * probed before the rotation and probed again after it counts once more (the limit errs on the
 * strict side). Audit records keep the HMAC made with the key of their time. The old key is kept,
 * owner-only, as {@code probe-hmac.retired-<time>.key}, only so that an investigation can still
 * tell whether a given photo was probed before the rotation; the gateway never reads it. Removing
 * the retired keys ({@code --remove-retired}) makes the older HMACs unlinkable to any photo.
 */
public final class ProbeKeys {
  /** The current key file in the key folder. */
  public static final String FILE = "probe-hmac.key";

  private static final String RETIRED_PREFIX = "probe-hmac.retired-";
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

  private ProbeKeys() {}

  /**
   * Keeps the current key as a retired copy, then replaces it with a new random key (each step an
   * atomic file write: a crash between them leaves the old key current and a spare copy).
   *
   * @return the retired copy
   */
  public static Path rotate(Path keysDir, Clock clock) {
    Path current = keysDir.resolve(FILE);
    byte[] old = KeyFiles.readOrCreate(current, 32, false);
    Path retired = keysDir.resolve(RETIRED_PREFIX + STAMP.format(clock.instant()) + ".key");
    byte[] fresh = new byte[32];
    new SecureRandom().nextBytes(fresh);
    try {
      SecureFiles.writeAtomically(retired, old);
      SecureFiles.writeAtomically(current, fresh);
    } catch (IOException e) {
      throw new UncheckedIOException("the probe key cannot be rotated", e);
    } finally {
      Arrays.fill(old, (byte) 0);
      Arrays.fill(fresh, (byte) 0);
    }
    return retired;
  }

  /** The retired keys in the folder. */
  public static List<Path> retired(Path keysDir) {
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> files =
        Files.newDirectoryStream(keysDir, RETIRED_PREFIX + "*.key")) {
      files.forEach(found::add);
    } catch (IOException e) {
      throw new UncheckedIOException("the key folder cannot be listed", e);
    }
    return found;
  }

  /** Deletes the retired keys; returns how many. */
  public static int removeRetired(Path keysDir) {
    int n = 0;
    for (Path p : retired(keysDir)) {
      try {
        if (Files.deleteIfExists(p)) {
          n++;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("a retired probe key cannot be deleted", e);
      }
    }
    return n;
  }
}
