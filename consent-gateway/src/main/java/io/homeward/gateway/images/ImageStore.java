package io.homeward.gateway.images;

import java.util.Set;

/**
 * Encrypted image storage. Every image is sealed with an AEAD key held apart from the database and
 * the images (a stolen disk yields ciphertext); the stored reference is bound to the ciphertext as
 * associated data, so swapping files between references fails to decrypt. Thread-safe.
 */
public interface ImageStore {
  /** Encrypts and stores an image; returns its opaque reference (no personal data in it). */
  String put(byte[] image);

  /**
   * Decrypts an image. Reading plaintext face bytes is an explicit, greppable call.
   *
   * @throws ImageNotFoundException when the reference is unknown or was deleted
   */
  byte[] readPlaintext(String ref);

  /** Deletes an image; deleting an absent one is not an error. Returns whether it existed. */
  boolean delete(String ref);

  /** Every stored reference (for the reconciler that finds orphans). */
  Set<String> refs();
}
