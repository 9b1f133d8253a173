package io.homeward.embedder.grpc;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/** Images made in code for the service tests; none is committed. */
final class GrpcTestImages {
  private GrpcTestImages() {}

  /** Smooth noise: an image with no face in it. */
  static byte[] noFace() {
    Random random = new Random(3);
    try (Mat m = new Mat(300, 400, CV_8UC3);
        UByteIndexer idx = m.createIndexer()) {
      for (int y = 0; y < 300; y++) {
        for (int x = 0; x < 400; x++) {
          for (int c = 0; c < 3; c++) {
            idx.put(y, x, c, 60 + random.nextInt(140));
          }
        }
      }
      try (Mat blurred = new Mat()) {
        opencv_imgproc.GaussianBlur(m, blurred, new Size(21, 21), 8);
        return encode(".png", blurred);
      }
    }
  }

  static byte[] blank(int width, int height) {
    try (Mat m = new Mat(height, width, CV_8UC3, Scalar.all(128))) {
      return encode(".png", m);
    }
  }

  /** The photo shrunk so that its width is {@code width} pixels. */
  static byte[] shrunk(byte[] photo, int width) {
    try (BytePointer p = new BytePointer(photo);
        Mat encoded = new Mat(1, photo.length, opencv_core.CV_8UC1, p);
        Mat image = imdecode(encoded, 1);
        Mat small = new Mat()) {
      int height = Math.max(1, image.rows() * width / image.cols());
      resize(image, small, new Size(width, height));
      return encode(".png", small);
    }
  }

  /** A valid PNG header that claims 100000 x 100000 pixels. */
  static byte[] pngBomb() {
    ByteBuffer b = ByteBuffer.allocate(8 + 25 + 12);
    b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    byte[] ihdr =
        ByteBuffer.allocate(17)
            .put("IHDR".getBytes())
            .putInt(100_000)
            .putInt(100_000)
            .put(new byte[] {8, 2, 0, 0, 0})
            .array();
    CRC32 crc = new CRC32();
    crc.update(ihdr);
    b.putInt(13).put(ihdr).putInt((int) crc.getValue());
    b.putInt(0).put("IEND".getBytes()).putInt(0xAE426082);
    return b.array();
  }

  static byte[] gif() {
    return "GIF89a\u0001\u0000\u0001\u0000\u0080\u0000\u0000".getBytes(StandardCharsets.ISO_8859_1);
  }

  static byte[] random(int n, long seed) {
    byte[] bytes = new byte[n];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  static byte[] encode(String ext, Mat m) {
    try (BytePointer buffer = new BytePointer()) {
      imencode(ext, m, buffer);
      byte[] bytes = new byte[(int) buffer.limit()];
      buffer.get(bytes);
      return bytes;
    }
  }
}
