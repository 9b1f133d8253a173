package io.homeward.tools.cli;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.homeward.embedder.pipeline.EmbedderEngine;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Copies of photos degraded the way an old print scanned at home is (half the resolution scaled
 * back up, a Gaussian blur of sigma {@value #BLUR_SIGMA}, JPEG at quality {@value #JPEG_QUALITY}),
 * made in memory and embedded at once: nothing derived from the faces is written anywhere.
 */
final class DegradedCopies {
  static final double SCALE = 0.5;
  static final double BLUR_SIGMA = 1.0;
  static final int JPEG_QUALITY = 20;

  static final String DESCRIPTION =
      "downscaled to "
          + Math.round(SCALE * 100)
          + "% and back, Gaussian blur sigma "
          + BLUR_SIGMA
          + ", JPEG quality "
          + JPEG_QUALITY;

  private DegradedCopies() {}

  /** The degraded copy of an encoded image, JPEG-encoded. */
  static byte[] degrade(byte[] encoded) {
    try (Mat raw = new Mat(1, encoded.length, CV_8UC1);
        Mat image = decode(raw, encoded);
        Mat small = new Mat();
        Mat back = new Mat();
        Mat blurred = new Mat();
        BytePointer out = new BytePointer();
        IntPointer params = new IntPointer(IMWRITE_JPEG_QUALITY, JPEG_QUALITY)) {
      int w = image.cols();
      int h = image.rows();
      try (Size half = new Size(Math.max(1, (int) (w * SCALE)), Math.max(1, (int) (h * SCALE)));
          Size full = new Size(w, h);
          Size kernel = new Size(0, 0)) {
        resize(image, small, half, 0, 0, INTER_AREA);
        resize(small, back, full, 0, 0, INTER_LINEAR);
        GaussianBlur(back, blurred, kernel, BLUR_SIGMA);
      }
      if (!imencode(".jpg", blurred, out, params)) {
        throw new IllegalStateException("JPEG encoding failed");
      }
      byte[] bytes = new byte[(int) out.limit()];
      out.get(bytes);
      return bytes;
    }
  }

  private static Mat decode(Mat raw, byte[] encoded) {
    raw.data().put(encoded);
    Mat image = imdecode(raw, IMREAD_COLOR);
    if (image == null || image.empty()) {
      throw new IllegalArgumentException("not a decodable image");
    }
    return image;
  }

  /**
   * The model's vector of the largest face of each file's degraded copy (null where none was
   * found), as {@link BatchEmbedder} embeds the originals.
   */
  static Map<Path, float[]> embed(
      EmbedderEngine engine, List<Path> files, String label, PrintStream err) {
    return BatchEmbedder.embedAll(engine, files, label, err, DegradedCopies::degrade).vectors();
  }
}
