package io.homeward.embedder.pipeline;

import static org.bytedeco.opencv.global.opencv_core.flip;

import io.homeward.embedder.domain.FaceVector;
import io.homeward.embedder.inference.ModelRunner;
import io.homeward.embedder.inference.Tensor;
import io.homeward.embedder.projection.Projection;
import io.homeward.models.InputSpec;
import io.homeward.models.ModelManifest;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Aligned faces to L2-normalised vectors, in batches as large as the model accepts, optionally
 * averaging each face with its mirror image, then through the configured projection, so every
 * vector that leaves the embedder is in the projected space and says so in its version. Not
 * thread-safe: one per worker.
 */
final class FaceEmbedder {
  private final ModelRunner runner;
  private final ModelManifest manifest;
  private final InputSpec spec;
  private final boolean flipAveraging;
  private final Projection projection;
  private final int faceSize;
  private final byte[] scratch;
  private final Mat flipped = new Mat();
  private final Stage preprocess;
  private final Stage model;
  private final Stage postprocess;

  FaceEmbedder(
      ModelRunner runner, ModelManifest manifest, boolean flipAveraging, Projection projection) {
    this(runner, manifest, flipAveraging, projection, false);
  }

  /**
   * @param second whether this is a fused space's second model, whose time is counted apart
   */
  FaceEmbedder(
      ModelRunner runner,
      ModelManifest manifest,
      boolean flipAveraging,
      Projection projection,
      boolean second) {
    this.preprocess = second ? Stage.SECOND_EMBED : Stage.EMBED_PREPROCESS;
    this.model = second ? Stage.SECOND_EMBED_MODEL : Stage.EMBED_MODEL;
    this.postprocess = second ? Stage.SECOND_EMBED : Stage.EMBED_POSTPROCESS;
    this.runner = runner;
    this.manifest = manifest;
    this.projection = projection;
    this.spec = manifest.input();
    this.flipAveraging = flipAveraging;
    this.faceSize = spec.channels() * spec.width() * spec.height();
    this.scratch = new byte[faceSize];
  }

  List<FaceVector> embed(List<Mat> alignedFaces, StageTimings timings) {
    int views = flipAveraging ? 2 : 1;
    int total = alignedFaces.size() * views;
    int dim = manifest.dimension();
    float[] sums = new float[alignedFaces.size() * dim];
    int maxBatch = spec.maxBatch();
    for (int start = 0; start < total; start += maxBatch) {
      int count = Math.min(maxBatch, total - start);
      long t0 = System.nanoTime();
      float[] batch = new float[count * faceSize];
      for (int j = 0; j < count; j++) {
        int view = start + j;
        Mat face = alignedFaces.get(view / views);
        if (view % views == 1) {
          flip(face, flipped, 1);
          face = flipped;
        }
        Tensors.writeChw(face, spec, scratch, batch, j * faceSize);
      }
      long t1 = System.nanoTime();
      float[] out =
          runner
              .run(
                  new Tensor(
                      batch, new long[] {count, spec.channels(), spec.height(), spec.width()}))[0];
      long t2 = System.nanoTime();
      if (out.length != count * dim) {
        throw new IllegalStateException(
            "embedding model output does not match its manifest dimension");
      }
      for (int j = 0; j < count; j++) {
        int faceIndex = (start + j) / views;
        for (int d = 0; d < dim; d++) {
          sums[faceIndex * dim + d] += out[j * dim + d];
        }
      }
      timings.add(preprocess, t1 - t0);
      timings.add(model, t2 - t1);
    }
    long t3 = System.nanoTime();
    List<FaceVector> vectors = new ArrayList<>(alignedFaces.size());
    for (int f = 0; f < alignedFaces.size(); f++) {
      float[] v = new float[dim];
      System.arraycopy(sums, f * dim, v, 0, dim);
      normalise(v);
      vectors.add(
          new FaceVector(
              projection.isIdentity() ? v : projection.apply(v),
              manifest.id(),
              projection.vectorVersion()));
    }
    timings.add(postprocess, System.nanoTime() - t3);
    return vectors;
  }

  static void normalise(float[] v) {
    double sq = 0;
    for (float x : v) {
      sq += x * x;
    }
    if (!(sq > 0) || Double.isInfinite(sq)) {
      throw new IllegalStateException("the embedding model produced a zero or non-finite vector");
    }
    float inv = (float) (1.0 / Math.sqrt(sq));
    for (int i = 0; i < v.length; i++) {
      v[i] *= inv;
    }
  }

  void close() {
    flipped.close();
    runner.close();
  }
}
