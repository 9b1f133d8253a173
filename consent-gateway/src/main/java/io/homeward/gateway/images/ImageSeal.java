package io.homeward.gateway.images;

import com.google.crypto.tink.Aead;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * The sealed form of a stored image, the same in every store: {@code "HWI" 0x01} followed by a Tink
 * AEAD ciphertext whose associated data is {@code "homeward/image/v1/" + ref}, so that sealed bytes
 * moved to another reference fail to open.
 */
final class ImageSeal {
  private static final byte[] MAGIC = {'H', 'W', 'I', 1};
  private static final String CONTEXT = "homeward/image/v1/";

  private final Aead aead;

  ImageSeal(Aead aead) {
    this.aead = aead;
  }

  byte[] seal(String ref, byte[] image) {
    try {
      byte[] ciphertext = aead.encrypt(image, associatedData(ref));
      byte[] sealed = new byte[MAGIC.length + ciphertext.length];
      System.arraycopy(MAGIC, 0, sealed, 0, MAGIC.length);
      System.arraycopy(ciphertext, 0, sealed, MAGIC.length, ciphertext.length);
      return sealed;
    } catch (GeneralSecurityException e) {
      throw new ImageStoreException(ImageStoreException.Reason.KEY, "Could not seal an image", e);
    }
  }

  byte[] open(String ref, byte[] sealed) {
    if (sealed.length < MAGIC.length
        || !Arrays.equals(sealed, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new ImageStoreException(
          ImageStoreException.Reason.CORRUPT, "A stored image has an unknown format");
    }
    try {
      return aead.decrypt(
          Arrays.copyOfRange(sealed, MAGIC.length, sealed.length), associatedData(ref));
    } catch (GeneralSecurityException e) {
      // Tampered, truncated, moved from another reference, or sealed with a key no longer held.
      throw new ImageStoreException(
          ImageStoreException.Reason.CORRUPT, "A stored image failed authentication", e);
    }
  }

  private static byte[] associatedData(String ref) {
    return (CONTEXT + ref).getBytes(StandardCharsets.US_ASCII);
  }
}
