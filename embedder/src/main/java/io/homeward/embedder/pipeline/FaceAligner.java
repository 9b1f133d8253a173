package io.homeward.embedder.pipeline;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
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
  private final Size size;
  private final Mat affine = new Mat(2, 3, CV_64F);

  FaceAligner(ModelManifest embedding) {
    List<Point> points = new ArrayList<>();
    embedding.alignmentTemplate().forEach(p -> points.add(new Point(p.x(), p.y())));
    this.template = List.copyOf(points);
    this.size = new Size(embedding.input().width(), embedding.input().height());
  }

  /** A new aligned BGR face; the caller closes it. */
  Mat align(Mat bgr, Landmarks landmarks) {
    double[] m = SimilarityTransform.estimate(landmarks.asList(), template).toAffine();
    try (DoubleIndexer idx = affine.createIndexer()) {
      for (int i = 0; i < 6; i++) {
        idx.put(i / 3, i % 3, m[i]);
      }
    }
    Mat aligned = new Mat();
    warpAffine(bgr, aligned, affine, size, INTER_LINEAR, BORDER_CONSTANT, Scalar.all(0));
    return aligned;
  }

  void close() {
    affine.close();
    size.close();
  }
}
