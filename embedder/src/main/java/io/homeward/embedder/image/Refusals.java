package io.homeward.embedder.image;

import io.homeward.embedder.error.EmbedderException;
import io.homeward.embedder.error.Reason;

/**
 * The decoder's refusals, in one place so every message stays safe to show a caller: numbers and
 * fixed text only, never bytes, native error text, class names or paths.
 */
final class Refusals {
  static final String ACCEPTED = "JPEG, PNG, WebP, BMP or TIFF";

  private Refusals() {}

  static EmbedderException empty() {
    return new EmbedderException(Reason.IMAGE_EMPTY, "the image is empty");
  }

  static EmbedderException tooLarge(long maxBytes) {
    return new EmbedderException(
        Reason.IMAGE_TOO_LARGE, "the image is larger than " + maxBytes + " bytes");
  }

  static EmbedderException unsupported() {
    return new EmbedderException(
        Reason.IMAGE_UNSUPPORTED_FORMAT, "the image format is not supported; send " + ACCEPTED);
  }

  static EmbedderException unsupportedLayout() {
    return new EmbedderException(
        Reason.IMAGE_UNSUPPORTED_FORMAT, "the image's colour layout is not supported");
  }

  static EmbedderException truncated() {
    return new EmbedderException(Reason.IMAGE_TRUNCATED, "the image data ends too early");
  }

  static EmbedderException undecodable() {
    return new EmbedderException(Reason.IMAGE_UNDECODABLE, "the image cannot be decoded");
  }

  static EmbedderException dimensionsTooLarge(long width, long height, ImageLimits limits) {
    return new EmbedderException(
        Reason.IMAGE_DIMENSIONS_TOO_LARGE,
        "the image is "
            + width
            + "x"
            + height
            + " pixels; at most "
            + limits.maxWidth()
            + "x"
            + limits.maxHeight()
            + " and "
            + limits.maxPixels()
            + " pixels are accepted");
  }

  static EmbedderException tooSmall(long width, long height, int minSide) {
    return new EmbedderException(
        Reason.IMAGE_TOO_SMALL,
        "the image is " + width + "x" + height + " pixels; each side must be at least " + minSide);
  }
}
