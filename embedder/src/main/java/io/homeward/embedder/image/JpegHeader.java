package io.homeward.embedder.image;

/**
 * JPEG header: walks marker segments to the first SOFn frame header, noting an APP1 Exif segment on
 * the way.
 */
final class JpegHeader {
  // Real files have a few dozen segments before the frame; the cap only matters for hostile input.
  private static final int MAX_SEGMENTS = 4096;
  private static final int SOS = 0xDA;
  private static final int EOI = 0xD9;

  private JpegHeader() {}

  static ImageHeader read(byte[] bytes) {
    ByteReader r = ByteReader.bigEndian(bytes);
    long pos = 2; // after SOI
    int exifStart = -1;
    int exifLength = 0;
    for (int i = 0; i < MAX_SEGMENTS; i++) {
      Segment s = next(r, pos);
      if (s.marker() == SOS || s.marker() == EOI || s.marker() == 0xD8) {
        throw Refusals.undecodable(); // image data or end before any frame header
      }
      if (s.standalone()) {
        pos = s.end();
        continue;
      }
      if (isStartOfFrame(s.marker())) {
        if (s.length() < 8) {
          throw Refusals.undecodable();
        }
        int height = r.u16(s.start() + 5);
        int width = r.u16(s.start() + 7);
        boolean complete = endsWithEoi(bytes, firstScanData(r, s.end()));
        return new ImageHeader(width, height, complete, exifStart, exifLength);
      }
      if (s.marker() == 0xE1
          && exifStart < 0
          && s.length() > 8
          && r.matches(s.start() + 4, "Exif\0\0")) {
        exifStart = (int) s.start() + 10;
        exifLength = (int) Math.min(s.length() - 8, bytes.length - exifStart);
      }
      pos = s.end();
    }
    throw Refusals.undecodable();
  }

  /**
   * A segment starting at {@code pos}: its marker, where its marker bytes start, its length field
   * (0 for standalone markers) and where it ends.
   */
  private record Segment(int marker, long start, int length, long end) {
    boolean standalone() {
      return length == 0;
    }
  }

  private static Segment next(ByteReader r, long pos) {
    if (r.u8(pos) != 0xFF) {
      throw Refusals.undecodable();
    }
    long p = pos + 1;
    while (r.u8(p) == 0xFF) {
      p++; // fill bytes; bounded by the array because u8 throws past the end
    }
    int marker = r.u8(p);
    if (marker == 0x00) {
      throw Refusals.undecodable();
    }
    long start = p - 1;
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
      return new Segment(marker, start, 0, p + 1);
    }
    if (marker == EOI || marker == 0xD8) {
      return new Segment(marker, start, 0, p + 1);
    }
    int length = r.u16(p + 1);
    if (length < 2) {
      throw Refusals.undecodable();
    }
    return new Segment(marker, start, length, p + 1 + length);
  }

  private static boolean isStartOfFrame(int marker) {
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }

  /** Where the first scan's entropy-coded data starts, or -1 when the data ends before it. */
  private static long firstScanData(ByteReader r, long pos) {
    try {
      for (int i = 0; i < MAX_SEGMENTS; i++) {
        Segment s = next(r, pos);
        if (s.marker() == SOS && !s.standalone()) {
          return s.end();
        }
        if (s.marker() == EOI) {
          return -1;
        }
        pos = s.end();
      }
      return -1;
    } catch (ByteReader.OutOfBounds e) {
      return -1;
    }
  }

  /**
   * True when an EOI marker follows the first scan. Inside entropy-coded data FF is always followed
   * by 00 or a restart marker, so FF D9 there can only be the real end; bytes after it (padding,
   * phone vendors' trailers) are allowed. libjpeg would otherwise grey-fill a cut-off image and
   * report success.
   */
  private static boolean endsWithEoi(byte[] bytes, long scanData) {
    if (scanData < 0) {
      return false;
    }
    for (int i = bytes.length - 2; i >= scanData; i--) {
      if (bytes[i] == (byte) 0xFF && bytes[i + 1] == (byte) EOI) {
        return true;
      }
    }
    return false;
  }
}
