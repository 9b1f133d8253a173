package io.homeward.embedder.image;

/**
 * WebP header: the first chunk of the RIFF container, VP8 (lossy), VP8L (lossless) or VP8X
 * (extended).
 */
final class WebpHeader {
  private static final int MAX_CHUNKS = 1024;
  private static final int VP8X_EXIF_FLAG = 0x08;

  private WebpHeader() {}

  static ImageHeader read(byte[] bytes) {
    ByteReader r = ByteReader.littleEndian(bytes);
    long riffEnd = 8 + r.u32(4);
    boolean complete = riffEnd <= bytes.length;
    if (r.matches(12, "VP8 ")) {
      if ((r.u8(20) & 1) != 0 || r.u8(23) != 0x9D || r.u8(24) != 0x01 || r.u8(25) != 0x2A) {
        throw Refusals.undecodable(); // not a key frame, or no start code
      }
      return ImageHeader.of(r.u16(26) & 0x3FFF, r.u16(28) & 0x3FFF, complete);
    }
    if (r.matches(12, "VP8L")) {
      if (r.u8(20) != 0x2F) {
        throw Refusals.undecodable();
      }
      long bits = r.u32(21);
      return ImageHeader.of((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1, complete);
    }
    if (r.matches(12, "VP8X")) {
      long width = r.u24(24) + 1L;
      long height = r.u24(27) + 1L;
      if ((r.u8(20) & VP8X_EXIF_FLAG) == 0) {
        return ImageHeader.of(width, height, complete);
      }
      return withExif(r, width, height, complete, Math.min(riffEnd, bytes.length));
    }
    throw Refusals.undecodable();
  }

  /** Finds the EXIF chunk, which extended WebP files usually put after the image data. */
  private static ImageHeader withExif(
      ByteReader r, long width, long height, boolean complete, long end) {
    long pos = 12;
    for (int i = 0; i < MAX_CHUNKS && pos + 8 <= end; i++) {
      long size = r.u32(pos + 4);
      if (r.matches(pos, "EXIF") && r.has(pos + 8, size)) {
        long start = pos + 8;
        // Some writers keep the JPEG-style "Exif\0\0" prefix; the TIFF structure follows it.
        if (r.matches(start, "Exif\0\0")) {
          start += 6;
          size -= 6;
        }
        return new ImageHeader(width, height, complete, (int) start, (int) Math.max(0, size));
      }
      pos += 8 + size + (size & 1);
    }
    return ImageHeader.of(width, height, complete);
  }
}
