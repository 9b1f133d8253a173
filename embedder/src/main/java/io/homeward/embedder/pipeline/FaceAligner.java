package io.homeward.embedder.pipeline;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_CUBIC;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import io.homeward.embedder.domain.Landmarks;
import io.homeward.embedder.domain.Point;
import io.homeward.embedder.geometry.SimilarityTransform;
import io.homeward.models.ModelManifest;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Warps a face onto the embedding model's five-point template with a similarity transform (no
 * shear, no reflection). Not thread-safe: one per worker.
 */
final class FaceAligner {
  private final List<Point> template;
  private final int width;
  private final int height;
  private final Size size;
  private final Mat affine = new Mat(2, 3, CV_64F);

  FaceAligner(ModelManifest embedding) {
    List<Point> points = new ArrayList<>();
    embedding.alignmentTemplate().forEach(p -> points.add(new Point(p.x(), p.y())));
    this.template = List.copyOf(points);
    this.width = embedding.input().width();
    this.height = embedding.input().height();
    this.size = new Size(width, height);
  }

  /** A new aligned BGR face at the model's input size; the caller closes it. */
  Mat align(Mat bgr, Landmarks landmarks) {
    return warp(bgr, landmarks, template, size, INTER_LINEAR);
  }

  /**
   * A new aligned BGR face for a person to look at: the same template scaled so that the crop is
   * {@code side} pixels wide, warped from the photo itself (not the model's input upscaled); the
   * caller closes it.
   */
  Mat alignForView(Mat bgr, Landmarks landmarks, int side) {
    try (Size view = new Size(side, Math.round(side * (float) height / width))) {
      // Cubic: the crop is often larger than the face in the photo, and linear looks soft there.
      return warp(bgr, landmarks, templateFor(side), view, INTER_CUBIC);
    }
  }

  /** The template scaled to a crop {@code side} pixels wide. */
  List<Point> templateFor(int side) {
    float scale = (float) side / width;
    return template.stream().map(p -> new Point(p.x() * scale, p.y() * scale)).toList();
  }

  private Mat warp(Mat bgr, Landmarks landmarks, List<Point> to, Size out, int interpolation) {
    double[] m;
    try {
      m = SimilarityTransform.estimate(landmarks.asList(), to).toAffine();
    } catch (IllegalArgumentException e) {
      // Five points that coincide or are not numbers: no face can be aligned on them. A black crop
      // of the right size keeps the request going; the quality gate refuses it (the points give an
      // impossible pose), so it is never embedded unless the gate is bypassed.
      return new Mat(out, CV_8UC3, Scalar.all(0));
    }
    try (DoubleIndexer idx = affine.createIndexer()) {
      for (int i = 0; i < 6; i++) {
        idx.put(i / 3, i % 3, m[i]);
      }
    }
    Mat aligned = new Mat();
    warpAffine(bgr, aligned, affine, out, interpolation, BORDER_CONSTANT, Scalar.all(0));
    return aligned;
  }

  void close() {
    affine.close();
    size.close();
  }
}
