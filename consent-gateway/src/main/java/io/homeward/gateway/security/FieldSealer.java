package io.homeward.gateway.security;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.util.SecretBytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * Seals sensitive text fields (a found person's location, a written justification) with a Tink AEAD
 * keyset (AES-256-GCM) before they reach the database; the column name is bound as associated data.
 * The keyset may hold several keys during a rotation ({@code ./homeward rotate-field-key}): the
 * primary seals, every key opens. Thread-safe.
 *
 * <p>Before keysets, the field key was a raw 256-bit key ({@value #LEGACY_FILE}) sealing {@code
 * nonce || ciphertext || tag}: exactly Tink's AES-GCM without output prefix. Such a key is imported
 * into the keyset as a key without prefix, so values sealed before still open until a rotation
 * re-seals them and retires it.
 */
public final class FieldSealer {
  /** The keyset file in the key folder. */
  public static final String KEYSET_FILE = "fields.json";

  /** The raw key file of earlier versions, imported once into {@link #KEYSET_FILE}. */
  public static final String LEGACY_FILE = "fields.key";

  private final Aead aead;

  public FieldSealer(Aead aead) {
    this.aead = aead;
  }

  /**
   * Opens the field keyset in {@code keysDir}: {@value #KEYSET_FILE}, else the legacy raw key
   * imported into a new {@value #KEYSET_FILE}, else (when allowed) a new keyset.
   *
   * @throws IllegalStateException when no key is there and none may be generated
   */
  public static FieldSealer open(Path keysDir, boolean generate) {
    return new FieldSealer(Keysets.aead(keyset(keysDir, generate)));
  }

  /** The field keyset in {@code keysDir}, imported or generated as {@link #open} does. */
  public static KeysetHandle keyset(Path keysDir, boolean generate) {
    Path file = keysDir.resolve(KEYSET_FILE);
    if (Files.exists(file)) {
      return Keysets.read(file);
    }
    Path legacy = keysDir.resolve(LEGACY_FILE);
    KeysetHandle keyset;
    if (Files.exists(legacy)) {
      keyset = importLegacy(KeyFiles.readOrCreate(legacy, 32, false));
    } else if (generate) {
      keyset = Keysets.generate();
    } else {
      throw new IllegalStateException(
          "the field keyset "
              + file
              + " is missing and homeward.gateway.keys.generate is false: mount it from the"
              + " secret there, or on one machine start with HOMEWARD_GENERATE_KEYS=true"
              + " (./homeward serve does)");
    }
    Keysets.write(file, keyset);
    return keyset;
  }

  /** A keyset holding a raw 256-bit AES-GCM key (12-byte nonce, 16-byte tag, no prefix). */
  static KeysetHandle importLegacy(byte[] raw) {
    try {
      AesGcmParameters parameters =
          AesGcmParameters.builder()
              .setKeySizeBytes(32)
              .setIvSizeBytes(12)
              .setTagSizeBytes(16)
              .setVariant(AesGcmParameters.Variant.NO_PREFIX)
              .build();
      AesGcmKey key =
          AesGcmKey.builder()
              .setParameters(parameters)
              .setKeyBytes(SecretBytes.copyFrom(raw, InsecureSecretKeyAccess.get()))
              .build();
      return KeysetHandle.newBuilder()
          .addEntry(KeysetHandle.importKey(key).withRandomId().makePrimary())
          .build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the legacy field key cannot be imported", e);
    }
  }

  public byte[] seal(String field, String plaintext) {
    if (plaintext == null) {
      return null;
    }
    try {
      return aead.encrypt(plaintext.getBytes(StandardCharsets.UTF_8), ad(field));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("sealing failed", e);
    }
  }

  /** Opens a sealed field; reading sensitive text is this explicit call. */
  public String openPlaintext(String field, byte[] sealed) {
    if (sealed == null) {
      return null;
    }
    try {
      return new String(aead.decrypt(sealed, ad(field)), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("a sealed field does not open with this key", e);
    }
  }

  private static byte[] ad(String field) {
    return field.getBytes(StandardCharsets.UTF_8);
  }

  /** Deletes the legacy raw key file once its key has been retired from the keyset. */
  public static boolean deleteLegacy(Path keysDir) {
    try {
      return Files.deleteIfExists(keysDir.resolve(LEGACY_FILE));
    } catch (IOException e) {
      throw new UncheckedIOException("the legacy field key cannot be deleted", e);
    }
  }
}
