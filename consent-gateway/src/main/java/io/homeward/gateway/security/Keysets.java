package io.homeward.gateway.security;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import io.homeward.gateway.images.SecureFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.OptionalInt;

/**
 * Tink AEAD keysets kept as owner-only JSON files, and the two steps of a rotation: add a new
 * primary ({@link #addPrimary}; older keys stay, for reading only), and once every ciphertext is
 * re-sealed, remove the older keys ({@link #retireAllButPrimary}). Each step rewrites the file
 * atomically, so a crash leaves either the old or the new keyset, never a partial one.
 */
public final class Keysets {
  /** Tink's output prefix of a key of the TINK variant: this byte, then the 4-byte key id. */
  private static final byte TINK_PREFIX = 1;

  static {
    try {
      AeadConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private Keysets() {}

  /** Reads a keyset file. */
  public static KeysetHandle read(Path file) {
    try {
      return TinkJsonProtoKeysetFormat.parseKeyset(
          Files.readString(file, StandardCharsets.UTF_8), InsecureSecretKeyAccess.get());
    } catch (IOException e) {
      throw new UncheckedIOException("the keyset " + file + " cannot be read", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the keyset " + file + " is not a Tink JSON keyset", e);
    }
  }

  /** Writes a keyset file atomically, owner-only. */
  public static void write(Path file, KeysetHandle keyset) {
    try {
      String json =
          TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
      SecureFiles.createOwnerOnlyDirectories(file.toAbsolutePath().getParent());
      SecureFiles.writeAtomically(file, json.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("the keyset " + file + " cannot be written", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the keyset cannot be serialised", e);
    }
  }

  /** A new one-key AES-256-GCM keyset. */
  public static KeysetHandle generate() {
    try {
      return KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is unavailable", e);
    }
  }

  /** The AEAD of a keyset: the primary seals, every key in it opens. */
  public static Aead aead(KeysetHandle keyset) {
    try {
      return keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the keyset is not an AEAD keyset", e);
    }
  }

  /** The same keyset with a new AES-256-GCM key as primary; the older keys stay, for reading. */
  public static KeysetHandle addPrimary(KeysetHandle keyset) {
    try {
      return KeysetHandle.newBuilder(keyset)
          .addEntry(
              KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                  .withRandomId()
                  .makePrimary())
          .build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("a new key cannot be added", e);
    }
  }

  /** The same keyset with only its primary: ciphertexts of the older keys no longer open. */
  public static KeysetHandle retireAllButPrimary(KeysetHandle keyset) {
    try {
      KeysetHandle.Builder b = KeysetHandle.newBuilder(keyset);
      for (int i = b.size() - 1; i >= 0; i--) {
        if (!b.getAt(i).isPrimary()) {
          b.deleteAt(i);
        }
      }
      return b.build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the older keys cannot be removed", e);
    }
  }

  /** The primary key's id. */
  public static int primaryId(KeysetHandle keyset) {
    return keyset.getPrimary().getId();
  }

  /**
   * The id of the key that sealed a Tink ciphertext (from its 5-byte prefix at {@code offset}), or
   * empty when it has no such prefix (a key without prefix, such as the imported legacy field key).
   */
  public static OptionalInt keyIdOf(byte[] ciphertext, int offset) {
    if (ciphertext == null || ciphertext.length < offset + 5 || ciphertext[offset] != TINK_PREFIX) {
      return OptionalInt.empty();
    }
    int id = 0;
    for (int i = 1; i <= 4; i++) {
      id = (id << 8) | (ciphertext[offset + i] & 0xff);
    }
    return OptionalInt.of(id);
  }
}
