package io.homeward.embedder.image;

/** TIFF header: ImageWidth and ImageLength from the first IFD, in either byte order. */
final class TiffHeader {
  private static final int IMAGE_WIDTH = 256;
  private static final int IMAGE_LENGTH = 257;
  private static final int SHORT = 3;
  private static final int LONG = 4;

  private TiffHeader() {}

  static ImageHeader read(byte[] bytes) {
    ByteReader r = new ByteReader(bytes, 0, bytes.length, bytes[0] == 'I');
    long ifd = r.u32(4);
    if (ifd < 8) {
      throw Refusals.undecodable();
    }
    // An entry count is 16 bits, so this loop is bounded; each entry read is bounds-checked.
    int entries = r.u16(ifd);
    long width = -1;
    long height = -1;
    for (int i = 0; i < entries && (width < 0 || height < 0); i++) {
      long entry = ifd + 2 + 12L * i;
      int tag = r.u16(entry);
      if (tag == IMAGE_WIDTH) {
        width = value(r, entry);
      } else if (tag == IMAGE_LENGTH) {
        height = value(r, entry);
      }
    }
    if (width < 0 || height < 0) {
      throw Refusals.undecodable();
    }
    // Strip and tile completeness is left to libtiff, which fails the decode when data is missing.
    return ImageHeader.of(width, height, true);
  }

  private static long value(ByteReader r, long entry) {
    int type = r.u16(entry + 2);
    if (r.u32(entry + 4) != 1) {
      throw Refusals.undecodable();
    }
    // The value sits in the entry's first bytes whatever the byte order.
    if (type == SHORT) {
      return r.u16(entry + 8);
    }
    if (type == LONG) {
      return r.u32(entry + 8);
    }
    throw Refusals.undecodable();
  }
}
