package io.homeward.embedder.image;

import static org.bytedeco.opencv.global.opencv_core.ROTATE_180;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_CLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_COUNTERCLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.flip;
import static org.bytedeco.opencv.global.opencv_core.rotate;
import static org.bytedeco.opencv.global.opencv_core.transpose;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The EXIF orientation tag (0x0112) and how to undo it. Phones store portraits sideways and rely on
 * this tag; a face detector given the stored pixels would see faces lying down. Metadata is
 * untrusted: anything odd means "upright" (1), never a failed decode.
 */
final class ExifOrientation {
  static final int UPRIGHT = 1;
  private static final int ORIENTATION_TAG = 0x0112;
  private static final int SHORT = 3;

  private ExifOrientation() {}

  /**
   * Reads the orientation from a TIFF structure (the body of an EXIF block) at {@code bytes[start,
   * start+length)}.
   *
   * @return 1 to 8; 1 when the tag is absent or anything about the block is wrong
   */
  static int read(byte[] bytes, int start, int length) {
    try {
      ByteReader probe = new ByteReader(bytes, start, start + length, false);
      int order = probe.u16(0);
      if (order != 0x4949 && order != 0x4D4D) {
        return UPRIGHT;
      }
      ByteReader r = new ByteReader(bytes, start, start + length, order == 0x4949);
      if (r.u16(2) != 42) {
        return UPRIGHT;
      }
      long ifd = r.u32(4);
      int entries = r.u16(ifd); // 16 bits: the loop is bounded
      for (int i = 0; i < entries; i++) {
        long entry = ifd + 2 + 12L * i;
        if (r.u16(entry) == ORIENTATION_TAG) {
          int value = r.u16(entry + 2) == SHORT ? r.u16(entry + 8) : UPRIGHT;
          return value >= 1 && value <= 8 ? value : UPRIGHT;
        }
      }
      return UPRIGHT;
    } catch (ByteReader.OutOfBounds e) {
      return UPRIGHT;
    }
  }

  /**
   * Turns stored pixels upright. Consumes {@code stored}: returns it unchanged for orientation 1,
   * otherwise closes it and returns a new Mat (also closing it when the transform fails).
   */
  static Mat apply(Mat stored, int orientation) {
    if (orientation < 2 || orientation > 8) {
      return stored;
    }
    Mat upright = new Mat();
    try (stored) {
      switch (orientation) {
        case 2 -> flip(stored, upright, 1); // mirrored left-right
        case 3 -> rotate(stored, upright, ROTATE_180);
        case 4 -> flip(stored, upright, 0); // mirrored top-bottom
        case 5 -> transpose(stored, upright);
        case 6 -> rotate(stored, upright, ROTATE_90_CLOCKWISE);
        case 7 -> {
          // Transverse: mirror across the anti-diagonal.
          try (Mat transposed = new Mat()) {
            transpose(stored, transposed);
            flip(transposed, upright, -1);
          }
        }
        default -> rotate(stored, upright, ROTATE_90_COUNTERCLOCKWISE); // 8
      }
      return upright;
    } catch (RuntimeException e) {
      upright.close();
      throw e;
    }
  }
}
