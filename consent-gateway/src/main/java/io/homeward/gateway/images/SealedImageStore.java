package io.homeward.gateway.images;

import com.google.crypto.tink.Aead;
import java.util.Arrays;

/**
 * What every image store shares: images are sealed ({@link ImageSeal}) before they are written and
 * opened after they are read, under random references; a store only keeps sealed bytes. The size
 * limit and the reference checks hold before any I/O.
 */
abstract class SealedImageStore implements ImageStore {
  private final ImageSeal seal;
  private final long maxBytes;

  SealedImageStore(Aead aead, long maxBytes) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive");
    }
    this.seal = new ImageSeal(aead);
    this.maxBytes = maxBytes;
  }

  /** Writes sealed bytes under a reference, replacing what is there, all or nothing. */
  abstract void writeSealed(String ref, byte[] sealed);

  /**
   * The sealed bytes under a reference.
   *
   * @throws ImageNotFoundException when there are none
   */
  abstract byte[] readSealed(String ref);

  @Override
  public final String put(byte[] image) {
    if (image == null || image.length == 0) {
      throw new IllegalArgumentException("empty image");
    }
    if (image.length > maxBytes) {
      throw new ImageStoreException(
          ImageStoreException.Reason.TOO_LARGE,
          "Image of " + image.length + " bytes exceeds the limit of " + maxBytes);
    }
    String ref = ImageRefs.random();
    writeSealed(ref, seal.seal(ref, image));
    return ref;
  }

  @Override
  public final byte[] readPlaintext(String ref) {
    ImageRefs.require(ref);
    return seal.open(ref, readSealed(ref));
  }

  /**
   * Re-encrypts a stored image under the keyset's current primary key, so that the key it was
   * sealed with can be destroyed after a rotation. Returns whether the image existed.
   */
  public final boolean reseal(String ref) {
    byte[] image;
    try {
      image = readPlaintext(ref);
    } catch (ImageNotFoundException e) {
      return false;
    }
    try {
      writeSealed(ref, seal.seal(ref, image));
    } finally {
      Arrays.fill(image, (byte) 0);
    }
    return true;
  }
}
