package io.homeward.embedder.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;

/** Test images made in code: no binary files in the repository. */
final class TestImages {
  static final int WIDTH = 64;
  static final int HEIGHT = 48;

  // BGR quadrant colours of pattern(): easy to tell apart after rotations and lossy compression.
  static final int[] RED = {0, 0, 255};
  static final int[] GREEN = {0, 255, 0};
  static final int[] BLUE = {255, 0, 0};
  static final int[] WHITE = {255, 255, 255};

  private TestImages() {}

  /** WIDTH x HEIGHT BGR: red top-left, green top-right, blue bottom-left, white bottom-right. */
  static Mat pattern() {
    Mat m = new Mat(HEIGHT, WIDTH, CV_8UC3, Scalar.all(0));
    fill(m, new Rect(0, 0, WIDTH / 2, HEIGHT / 2), RED);
    fill(m, new Rect(WIDTH / 2, 0, WIDTH / 2, HEIGHT / 2), GREEN);
    fill(m, new Rect(0, HEIGHT / 2, WIDTH / 2, HEIGHT / 2), BLUE);
    fill(m, new Rect(WIDTH / 2, HEIGHT / 2, WIDTH / 2, HEIGHT / 2), WHITE);
    return m;
  }

  static void fill(Mat m, Rect r, int[] bgr) {
    try (Mat roi = new Mat(m, r)) {
      roi.put(new Scalar(bgr[0], bgr[1], bgr[2], 0));
    }
  }

  /** The pattern encoded with an extension such as {@code .jpg}. */
  static byte[] encodedPattern(String ext) {
    try (Mat m = pattern()) {
      return encode(ext, m);
    }
  }

  /** The pattern encoded with encoder parameters (pairs of flag and value). */
  static byte[] encodedPatternWith(String ext, int... params) {
    try (Mat m = pattern()) {
      return encode(ext, m, params);
    }
  }

  static byte[] encode(String ext, Mat m, int... params) {
    try (BytePointer buf = new BytePointer();
        IntPointer p = new IntPointer(params)) {
      assertThat(imencode(ext, m, buf, p)).as("encode %s", ext).isTrue();
      byte[] out = new byte[(int) buf.limit()];
      buf.get(out);
      assertThat(out).isNotEmpty();
      return out;
    }
  }

  /** B, G, R at (x, y) of an 8-bit 3-channel Mat. */
  static int[] bgrAt(Mat m, int x, int y) {
    BytePointer p = m.ptr(y, x);
    return new int[] {p.get(0) & 0xFF, p.get(1) & 0xFF, p.get(2) & 0xFF};
  }

  /**
   * The centres of the four quadrants, in the order top-left, top-right, bottom-left, bottom-right.
   */
  static int[][] quadrantColours(Mat m) {
    int w = m.cols();
    int h = m.rows();
    return new int[][] {
      bgrAt(m, w / 4, h / 4), bgrAt(m, 3 * w / 4, h / 4),
      bgrAt(m, w / 4, 3 * h / 4), bgrAt(m, 3 * w / 4, 3 * h / 4)
    };
  }

  static boolean near(int[] actual, int[] expected, int tolerance) {
    for (int i = 0; i < 3; i++) {
      if (Math.abs(actual[i] - expected[i]) > tolerance) {
        return false;
      }
    }
    return true;
  }

  static String describe(int[] bgr) {
    return Arrays.toString(bgr);
  }

  /** A JPEG APP1 Exif segment whose IFD0 holds one orientation entry. */
  static byte[] exifApp1(int orientation, boolean littleEndian) {
    byte[] tiff = tiffWithOrientation(orientation, littleEndian);
    ByteBuffer b = ByteBuffer.allocate(4 + 6 + tiff.length);
    b.put((byte) 0xFF).put((byte) 0xE1).putShort((short) (2 + 6 + tiff.length));
    b.put("Exif\0\0".getBytes(StandardCharsets.US_ASCII)).put(tiff);
    return b.array();
  }

  /** A minimal TIFF structure: header, IFD0 with one SHORT orientation entry, no next IFD. */
  static byte[] tiffWithOrientation(int orientation, boolean littleEndian) {
    ByteBuffer b = ByteBuffer.allocate(26);
    b.order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    b.put((byte) (littleEndian ? 'I' : 'M')).put((byte) (littleEndian ? 'I' : 'M'));
    b.putShort((short) 42).putInt(8);
    b.putShort((short) 1);
    b.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation);
    b.putShort((short) 0);
    b.putInt(0);
    return b.array();
  }

  /** {@code jpeg} with {@code segment} inserted right after SOI. */
  static byte[] insertAfterSoi(byte[] jpeg, byte[] segment) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2);
    out.write(segment, 0, segment.length);
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  /** A PNG chunk with a correct CRC. */
  static byte[] pngChunk(String type, byte[] data) {
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    return ByteBuffer.allocate(12 + data.length)
        .putInt(data.length)
        .put(typeBytes)
        .put(data)
        .putInt((int) crc.getValue())
        .array();
  }

  /** {@code png} with {@code chunk} inserted right after IHDR (signature 8 + IHDR 25 bytes). */
  static byte[] insertAfterIhdr(byte[] png, byte[] chunk) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(png, 0, 33);
    out.write(chunk, 0, chunk.length);
    out.write(png, 33, png.length - 33);
    return out.toByteArray();
  }
}
