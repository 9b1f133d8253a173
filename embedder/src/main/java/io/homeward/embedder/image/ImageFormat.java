package io.homeward.embedder.image;

import java.util.Locale;
import java.util.Optional;

/**
 * The accepted image formats, recognised by their magic bytes rather than by a caller's file name
 * or content type, which cannot be trusted.
 */
public enum ImageFormat {
  JPEG(new int[] {0xFF, 0xD8, 0xFF}),
  PNG(new int[] {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}),
  // RIFF, 4 bytes of size (any value), WEBP.
  WEBP(new int[] {'R', 'I', 'F', 'F', -1, -1, -1, -1, 'W', 'E', 'B', 'P'}),
  BMP(new int[] {'B', 'M'}),
  // Little- and big-endian classic TIFF; BigTIFF is not accepted.
  TIFF(new int[] {'I', 'I', 0x2A, 0x00}, new int[] {'M', 'M', 0x00, 0x2A});

  /** Magic byte sequences; -1 matches any byte. */
  private final int[][] magics;

  ImageFormat(int[]... magics) {
    this.magics = magics;
  }

  /** The lowercase name reported in {@code ImageInfo.format}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The format whose magic bytes start {@code bytes}, if any. */
  public static Optional<ImageFormat> sniff(byte[] bytes) {
    for (ImageFormat format : values()) {
      for (int[] magic : format.magics) {
        if (magic.length <= bytes.length && matchesPrefix(magic, bytes)) {
          return Optional.of(format);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * True when {@code bytes} is shorter than some format's magic but agrees with it so far: a
   * cut-off upload rather than an unknown format.
   */
  static boolean isCutOffMagic(byte[] bytes) {
    for (ImageFormat format : values()) {
      for (int[] magic : format.magics) {
        if (bytes.length < magic.length && matchesPrefix(magic, bytes)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean matchesPrefix(int[] magic, byte[] bytes) {
    int n = Math.min(bytes.length, magic.length);
    for (int i = 0; i < n; i++) {
      if (magic[i] >= 0 && (bytes[i] & 0xFF) != magic[i]) {
        return false;
      }
    }
    return true;
  }
}
