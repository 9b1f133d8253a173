package io.homeward.embedder.image;

/** BMP header: the file header and the DIB header (OS/2 core or Windows info, v1 to v5). */
final class BmpHeader {
  private static final int CORE_HEADER = 12;
  private static final int BI_RGB = 0;
  private static final int BI_BITFIELDS = 3;
  private static final int BI_ALPHABITFIELDS = 6;

  private BmpHeader() {}

  static ImageHeader read(byte[] bytes) {
    ByteReader r = ByteReader.littleEndian(bytes);
    long pixelOffset = r.u32(10);
    long dibSize = r.u32(14);
    long width;
    long height;
    int bitsPerPixel;
    long compression;
    if (dibSize == CORE_HEADER) {
      width = r.u16(18);
      height = r.u16(20);
      bitsPerPixel = r.u16(24);
      compression = BI_RGB;
    } else if (dibSize >= 40 && dibSize <= 124) {
      width = r.s32(18);
      int signedHeight = r.s32(22); // negative: rows stored top-down
      if (signedHeight == Integer.MIN_VALUE) {
        throw Refusals.undecodable();
      }
      height = Math.abs(signedHeight);
      bitsPerPixel = r.u16(28);
      compression = r.u32(30);
    } else {
      throw Refusals.undecodable();
    }
    return ImageHeader.of(
        width,
        height,
        hasAllRows(bytes.length, pixelOffset, width, height, bitsPerPixel, compression));
  }

  /**
   * For uncompressed bitmaps, whether the data holds every row: the decoder would otherwise fill
   * the missing rows with whatever it likes. Compressed (RLE) bitmaps are left to the decoder.
   */
  private static boolean hasAllRows(
      long available,
      long pixelOffset,
      long width,
      long height,
      int bitsPerPixel,
      long compression) {
    boolean uncompressed =
        compression == BI_RGB || compression == BI_BITFIELDS || compression == BI_ALPHABITFIELDS;
    boolean knownDepth =
        bitsPerPixel == 1
            || bitsPerPixel == 4
            || bitsPerPixel == 8
            || bitsPerPixel == 16
            || bitsPerPixel == 24
            || bitsPerPixel == 32;
    if (!uncompressed || !knownDepth || width < 1 || height < 1) {
      return true;
    }
    try {
      long rowBytes = Math.multiplyExact(width, bitsPerPixel) + 31 >> 5 << 2;
      return Math.addExact(pixelOffset, Math.multiplyExact(rowBytes, height)) <= available;
    } catch (ArithmeticException e) {
      return false; // dimensions this absurd were already refused; never reached in practice
    }
  }
}
