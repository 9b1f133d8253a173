package io.homeward.gateway.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret key of the keyed audit chain: record hashes of format 2 are HMAC-SHA256 under it (see
 * {@link CanonicalForm}). It lives with the other keys, never in the database, so whoever holds
 * only the database cannot recompute a record's hash after changing it. Stored as 32 random bytes,
 * Base64 on one line. Immutable and thread-safe.
 */
public final class ChainKey {
  private static final int BYTES = 32;
  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;

  private ChainKey(byte[] bytes) {
    if (bytes.length != BYTES) {
      throw new IllegalArgumentException("the audit chain key must be " + BYTES + " bytes");
    }
    this.key = new SecretKeySpec(bytes, ALGORITHM);
  }

  /** A key from its raw bytes (tests and tools). */
  public static ChainKey of(byte[] bytes) {
    return new ChainKey(bytes.clone());
  }

  /**
   * Reads the key; where the file is missing and {@code generate} is set, first creates it
   * (owner-only). Never generates while the database already holds keyed records: a new key would
   * make every one of them fail verification, so the old file must be restored.
   *
   * @throws IllegalStateException when the key is missing or unreadable (the message names the file
   *     and what to do)
   */
  public static ChainKey loadOrGenerate(
      Path file, boolean generate, boolean databaseHoldsKeyedRecords) {
    if (!Files.exists(file)) {
      if (!generate) {
        throw new IllegalStateException(
            "audit chain key missing: "
                + file
                + " (key generation is off: mount it from the secret that holds the audit keys)");
      }
      if (databaseHoldsKeyedRecords) {
        throw new IllegalStateException(
            "audit chain key missing: "
                + file
                + ", but the database already holds audit records keyed with it: restore the key"
                + " file instead of generating a new one");
      }
      byte[] bytes = new byte[BYTES];
      new SecureRandom().nextBytes(bytes);
      try {
        writeOwnerOnly(
            file,
            (Base64.getEncoder().encodeToString(bytes) + "\n").getBytes(StandardCharsets.US_ASCII));
      } catch (IOException e) {
        throw new IllegalStateException("the audit chain key cannot be written to " + file, e);
      } finally {
        Arrays.fill(bytes, (byte) 0);
      }
    }
    try {
      byte[] bytes =
          Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
      return new ChainKey(bytes);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "the audit chain key cannot be read from "
              + file
              + ": "
              + e.getClass().getSimpleName()
              + " (it must hold 32 bytes in Base64)",
          e);
    }
  }

  /** The lower-case hex HMAC-SHA256 of {@code message}. */
  String macHex(byte[] message) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return HexFormat.of().formatHex(mac.doFinal(message));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has HmacSHA256", e);
    }
  }

  @Override
  public String toString() {
    return "ChainKey[hidden]";
  }

  static void writeOwnerOnly(Path file, byte[] bytes) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    if (!Files.isDirectory(dir)) {
      if (posix) {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectories(dir);
      }
    }
    Path tmp =
        posix
            ? Files.createTempFile(
                dir,
                ".audit-key",
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
            : Files.createTempFile(dir, ".audit-key", ".tmp");
    try {
      Files.write(tmp, bytes);
      if (Files.exists(file)) {
        throw new FileAlreadyExistsException(file.toString());
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
