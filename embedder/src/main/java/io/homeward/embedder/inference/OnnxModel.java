package io.homeward.embedder.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.ExecutionMode;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import io.homeward.models.ModelManifest;
import io.homeward.models.ModelUnavailableException;
import io.homeward.models.VerifiedModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

/**
 * One ONNX model loaded once into ONNX Runtime. Runners made from it share the session; each runs
 * with one intra-op thread, because on CPU one single-threaded predictor per core measured faster
 * than threads inside each model (MODELS.md: two intra-op threads made each model about twice as
 * slow on two cores).
 *
 * <p>ONNX Runtime's own Java API, not an engine layer above it: each runner writes its input into
 * one direct buffer it keeps (ONNX Runtime reads it in place) and copies each output once into a
 * plain array, which is all a call costs beyond the model itself ({@code homeward bench} compares
 * it with a bare loop).
 */
public final class OnnxModel implements AutoCloseable {
  private final ModelManifest manifest;
  private final OrtEnvironment environment;
  private final SessionOptions options;
  private final OrtSession session;
  private final List<String> outputs;

  private OnnxModel(
      ModelManifest manifest,
      OrtEnvironment environment,
      SessionOptions options,
      OrtSession session) {
    this.manifest = manifest;
    this.environment = environment;
    this.options = options;
    this.session = session;
    // Graph order, as the post-processing reads them.
    this.outputs = List.copyOf(session.getOutputNames());
  }

  /**
   * Loads a verified model.
   *
   * @throws ModelUnavailableException if ONNX Runtime cannot load it
   */
  public static OnnxModel load(
      VerifiedModel verified, InferenceDevice device, GraphOptimization optimization) {
    ModelManifest manifest = verified.manifest();
    SessionOptions options = sessionOptions(device, optimization);
    try {
      OrtEnvironment environment = OrtEnvironment.getEnvironment();
      OrtSession session = environment.createSession(verified.weights().toString(), options);
      return new OnnxModel(manifest, environment, options, session);
    } catch (OrtException | RuntimeException e) {
      options.close();
      throw new ModelUnavailableException(
          "model " + manifest.ref() + " could not be loaded by ONNX Runtime on " + device, e);
    }
  }

  /**
   * The session options every model runs with: one intra-op and one inter-op thread, sequential,
   * the given graph optimisation, CUDA for a GPU device. Public for the bench's bare loop, which
   * must run the models exactly as the pipeline does.
   */
  public static SessionOptions sessionOptions(
      InferenceDevice device, GraphOptimization optimization) {
    SessionOptions options = new SessionOptions();
    try {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      options.setExecutionMode(ExecutionMode.SEQUENTIAL);
      options.setOptimizationLevel(OptLevel.valueOf(optimization.ortName()));
      if (device.gpu()) {
        options.addCUDA(device.index());
      }
      return options;
    } catch (OrtException | RuntimeException e) {
      options.close();
      throw new ModelUnavailableException(
          "ONNX Runtime cannot run on " + device + " with these options", e);
    }
  }

  public ModelManifest manifest() {
    return manifest;
  }

  /** A new runner for one worker thread. */
  public ModelRunner newRunner() {
    return new Runner();
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime could not close a session", e);
    } finally {
      options.close();
    }
  }

  /** One worker's runner: its input buffer grows to the largest batch seen and is then reused. */
  private final class Runner implements ModelRunner {
    private final String inputName = manifest.input().name();
    private FloatBuffer input = FloatBuffer.allocate(0);

    @Override
    public float[][] run(Tensor tensor) {
      float[] data = tensor.data();
      if (input.capacity() < data.length) {
        input =
            ByteBuffer.allocateDirect(data.length * Float.BYTES)
                .order(ByteOrder.nativeOrder())
                .asFloatBuffer();
      }
      input.clear();
      input.put(data).flip();
      try (OnnxTensor in = OnnxTensor.createTensor(environment, input, tensor.shape());
          OrtSession.Result result = session.run(Map.of(inputName, in))) {
        float[][] out = new float[outputs.size()][];
        for (int i = 0; i < out.length; i++) {
          OnnxValue value = result.get(i);
          if (!(value instanceof OnnxTensor t)) {
            throw new InferenceException(
                "model " + manifest.ref() + " returned a non-tensor", null);
          }
          FloatBuffer values = t.getFloatBuffer();
          out[i] = new float[values.remaining()];
          values.get(out[i]);
        }
        return out;
      } catch (OrtException | RuntimeException e) {
        // ONNX Runtime's own text (paths, shapes) stays inside; callers see one internal type.
        throw new InferenceException("model " + manifest.ref() + " failed on its input", e);
      }
    }

    @Override
    public void close() {
      // The buffer is freed with the runner; the session belongs to the model.
    }
  }
}
