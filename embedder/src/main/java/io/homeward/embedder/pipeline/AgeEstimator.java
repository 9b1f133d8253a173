package io.homeward.embedder.pipeline;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.copyMakeBorder;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.homeward.embedder.domain.AgeEstimate;
import io.homeward.embedder.domain.FaceBox;
import io.homeward.embedder.inference.ModelRunner;
import io.homeward.embedder.inference.Tensor;
import io.homeward.models.InputSpec;
import io.homeward.models.ModelManifest;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * A face's age from a square crop around its detector box: the crop's side is the box height times
 * the manifest's {@code cropScale}, centred on the box, padded with black where it leaves the
 * photo, then resized to the model's input. Not thread-safe: one per worker.
 */
final class AgeEstimator implements AutoCloseable {
  private final ModelRunner runner;
  private final InputSpec spec;
  private final AgeDecoding decoding;
  private final double cropScale;
  private final byte[] scratch;
  private final float[] input;
  private final Mat padded = new Mat();
  private final Mat resized = new Mat();

  AgeEstimator(ModelRunner runner, ModelManifest manifest) {
    this.runner = runner;
    this.spec = manifest.input();
    this.decoding = new AgeDecoding(manifest);
    this.cropScale = manifest.parameter("cropScale", 1.0);
    if (!(cropScale >= 0.5 && cropScale <= 4)) {
      throw new IllegalArgumentException("cropScale must lie in 0.5..4");
    }
    this.scratch = new byte[spec.channels() * spec.width() * spec.height()];
    this.input = new float[scratch.length];
  }

  AgeEstimate estimate(Mat bgr, FaceBox box, StageTimings timings) {
    long t0 = System.nanoTime();
    crop(bgr, box);
    Tensors.writeChw(resized, spec, scratch, input, 0);
    long t1 = System.nanoTime();
    float[][] out =
        runner.run(new Tensor(input, new long[] {1, spec.channels(), spec.height(), spec.width()}));
    long t2 = System.nanoTime();
    AgeEstimate estimate = decoding.decode(out);
    timings.add(Stage.AGE, System.nanoTime() - t2 + (t1 - t0));
    timings.add(Stage.AGE_MODEL, t2 - t1);
    return estimate;
  }

  /** The square crop, in {@link #resized}. */
  private void crop(Mat bgr, FaceBox box) {
    Rect r = cropRect(box, cropScale);
    if (r.x() >= bgr.cols()
        || r.y() >= bgr.rows()
        || r.x() + r.width() <= 0
        || r.y() + r.height() <= 0) {
      // A box wholly outside the photo cannot come from the detector; answer for a black crop.
      r.close();
      resized.create(spec.height(), spec.width(), bgr.type());
      resized.put(Scalar.all(0));
      return;
    }
    int left = Math.max(0, -r.x());
    int top = Math.max(0, -r.y());
    int right = Math.max(0, r.x() + r.width() - bgr.cols());
    int bottom = Math.max(0, r.y() + r.height() - bgr.rows());
    try (Rect inside =
            new Rect(
                r.x() + left, r.y() + top, r.width() - left - right, r.height() - top - bottom);
        Mat roi = new Mat(bgr, inside);
        Size size = new Size(spec.width(), spec.height())) {
      Mat source = roi;
      if (left + top + right + bottom > 0) {
        copyMakeBorder(roi, padded, top, bottom, left, right, BORDER_CONSTANT, Scalar.all(0));
        source = padded;
      }
      // Area averaging when shrinking (no aliasing on large photos), bilinear when enlarging.
      int interpolation = source.cols() > spec.width() ? INTER_AREA : INTER_LINEAR;
      resize(source, resized, size, 0, 0, interpolation);
    } finally {
      r.close();
      padded.release();
    }
  }

  /**
   * The square crop around a box, in pixels (may extend past the photo): side = box height x scale,
   * at least one pixel, centred on the box.
   */
  static Rect cropRect(FaceBox box, double scale) {
    double side = Math.max(1, box.height() * scale);
    double cx = (box.x1() + box.x2()) / 2.0;
    double cy = (box.y1() + box.y2()) / 2.0;
    int s = (int) Math.round(side);
    return new Rect(
        (int) Math.round(cx - side / 2),
        (int) Math.round(cy - side / 2),
        Math.max(1, s),
        Math.max(1, s));
  }

  @Override
  public void close() {
    runner.close();
    padded.close();
    resized.close();
  }
}
