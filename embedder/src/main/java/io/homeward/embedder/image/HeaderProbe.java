package io.homeward.embedder.image;

import io.homeward.embedder.error.EmbedderException;

/**
 * Reads an image's dimensions from its header, so that limits are enforced before any decoder
 * allocates memory for pixels. Never loops without bound and never reads outside the array,
 * whatever the input.
 */
final class HeaderProbe {
  private HeaderProbe() {}

  /**
   * @throws EmbedderException IMAGE_TRUNCATED when the header runs past the data, IMAGE_UNDECODABLE
   *     when it is malformed
   */
  static ImageHeader probe(ImageFormat format, byte[] bytes) {
    ImageHeader header;
    try {
      header =
          switch (format) {
            case JPEG -> JpegHeader.read(bytes);
            case PNG -> PngHeader.read(bytes);
            case WEBP -> WebpHeader.read(bytes);
            case BMP -> BmpHeader.read(bytes);
            case TIFF -> TiffHeader.read(bytes);
          };
    } catch (ByteReader.OutOfBounds e) {
      throw Refusals.truncated();
    }
    if (header.width() < 1 || header.height() < 1) {
      throw Refusals.undecodable();
    }
    return header;
  }
}
