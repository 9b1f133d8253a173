package io.homeward.embedder.image;

/** PNG header: the IHDR chunk, then a walk over chunk headers for eXIf and IEND. */
final class PngHeader {
  private static final long MAX_CHUNK =
      0x7FFF_FFFFL; // the PNG spec's limit for lengths and dimensions

  private PngHeader() {}

  static ImageHeader read(byte[] bytes) {
    ByteReader r = ByteReader.bigEndian(bytes);
    if (r.u32(8) != 13 || !r.matches(12, "IHDR")) {
      throw Refusals.undecodable();
    }
    long width = r.u32(16);
    long height = r.u32(20);
    if (width > MAX_CHUNK || height > MAX_CHUNK) {
      throw Refusals.undecodable();
    }
    // IHDR's CRC is left to libpng: a bomb is refused on its numbers whether its CRC is right or
    // not.
    return walkChunks(r, width, height);
  }

  /**
   * Jumps from chunk header to chunk header (each step moves at least 12 bytes, so the walk ends)
   * looking for IEND, which libpng does not insist on, and for an eXIf chunk.
   */
  private static ImageHeader walkChunks(ByteReader r, long width, long height) {
    long pos = 8;
    int exifStart = -1;
    int exifLength = 0;
    while (r.has(pos, 8)) {
      long length = r.u32(pos);
      if (length > MAX_CHUNK) {
        throw Refusals.undecodable();
      }
      if (r.matches(pos + 4, "IEND")) {
        // IEND's CRC too: libpng reads it, and fails on a file cut inside it.
        return new ImageHeader(width, height, r.has(pos, 12 + length), exifStart, exifLength);
      }
      if (exifStart < 0 && r.matches(pos + 4, "eXIf") && r.has(pos + 8, length)) {
        exifStart = (int) pos + 8;
        exifLength = (int) length;
      }
      pos += 12 + length;
    }
    return new ImageHeader(width, height, false, exifStart, exifLength);
  }
}
