package io.homeward.tools.detect;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.addWeighted;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.ellipse;
import static org.bytedeco.opencv.global.opencv_imgproc.line;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;

import io.homeward.embedder.domain.FaceBox;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Images with no face, to count the faces a detector invents: parts of real photos away from every
 * face found in them, and drawn textures an album scan is full of (paper grain, print borders,
 * handwriting, patterned wallpaper, round blobs that could pass for eyes).
 */
public final class NonFaces {
  private NonFaces() {}

  /**
   * Up to {@code count} crops of {@code photo}, each between a fifth and a half of its shorter
   * side, none touching any of {@code faces} grown by half their size on every side. The caller
   * closes them.
   */
  public static List<Mat> backgrounds(Mat photo, List<FaceBox> faces, int count, Random random) {
    List<Mat> crops = new ArrayList<>();
    int shorter = Math.min(photo.cols(), photo.rows());
    for (int attempt = 0; attempt < count * 30 && crops.size() < count; attempt++) {
      int side = (int) (shorter * (0.2 + 0.3 * random.nextDouble()));
      if (side < 48) {
        continue;
      }
      int w = side;
      int h = (int) (side * (0.75 + 0.5 * random.nextDouble()));
      if (w >= photo.cols() || h >= photo.rows()) {
        continue;
      }
      int x = random.nextInt(photo.cols() - w);
      int y = random.nextInt(photo.rows() - h);
      FaceBox crop = new FaceBox(x, y, x + w, y + h, 0);
      boolean clear = true;
      for (FaceBox f : faces) {
        float gw = f.width() * 0.5f;
        float gh = f.height() * 0.5f;
        FaceBox grown = new FaceBox(f.x1() - gw, f.y1() - gh, f.x2() + gw, f.y2() + gh, 0);
        if (grown.iou(crop) > 0) {
          clear = false;
          break;
        }
      }
      if (clear) {
        try (Mat region = new Mat(photo, new Rect(x, y, w, h))) {
          crops.add(region.clone());
        }
      }
    }
    return crops;
  }

  /** The drawn textures, {@code perKind} of each kind; the caller closes them. */
  public static List<Mat> textures(int perKind, Random random) {
    List<Mat> out = new ArrayList<>();
    for (int i = 0; i < perKind; i++) {
      out.add(paper(random));
      out.add(blobs(random));
      out.add(wallpaper(random));
      out.add(handwriting(random));
      out.add(noise(random));
    }
    return out;
  }

  /** Yellowed photo paper: smooth blotches and fine grain. */
  private static Mat paper(Random random) {
    Mat m = noiseField(480, 360, 40, random);
    tint(m, 200, 215, 225, 0.4);
    return m;
  }

  /** Round dark blobs on a light ground, in pairs and threes, the shapes a face detector likes. */
  private static Mat blobs(Random random) {
    Mat m = new Mat(360, 480, CV_8UC3, new Scalar(200, 205, 210, 0));
    int n = 3 + random.nextInt(6);
    for (int i = 0; i < n; i++) {
      Point c = new Point(40 + random.nextInt(400), 40 + random.nextInt(280));
      Size axes = new Size(8 + random.nextInt(40), 6 + random.nextInt(30));
      int grey = 30 + random.nextInt(120);
      ellipse(
          m,
          c,
          axes,
          random.nextInt(180),
          0,
          360,
          new Scalar(grey, grey, grey + 10, 0),
          FILLED,
          LINE_AA,
          0);
    }
    try (Mat soft = new Mat()) {
      GaussianBlur(m, soft, new Size(0, 0), 3);
      soft.copyTo(m);
    }
    return m;
  }

  /** A repeating pattern of ellipses and lines, as on wallpaper or a patterned dress. */
  private static Mat wallpaper(Random random) {
    Mat m = new Mat(360, 480, CV_8UC3, new Scalar(150 + random.nextInt(80), 160, 170, 0));
    int step = 30 + random.nextInt(40);
    Scalar ink = new Scalar(random.nextInt(120), random.nextInt(120), random.nextInt(120), 0);
    for (int y = 0; y < 360 + step; y += step) {
      for (int x = 0; x < 480 + step; x += step) {
        ellipse(m, new Point(x, y), new Size(step / 4, step / 3), 0, 0, 360, ink, 2, LINE_AA, 0);
      }
      line(m, new Point(0, y + step / 2), new Point(480, y + step / 2), ink, 1, LINE_AA, 0);
    }
    return m;
  }

  /** Lines of writing on an album page, as a caption beside a photo. */
  private static Mat handwriting(Random random) {
    Mat m = new Mat(360, 480, CV_8UC3, new Scalar(215, 225, 232, 0));
    String letters = "abcdefghijklmnopqrstuvwxyz 1960 Mama Papa oo";
    for (int y = 40; y < 360; y += 36) {
      StringBuilder text = new StringBuilder();
      for (int k = 0; k < 18; k++) {
        text.append(letters.charAt(random.nextInt(letters.length())));
      }
      putText(
          m,
          text.toString(),
          new Point(10, y),
          random.nextInt(8),
          0.8 + random.nextDouble(),
          new Scalar(80, 60, 50, 0),
          2,
          LINE_AA,
          false);
    }
    return m;
  }

  /** Coloured noise at a random scale. */
  private static Mat noise(Random random) {
    return noiseField(480, 360, 4 + random.nextInt(30), random);
  }

  /** Noise smoothed at about {@code scale} pixels. */
  private static Mat noiseField(int w, int h, int scale, Random random) {
    Mat m = new Mat(h, w, CV_8UC3);
    try (UByteIndexer px = m.createIndexer()) {
      for (long y = 0; y < h; y++) {
        for (long x = 0; x < w; x++) {
          for (long c = 0; c < 3; c++) {
            px.put(y, x, c, random.nextInt(256));
          }
        }
      }
    }
    try (Mat soft = new Mat()) {
      GaussianBlur(m, soft, new Size(0, 0), Math.max(0.5, scale / 3.0));
      soft.convertTo(m, -1, 3.0, -255);
    }
    return m;
  }

  private static void tint(Mat m, int b, int g, int r, double strength) {
    try (Mat colour = new Mat(m.rows(), m.cols(), CV_8UC3, new Scalar(b, g, r, 0))) {
      addWeighted(m, 1 - strength, colour, strength, 0, m);
    }
  }
}
