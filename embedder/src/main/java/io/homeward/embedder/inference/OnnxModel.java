package io.homeward.embedder.inference;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import io.homeward.models.ModelManifest;
import io.homeward.models.ModelUnavailableException;
import io.homeward.models.VerifiedModel;
import java.io.IOException;

/**
 * One ONNX model loaded once into ONNX Runtime through DJL. Runners made from it share the session;
 * each runs with one intra-op thread, because on CPU one single-threaded predictor per core
 * measured faster than threads inside each model (MODELS.md: two intra-op threads made each model
 * about twice as slow on two cores).
 */
public final class OnnxModel implements AutoCloseable {
  static {
    // Never let DJL reach for the network; weights come verified from the models folder.
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
  }

  private final ModelManifest manifest;
  private final ZooModel<Tensor, float[][]> model;

  private OnnxModel(ModelManifest manifest, ZooModel<Tensor, float[][]> model) {
    this.manifest = manifest;
    this.model = model;
  }

  /**
   * Loads a verified model.
   *
   * @throws ModelUnavailableException if ONNX Runtime cannot load it
   */
  public static OnnxModel load(
      VerifiedModel verified, InferenceDevice device, GraphOptimization optimization) {
    ModelManifest manifest = verified.manifest();
    Criteria<Tensor, float[][]> criteria =
        Criteria.builder()
            .setTypes(Tensor.class, float[][].class)
            .optModelPath(verified.weights())
            .optEngine("OnnxRuntime")
            .optDevice(device.gpu() ? Device.gpu(device.index()) : Device.cpu())
            .optTranslator(new TensorTranslator())
            .optOption("intraOpNumThreads", "1")
            .optOption("interOpNumThreads", "1")
            .optOption("executionMode", "SEQUENTIAL")
            .optOption("optLevel", optimization.ortName())
            .build();
    try {
      return new OnnxModel(manifest, criteria.loadModel());
    } catch (IOException | ModelNotFoundException | MalformedModelException | RuntimeException e) {
      throw new ModelUnavailableException(
          "model " + manifest.ref() + " could not be loaded by ONNX Runtime on " + device, e);
    }
  }

  public ModelManifest manifest() {
    return manifest;
  }

  /** A new runner for one worker thread. */
  public ModelRunner newRunner() {
    Predictor<Tensor, float[][]> predictor = model.newPredictor();
    String ref = manifest.ref();
    return new ModelRunner() {
      @Override
      public float[][] run(Tensor input) {
        try {
          return predictor.predict(input);
        } catch (TranslateException | RuntimeException e) {
          // ONNX Runtime's own text (paths, shapes) stays inside; callers see one internal type.
          throw new InferenceException("model " + ref + " failed on its input", e);
        }
      }

      @Override
      public void close() {
        predictor.close();
      }
    };
  }

  @Override
  public void close() {
    model.close();
  }
}
