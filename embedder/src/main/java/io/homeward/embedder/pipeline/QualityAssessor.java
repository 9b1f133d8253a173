package io.homeward.embedder.pipeline;

import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.meanStdDev;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.Laplacian;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import io.homeward.embedder.domain.FaceBox;
import io.homeward.embedder.domain.FaceQuality;
import io.homeward.embedder.domain.Landmarks;
import io.homeward.embedder.domain.Point;
import io.homeward.embedder.domain.QualityIssue;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/** Measures a face's quality and applies the gate's thresholds. Not thread-safe: one per worker. */
final class QualityAssessor {
  // In a frontal face the nose tip sits this far below the eye line, as a fraction of the
  // eye-to-mouth distance (the ArcFace template: eyes y=51.6, nose 71.7, mouth 92.3).
  private static final double FRONTAL_NOSE_DROP = 0.494;
  // Depth of the nose tip in front of the eyes, in eye distances: turns its sideways shift into a
  // yaw angle.
  private static final double NOSE_DEPTH = 0.55;

  private final QualitySettings settings;
  private final Mat grey = new Mat();
  private final Mat laplacian = new Mat();
  private final Mat mean = new Mat();
  private final Mat std = new Mat();

  QualityAssessor(QualitySettings settings) {
    this.settings = settings;
  }

  FaceQuality assess(Mat alignedBgr, FaceBox box, Landmarks lm, int imageWidth, int imageHeight) {
    // The centre of the aligned face: the warp leaves black borders near image edges that would
    // fake sharpness.
    int w = alignedBgr.cols();
    int h = alignedBgr.rows();
    int mx = w / 7;
    int my = h / 7;
    cvtColor(alignedBgr, grey, COLOR_BGR2GRAY);
    float brightness;
    float contrast;
    float sharpness;
    try (Mat centre = new Mat(grey, new Rect(mx, my, w - 2 * mx, h - 2 * my))) {
      meanStdDev(centre, mean, std);
      brightness = (float) first(mean);
      contrast = (float) first(std);
      Laplacian(centre, laplacian, CV_64F);
      meanStdDev(laplacian, mean, std);
      double s = first(std);
      sharpness = (float) (s * s);
    }

    float eyeDistance = lm.eyeDistance();
    double roll =
        Math.toDegrees(
            Math.atan2(lm.rightEye().y() - lm.leftEye().y(), lm.rightEye().x() - lm.leftEye().x()));
    // Pose in the face's own frame: undo the roll around the eye midpoint first.
    Point eyeMid = mid(lm.leftEye(), lm.rightEye());
    Point mouthMid = mid(lm.mouthLeft(), lm.mouthRight());
    double cos = Math.cos(Math.toRadians(-roll));
    double sin = Math.sin(Math.toRadians(-roll));
    double noseX = (lm.nose().x() - eyeMid.x()) * cos - (lm.nose().y() - eyeMid.y()) * sin;
    double noseY = (lm.nose().x() - eyeMid.x()) * sin + (lm.nose().y() - eyeMid.y()) * cos;
    double mouthY = (mouthMid.x() - eyeMid.x()) * sin + (mouthMid.y() - eyeMid.y()) * cos;
    double yaw =
        Math.toDegrees(Math.asin(clamp(noseX / (NOSE_DEPTH * Math.max(eyeDistance, 1e-3)))));
    double pitch =
        mouthY > 1e-3
            ? Math.toDegrees(Math.asin(clamp((noseY / mouthY - FRONTAL_NOSE_DROP) * 2)))
            : 90;

    float faceSize = box.height();
    float visible = visibleFraction(box, imageWidth, imageHeight);
    // Each test is written so that a measure that is not a number fails it: a box or five points of
    // NaN or infinity (a broken model, a hostile hint) never make a face pass.
    List<QualityIssue> issues = new ArrayList<>();
    if (!(faceSize >= settings.minFaceSizePx()) || !Float.isFinite(faceSize)) {
      issues.add(QualityIssue.FACE_TOO_SMALL);
    }
    if (!(box.score() >= settings.minDetectorScore())) {
      issues.add(QualityIssue.LOW_DETECTOR_SCORE);
    }
    if (!(sharpness >= settings.minSharpness())) {
      issues.add(QualityIssue.BLURRY);
    }
    if (!(Math.abs(yaw) <= settings.maxYawDegrees())
        || !(Math.abs(pitch) <= settings.maxPitchDegrees())
        || !Double.isFinite(roll)) {
      issues.add(QualityIssue.POSE_TOO_EXTREME);
    }
    if (!(brightness >= settings.minBrightness())) {
      issues.add(QualityIssue.UNDEREXPOSED);
    }
    if (!(brightness <= settings.maxBrightness())) {
      issues.add(QualityIssue.OVEREXPOSED);
    }
    if (!(contrast >= settings.minContrast())) {
      issues.add(QualityIssue.LOW_CONTRAST);
    }
    if (!(visible >= settings.minVisibleFraction())) {
      issues.add(QualityIssue.FACE_CUT_OFF);
    }
    return new FaceQuality(
        eyeDistance,
        faceSize,
        box.score(),
        sharpness,
        (float) yaw,
        (float) pitch,
        (float) roll,
        brightness,
        contrast,
        issues);
  }

  static float visibleFraction(FaceBox box, int width, int height) {
    float ix = Math.min(box.x2(), width) - Math.max(box.x1(), 0);
    float iy = Math.min(box.y2(), height) - Math.max(box.y1(), 0);
    if (ix <= 0 || iy <= 0 || box.area() <= 0) {
      return 0f;
    }
    return ix * iy / box.area();
  }

  private static double first(Mat m) {
    try (DoubleIndexer idx = m.createIndexer()) {
      return idx.get(0);
    }
  }

  private static Point mid(Point a, Point b) {
    return new Point((a.x() + b.x()) / 2f, (a.y() + b.y()) / 2f);
  }

  private static double clamp(double v) {
    return Math.max(-1, Math.min(1, v));
  }

  void close() {
    grey.close();
    laplacian.close();
    mean.close();
    std.close();
  }
}
