package io.homeward.embedder.image;

/**
 * What the decoder accepts, checked before a full decode so that a decompression bomb is refused
 * quickly and with bounded memory.
 *
 * @param maxBytes largest encoded image
 * @param maxWidth largest width (before orientation)
 * @param maxHeight largest height
 * @param maxPixels largest width x height
 * @param minSide smallest width or height worth looking for a face in
 */
public record ImageLimits(long maxBytes, int maxWidth, int maxHeight, long maxPixels, int minSide) {
  public ImageLimits {
    if (maxBytes < 1 || maxWidth < 1 || maxHeight < 1 || maxPixels < 1 || minSide < 1) {
      throw new IllegalArgumentException("image limits must be positive");
    }
  }

  /** 20 MB, 12,000 px a side, 50 megapixels, 32 px at least. */
  public static ImageLimits defaults() {
    return new ImageLimits(20L * 1024 * 1024, 12_000, 12_000, 50_000_000L, 32);
  }
}
