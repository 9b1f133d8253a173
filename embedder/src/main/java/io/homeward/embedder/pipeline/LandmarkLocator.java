package io.homeward.embedder.pipeline;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import io.homeward.embedder.domain.FaceBox;
import io.homeward.embedder.domain.Landmarks;
import io.homeward.embedder.domain.Point;
import io.homeward.embedder.inference.ModelRunner;
import io.homeward.embedder.inference.Tensor;
import io.homeward.models.InputSpec;
import io.homeward.models.ModelManifest;
import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * 68-point landmarks on a square grey face crop, reduced to the five alignment points. Not
 * thread-safe: one per worker.
 */
final class LandmarkLocator {
  // 0-based 68-point indices: eye lids without the corners (corners drift with expression), nose
  // tip, and the outer and inner mouth corners averaged.
  private static final int[] LEFT_EYE = {37, 38, 40, 41};
  private static final int[] RIGHT_EYE = {43, 44, 46, 47};
  private static final int NOSE = 30;
  private static final int[] MOUTH_LEFT = {48, 60};
  private static final int[] MOUTH_RIGHT = {54, 64};

  private final ModelRunner runner;
  private final InputSpec spec;
  private final float[] input;
  private final byte[] scratch;
  private final Mat crop = new Mat();
  private final Mat affine = new Mat(2, 3, CV_64F);

  LandmarkLocator(ModelRunner runner, ModelManifest manifest) {
    this.runner = runner;
    this.spec = manifest.input();
    if ((int) manifest.parameter("points", 68) != 68 || spec.channels() != 1) {
      throw new IllegalArgumentException("the landmark model must give 68 points from a grey crop");
    }
    this.input = new float[spec.width() * spec.height()];
    this.scratch = new byte[input.length];
  }

  Landmarks locate(Mat grey, FaceBox square, StageTimings timings) {
    long t0 = System.nanoTime();
    float side = square.height();
    double sx = spec.width() / (double) side;
    double sy = spec.height() / (double) side;
    // Crop and scale in one warp; parts of the box outside the image read as black, as a padded
    // crop would.
    try (DoubleIndexer m = affine.createIndexer()) {
      m.put(0, 0, sx);
      m.put(0, 1, 0);
      m.put(0, 2, -square.x1() * sx);
      m.put(1, 0, 0);
      m.put(1, 1, sy);
      m.put(1, 2, -square.y1() * sy);
    }
    warpAffine(
        grey,
        crop,
        affine,
        new Size(spec.width(), spec.height()),
        INTER_LINEAR,
        BORDER_CONSTANT,
        Scalar.all(0));
    Tensors.writeChw(crop, spec, scratch, input, 0);
    long t1 = System.nanoTime();
    float[] out = runner.run(new Tensor(input, new long[] {1, 1, spec.height(), spec.width()}))[0];
    long t2 = System.nanoTime();
    Landmarks landmarks =
        new Landmarks(
            mean(out, LEFT_EYE, square),
            mean(out, RIGHT_EYE, square),
            mean(out, new int[] {NOSE}, square),
            mean(out, MOUTH_LEFT, square),
            mean(out, MOUTH_RIGHT, square));
    timings.add(Stage.LANDMARK_PREPROCESS, t1 - t0);
    timings.add(Stage.LANDMARK_MODEL, t2 - t1);
    return landmarks;
  }

  private static Point mean(float[] out, int[] indices, FaceBox square) {
    float side = square.height();
    float x = 0;
    float y = 0;
    for (int i : indices) {
      x += out[2 * i];
      y += out[2 * i + 1];
    }
    x /= indices.length;
    y /= indices.length;
    return new Point(square.x1() + x * side, square.y1() + y * side);
  }

  void close() {
    crop.close();
    affine.close();
    runner.close();
  }
}
