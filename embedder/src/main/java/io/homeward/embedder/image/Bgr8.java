package io.homeward.embedder.image;

import static org.bytedeco.opencv.global.opencv_core.CV_16F;
import static org.bytedeco.opencv.global.opencv_core.CV_16S;
import static org.bytedeco.opencv.global.opencv_core.CV_16U;
import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.CV_8S;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.add;
import static org.bytedeco.opencv.global.opencv_core.bitwise_not;
import static org.bytedeco.opencv.global.opencv_core.extractChannel;
import static org.bytedeco.opencv.global.opencv_core.minMaxLoc;
import static org.bytedeco.opencv.global.opencv_core.multiply;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import io.homeward.embedder.error.EmbedderException;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;

/**
 * Whatever a codec produced (grey, grey+alpha, BGR, BGRA; 8-bit, 16-bit, float) to the 8-bit BGR
 * the models take.
 */
final class Bgr8 {
  private Bgr8() {}

  /**
   * Converts {@code decoded} to CV_8UC3. Consumes it: returns it unchanged when it already is 8-bit
   * BGR, otherwise closes it and returns a new Mat (closing it also when the conversion fails).
   *
   * @throws EmbedderException IMAGE_UNSUPPORTED_FORMAT for a channel count or depth with no
   *     sensible reading
   */
  static Mat convert(Mat decoded) {
    Mat current = decoded;
    try {
      if (current.depth() != CV_8U) {
        current = replace(current, toEightBit(current));
      }
      switch (current.channels()) {
        case 3 -> {}
        case 1 -> current = replace(current, greyToBgr(current));
        case 2 -> current = replace(current, greyAlphaOverWhite(current));
        case 4 -> current = replace(current, bgraOverWhite(current));
        default -> throw Refusals.unsupportedLayout();
      }
      return current;
    } catch (RuntimeException e) {
      current.close();
      throw e;
    }
  }

  private static Mat replace(Mat old, Mat next) {
    old.close();
    return next;
  }

  private static Mat toEightBit(Mat m) {
    int depth = m.depth();
    if (depth == CV_16U) {
      return converted(m, 1.0 / 257, 0); // 65535 -> 255
    }
    if (depth == CV_16S) {
      return converted(m, 1.0 / 257, 128);
    }
    if (depth == CV_8S) {
      return converted(m, 1, 128);
    }
    if (depth == CV_32F || depth == CV_64F) {
      return floatToEightBit(m);
    }
    if (depth == CV_16F) {
      try (Mat wide = new Mat()) {
        m.convertTo(wide, CV_32F);
        return floatToEightBit(wide);
      }
    }
    throw Refusals.unsupportedLayout();
  }

  /**
   * Float images are usually 0..1; some writers use 0..255. Either way values outside the range are
   * clamped (convertTo saturates), so a hostile float cannot wrap around.
   */
  private static Mat floatToEightBit(Mat m) {
    double[] min = new double[1];
    double[] max = new double[1];
    try (Mat flat = m.reshape(1);
        Mat noMask = new Mat()) {
      minMaxLoc(flat, min, max, (Point) null, (Point) null, noMask);
    }
    return converted(m, max[0] <= 1.0 ? 255 : 1, 0);
  }

  private static Mat converted(Mat m, double scale, double offset) {
    Mat out = new Mat();
    try {
      m.convertTo(out, CV_8U, scale, offset);
      return out;
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }

  private static Mat greyToBgr(Mat grey) {
    Mat out = new Mat();
    try {
      cvtColor(grey, out, COLOR_GRAY2BGR);
      return out;
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }

  private static Mat bgraOverWhite(Mat bgra) {
    try (Mat colour = new Mat();
        Mat alpha = new Mat()) {
      cvtColor(bgra, colour, COLOR_BGRA2BGR);
      extractChannel(bgra, alpha, 3);
      return overWhite(colour, alpha);
    }
  }

  private static Mat greyAlphaOverWhite(Mat greyAlpha) {
    try (Mat grey = new Mat();
        Mat alpha = new Mat()) {
      extractChannel(greyAlpha, grey, 0);
      extractChannel(greyAlpha, alpha, 1);
      try (Mat colour = greyToBgr(grey)) {
        return overWhite(colour, alpha);
      }
    }
  }

  /**
   * colour * a/255 + 255 * (1 - a/255). Dropping alpha instead would show whatever the transparent
   * pixels happen to hold, which can be black or deliberate garbage.
   */
  private static Mat overWhite(Mat colour, Mat alpha) {
    Mat out = new Mat();
    try (Mat alpha3 = greyToBgr(alpha);
        Mat shown = new Mat();
        Mat white = new Mat()) {
      multiply(colour, alpha3, shown, 1.0 / 255, -1);
      bitwise_not(alpha3, white); // 255 - a
      add(shown, white, out);
      return out;
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }
}
