package io.homeward.embedder.image;

/**
 * What a header probe learned without decoding any pixels.
 *
 * @param width stored width (before orientation)
 * @param height stored height
 * @param complete false when the data visibly ends before the image does (no JPEG EOI, no PNG IEND,
 *     a RIFF or BMP size larger than the data); checked only after the dimensions so a bomb header
 *     is named as such
 * @param exifStart offset of an embedded EXIF TIFF structure, or -1 when there is none
 * @param exifLength its length in bytes
 */
record ImageHeader(long width, long height, boolean complete, int exifStart, int exifLength) {
  static ImageHeader of(long width, long height, boolean complete) {
    return new ImageHeader(width, height, complete, -1, 0);
  }

  boolean hasExif() {
    return exifStart >= 0 && exifLength > 0;
  }
}
