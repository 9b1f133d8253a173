package io.homeward.tools.detect;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_180;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_CLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_COUNTERCLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.copyMakeBorder;
import static org.bytedeco.opencv.global.opencv_core.rotate;
import static org.bytedeco.opencv.global.opencv_core.transform;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.Random;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The ways an old family print degrades before it reaches Homeward as a scan, applied to photos
 * that have faces so that the detector's losses can be counted. Each is deterministic for a given
 * random source; strengths are those of a worn print scanned at home, not of a destroyed one.
 */
public enum Degradation {
  /** The photo as it is: the baseline. */
  NONE("as is", ".png"),
  /**
   * A small print scanned at low resolution: a quarter of the size, but never under 64 pixels a
   * side (smaller than that is a thumbnail, not a scan).
   */
  DOWNSCALE("downscaled to 1/4", ".png"),
  /** Out of focus, or a soft old lens: Gaussian blur of 1.2% of the shorter side. */
  BLUR("blurred", ".png"),
  /** Film grain and scanner noise: monochrome Gaussian noise, 18 grey levels. */
  GRAIN("grain", ".png"),
  /** The brown tone of old prints. */
  SEPIA("sepia", ".png"),
  /** A faded print: a third of the contrast, lifted towards a yellowed white. */
  FADED("faded", ".png"),
  /** Saved at the lowest JPEG quality. */
  JPEG("JPEG quality 8", ".jpg"),
  /** A small print with a white border, alone on a large flatbed scan (the face is small). */
  SMALL_ON_SCAN("small print on a large scan", ".jpg"),
  /** Scanned on its side, a quarter turn clockwise. */
  ROTATED_90("on its side (90)", ".png"),
  /** Scanned upside down. */
  ROTATED_180("upside down (180)", ".png"),
  /** On its other side. */
  ROTATED_270("on its side (270)", ".png"),
  /** All of it at once: sepia, faded, grain, blurred, a border, JPEG quality 30. */
  OLD_PRINT("old print (all together)", ".jpg");

  private final String label;
  private final String encoding;

  Degradation(String label, String encoding) {
    this.label = label;
    this.encoding = encoding;
  }

  public String label() {
    return label;
  }

  /** The file extension the degraded photo is encoded with ({@code .jpg} or {@code .png}). */
  public String encoding() {
    return encoding;
  }

  /** The JPEG quality the degraded photo is saved with, where it is saved as JPEG. */
  public int jpegQuality() {
    return switch (this) {
      case JPEG -> 8;
      case OLD_PRINT -> 30;
      default -> 92;
    };
  }

  /** A new degraded copy of {@code bgr} (8-bit, 3 channels); the caller closes it. */
  public Mat apply(Mat bgr, Random random) {
    return switch (this) {
      case NONE, JPEG -> bgr.clone();
      case DOWNSCALE -> scaled(bgr, Math.max(0.25, 64.0 / Math.min(bgr.cols(), bgr.rows())));
      case BLUR -> blurred(bgr, 0.012);
      case GRAIN -> grain(bgr, 18, random);
      case SEPIA -> sepia(bgr);
      case FADED -> faded(bgr);
      case SMALL_ON_SCAN -> onScan(bgr, random);
      case ROTATED_90 -> turned(bgr, ROTATE_90_CLOCKWISE);
      case ROTATED_180 -> turned(bgr, ROTATE_180);
      case ROTATED_270 -> turned(bgr, ROTATE_90_COUNTERCLOCKWISE);
      case OLD_PRINT -> oldPrint(bgr, random);
    };
  }

  private static Mat scaled(Mat bgr, double factor) {
    Mat out = new Mat();
    int w = Math.max(8, (int) Math.round(bgr.cols() * factor));
    int h = Math.max(8, (int) Math.round(bgr.rows() * factor));
    resize(bgr, out, new Size(w, h), 0, 0, INTER_AREA);
    return out;
  }

  private static Mat blurred(Mat bgr, double sigmaFraction) {
    Mat out = new Mat();
    double sigma = Math.max(0.8, sigmaFraction * Math.min(bgr.cols(), bgr.rows()));
    GaussianBlur(bgr, out, new Size(0, 0), sigma);
    return out;
  }

  private static Mat grain(Mat bgr, double sigma, Random random) {
    Mat out = bgr.clone();
    try (UByteIndexer px = out.createIndexer()) {
      for (long y = 0; y < out.rows(); y++) {
        for (long x = 0; x < out.cols(); x++) {
          double n = random.nextGaussian() * sigma;
          for (long c = 0; c < 3; c++) {
            px.put(y, x, c, clamp(px.get(y, x, c) + n));
          }
        }
      }
    }
    return out;
  }

  private static Mat sepia(Mat bgr) {
    // The usual sepia matrix, rows and columns in OpenCV's BGR order.
    float[] m = {
      0.131f, 0.534f, 0.272f,
      0.168f, 0.686f, 0.349f,
      0.189f, 0.769f, 0.393f
    };
    return linear(bgr, m, new float[] {0, 0, 0});
  }

  private static Mat faded(Mat bgr) {
    // A third of the contrast around a yellowed white (B lower than G and R).
    float k = 0.33f;
    float[] m = {k, 0, 0, 0, k, 0, 0, 0, k};
    return linear(bgr, m, new float[] {130, 150, 158});
  }

  /** out = m x in + offset per pixel, in BGR. */
  private static Mat linear(Mat bgr, float[] m, float[] offset) {
    Mat out = new Mat(bgr.rows(), bgr.cols(), CV_8UC3);
    try (Mat matrix = new Mat(3, 4, CV_32F)) {
      try (FloatIndexer ix = matrix.createIndexer()) {
        for (int r = 0; r < 3; r++) {
          for (int c = 0; c < 3; c++) {
            ix.put(r, c, m[3 * r + c]);
          }
          ix.put(r, 3, offset[r]);
        }
      }
      transform(bgr, out, matrix);
    }
    return out;
  }

  private static Mat onScan(Mat bgr, Random random) {
    // A 10x15 cm print at 300 dpi holds the photo's longer side in about 1,500 pixels; the flatbed
    // scan around it is A4 (2,480 x 3,508). The photo is first brought to that print size.
    double printLong = 900;
    double f = printLong / Math.max(bgr.cols(), bgr.rows());
    try (Mat print = scaled(bgr, f);
        Mat bordered = new Mat()) {
      int border = 40;
      copyMakeBorder(
          print,
          bordered,
          border,
          border,
          border,
          border,
          BORDER_CONSTANT,
          new Scalar(235, 240, 242, 0));
      Mat scan = new Mat(3508 / 2, 2480 / 2, CV_8UC3, new Scalar(250, 250, 250, 0));
      int x = random.nextInt(Math.max(1, scan.cols() - bordered.cols()));
      int y = random.nextInt(Math.max(1, scan.rows() - bordered.rows()));
      try (Mat region = new Mat(scan, new Rect(x, y, bordered.cols(), bordered.rows()))) {
        bordered.copyTo(region);
      }
      return scan;
    }
  }

  private static Mat turned(Mat bgr, int code) {
    Mat out = new Mat();
    rotate(bgr, out, code);
    return out;
  }

  private static Mat oldPrint(Mat bgr, Random random) {
    try (Mat a = sepia(bgr);
        Mat b = faded(a);
        Mat c = grain(b, 12, random);
        Mat d = blurred(c, 0.006);
        Mat out = new Mat()) {
      copyMakeBorder(
          d,
          out,
          d.rows() / 12,
          d.rows() / 12,
          d.cols() / 12,
          d.cols() / 12,
          BORDER_CONSTANT,
          new Scalar(225, 235, 238, 0));
      return out.clone();
    }
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }
}
