package io.homeward.embedder.pipeline;

import io.homeward.embedder.domain.AgeEstimate;
import io.homeward.embedder.domain.FaceBox;
import io.homeward.embedder.image.DecodedImage;
import io.homeward.embedder.inference.GraphOptimization;
import io.homeward.embedder.inference.InferenceDevice;
import io.homeward.embedder.inference.OnnxModel;
import io.homeward.models.ModelFiles;
import io.homeward.models.ModelManifest;
import io.homeward.models.ModelTask;
import io.homeward.models.ModelUnavailableException;
import java.nio.file.Path;

/**
 * One age model on its own, for evaluating several side by side on faces the engine found: exactly
 * the crop, model call and decoding that the engine's age stage runs. Not thread-safe.
 */
public final class AgeProbe implements AutoCloseable {
  private final OnnxModel model;
  private final AgeEstimator estimator;
  private final StageTimings timings = new StageTimings();

  private AgeProbe(OnnxModel model) {
    this.model = model;
    try {
      this.estimator = new AgeEstimator(model.newRunner(), model.manifest());
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /**
   * Verifies and loads an age model.
   *
   * @throws ModelUnavailableException if it is missing, altered or unloadable
   */
  public static AgeProbe open(Path modelsDir, String manifestLocation, InferenceDevice device) {
    ModelManifest manifest = ModelSet.read(manifestLocation, ModelTask.AGE);
    return new AgeProbe(
        OnnxModel.load(
            new ModelFiles(modelsDir).verify(manifest), device, GraphOptimization.BASIC));
  }

  public ModelManifest manifest() {
    return model.manifest();
  }

  /** The age of the face in {@code box} of {@code image}. */
  public AgeEstimate estimate(DecodedImage image, FaceBox box) {
    return estimator.estimate(image.bgr(), box, timings);
  }

  /** Time spent so far, by stage. */
  public StageTimings timings() {
    return timings;
  }

  @Override
  public void close() {
    estimator.close();
    model.close();
  }
}
