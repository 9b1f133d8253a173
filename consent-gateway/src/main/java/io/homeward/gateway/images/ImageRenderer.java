package io.homeward.gateway.images;

/**
 * Renders what a viewer may see of an image: blurred or clear, always watermarked with the viewer
 * and the time (rule 11), as a JPEG. Thread-safe.
 */
public interface ImageRenderer {
  /**
   * @param image the plaintext image bytes (JPEG, PNG, WebP or BMP as stored)
   * @param blurred whether to blur it beyond recognition (a minor for NGO roles)
   * @param watermark the viewer and time, drawn over the image
   * @return a JPEG
   * @throws UnrenderableImageException when the image cannot be decoded
   */
  byte[] render(byte[] image, boolean blurred, String watermark);
}
