package io.homeward.embedder.pipeline;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.copyMakeBorder;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.homeward.embedder.domain.FaceBox;
import io.homeward.embedder.geometry.Nms;
import io.homeward.embedder.inference.ModelRunner;
import io.homeward.embedder.inference.Tensor;
import io.homeward.models.ColorOrder;
import io.homeward.models.InputSpec;
import io.homeward.models.ModelManifest;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Whole-image face detection for SSD-style detectors whose boxes come out decoded and normalised
 * (x1, y1, x2, y2 in 0..1), with a two-class score (background, face). Not thread-safe: one per
 * worker.
 */
final class FaceDetector {
  private final ModelRunner runner;
  private final InputSpec spec;
  private final float scoreThreshold;
  private final float nmsIou;
  private final boolean letterbox;
  private final float[] input;
  private final byte[] scratch;
  private final Mat resized = new Mat();
  private final Mat padded = new Mat();
  // The per-channel mean in the BGR order of the pixels, so padding normalises to zero.
  private final Scalar padding;

  FaceDetector(ModelRunner runner, ModelManifest manifest) {
    this.runner = runner;
    this.spec = manifest.input();
    this.scoreThreshold = (float) manifest.parameter("scoreThreshold");
    this.nmsIou = (float) manifest.parameter("nmsIou");
    this.letterbox = manifest.parameter("letterbox", 0) != 0;
    float[] mean = spec.mean();
    this.padding =
        mean.length == 1
            ? Scalar.all(mean[0])
            : spec.colorOrder() == ColorOrder.RGB
                ? new Scalar(mean[2], mean[1], mean[0], 0)
                : new Scalar(mean[0], mean[1], mean[2], 0);
    this.input = new float[spec.channels() * spec.width() * spec.height()];
    this.scratch = new byte[input.length];
  }

  /**
   * Finds faces. Boxes are squared on their height (the landmark model was trained on square crops)
   * and are in image pixels; they may reach past the image border.
   */
  List<FaceBox> detect(Mat bgr, StageTimings timings) {
    return detect(bgr, timings, scoreThreshold);
  }

  /** Finds faces whose score reaches {@code threshold} instead of the model's usual one. */
  List<FaceBox> detect(Mat bgr, StageTimings timings, float threshold) {
    long t0 = System.nanoTime();
    int width = bgr.cols();
    int height = bgr.rows();
    // Bilinear, like the detector's usual pre-processing: area averaging of multi-megapixel photos
    // cost 3 ms a photo
    // (a quarter of the non-model time) for no detection gain on the fixtures.
    float sx;
    float sy;
    if (letterbox) {
      // Keep the photo's proportions and pad the rest (with the mean, which normalises to zero): a
      // portrait or square photo stretched to 4:3 squashes the face the detector has to recognise.
      double scale = Math.min(spec.width() / (double) width, spec.height() / (double) height);
      int w = Math.max(1, (int) Math.round(width * scale));
      int h = Math.max(1, (int) Math.round(height * scale));
      resize(bgr, resized, new Size(w, h), 0, 0, INTER_LINEAR);
      copyMakeBorder(
          resized, padded, 0, spec.height() - h, 0, spec.width() - w, BORDER_CONSTANT, padding);
      Tensors.writeChw(padded, spec, scratch, input, 0);
      sx = (float) (spec.width() / scale);
      sy = (float) (spec.height() / scale);
    } else {
      resize(bgr, resized, new Size(spec.width(), spec.height()), 0, 0, INTER_LINEAR);
      Tensors.writeChw(resized, spec, scratch, input, 0);
      sx = width;
      sy = height;
    }
    long t1 = System.nanoTime();
    float[][] out =
        runner.run(new Tensor(input, new long[] {1, spec.channels(), spec.height(), spec.width()}));
    long t2 = System.nanoTime();
    float[] scores = out[0];
    float[] boxes = out[1];
    int anchors = scores.length / 2;
    List<FaceBox> candidates = new ArrayList<>();
    for (int i = 0; i < anchors; i++) {
      float score = scores[2 * i + 1];
      if (score >= threshold && isUsable(boxes, 4 * i)) {
        candidates.add(
            new FaceBox(
                boxes[4 * i] * sx,
                boxes[4 * i + 1] * sy,
                boxes[4 * i + 2] * sx,
                boxes[4 * i + 3] * sy,
                score));
      }
    }
    List<FaceBox> kept = Nms.suppress(candidates, nmsIou);
    List<FaceBox> squared = new ArrayList<>(kept.size());
    for (FaceBox b : kept) {
      float side = b.height();
      float cx = (b.x1() + b.x2()) / 2f;
      squared.add(new FaceBox(cx - side / 2f, b.y1(), cx + side / 2f, b.y2(), b.score()));
    }
    timings.add(Stage.DETECT_PREPROCESS, t1 - t0);
    timings.add(Stage.DETECT_MODEL, t2 - t1);
    timings.add(Stage.DETECT_POSTPROCESS, System.nanoTime() - t2);
    return squared;
  }

  /** A box with finite corners in the right order and at least two pixels of height once scaled. */
  private static boolean isUsable(float[] boxes, int at) {
    float x1 = boxes[at];
    float y1 = boxes[at + 1];
    float x2 = boxes[at + 2];
    float y2 = boxes[at + 3];
    return Float.isFinite(x1 + y1 + x2 + y2) && x2 > x1 && y2 - y1 > 1e-3f;
  }

  /**
   * The colour that normalises to zero in the detector's input: what padding must be filled with.
   */
  Scalar padding() {
    return padding;
  }

  /** Frees the scratch pixels of the last photo. */
  void release() {
    resized.release();
    padded.release();
  }

  void close() {
    resized.close();
    padded.close();
    padding.close();
    runner.close();
  }
}
