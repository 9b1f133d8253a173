package io.homeward.embedder.image;

/**
 * Bounds-checked reads of unsigned integers from a window of a byte array. Every header field comes
 * from untrusted input, so every read is checked: one past the window throws {@link OutOfBounds},
 * not an index error.
 */
final class ByteReader {
  private final byte[] data;
  private final int start;
  private final int end;
  private final boolean littleEndian;

  /** A read past the end of the window: for a whole file this means the data ends too early. */
  static final class OutOfBounds extends RuntimeException {
    OutOfBounds() {
      // No stack trace: hostile input can make these common, and the trace would never be shown.
      super("out of bounds", null, false, false);
    }
  }

  ByteReader(byte[] data, int start, int end, boolean littleEndian) {
    if (start < 0 || end > data.length || start > end) {
      throw new OutOfBounds();
    }
    this.data = data;
    this.start = start;
    this.end = end;
    this.littleEndian = littleEndian;
  }

  static ByteReader bigEndian(byte[] data) {
    return new ByteReader(data, 0, data.length, false);
  }

  static ByteReader littleEndian(byte[] data) {
    return new ByteReader(data, 0, data.length, true);
  }

  /** Bytes in the window. */
  int length() {
    return end - start;
  }

  /** True when {@code count} bytes starting at {@code pos} lie inside the window. */
  boolean has(long pos, long count) {
    return pos >= 0 && count >= 0 && pos + count <= length();
  }

  int u8(long pos) {
    check(pos, 1);
    return data[start + (int) pos] & 0xFF;
  }

  int u16(long pos) {
    check(pos, 2);
    int a = data[start + (int) pos] & 0xFF;
    int b = data[start + (int) pos + 1] & 0xFF;
    return littleEndian ? a | b << 8 : a << 8 | b;
  }

  int u24(long pos) {
    check(pos, 3);
    int a = u16(littleEndian ? pos : pos + 1);
    int b = u8(littleEndian ? pos + 2 : pos);
    return a | b << 16;
  }

  long u32(long pos) {
    check(pos, 4);
    long a = u16(pos);
    long b = u16(pos + 2);
    return littleEndian ? a | b << 16 : a << 16 | b;
  }

  /** A signed 32-bit value (BMP heights are signed). */
  int s32(long pos) {
    return (int) u32(pos);
  }

  /** True when the bytes at {@code pos} equal {@code ascii}. */
  boolean matches(long pos, String ascii) {
    if (!has(pos, ascii.length())) {
      return false;
    }
    for (int i = 0; i < ascii.length(); i++) {
      if ((data[start + (int) pos + i] & 0xFF) != ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private void check(long pos, int count) {
    if (!has(pos, count)) {
      throw new OutOfBounds();
    }
  }
}
