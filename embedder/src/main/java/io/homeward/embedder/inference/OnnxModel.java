package io.homeward.embedder.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.ExecutionMode;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import ai.onnxruntime.TensorInfo;
import io.homeward.models.ModelManifest;
import io.homeward.models.ModelUnavailableException;
import io.homeward.models.VerifiedModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One ONNX model loaded once into ONNX Runtime. Runners made from it share the session; each runs
 * with one intra-op thread, because on CPU one single-threaded predictor per core measured faster
 * than threads inside each model (MODELS.md: two intra-op threads made each model about twice as
 * slow on two cores).
 *
 * <p>ONNX Runtime's own Java API, not an engine layer above it (DJL's per-call NDManager, NDArray
 * and copies cost the small models up to twice their time): each runner keeps direct buffers that
 * ONNX Runtime reads and writes in place, so a call costs one copy in and one copy out beyond the
 * model itself ({@code homeward bench} compares it with a bare loop).
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

  /**
   * One worker's runner. For each input shape it meets (a batch of one or two) it binds, once, a
   * direct input buffer that ONNX Runtime reads in place and direct output buffers that ONNX
   * Runtime writes into (pinned outputs); a call then costs one copy in and one copy out.
   */
  private final class Runner implements ModelRunner {
    private final String inputName = manifest.input().name();
    private final Map<List<Long>, Bound> bound = new HashMap<>();

    @Override
    public float[][] run(Tensor tensor) {
      try {
        Bound b = bound.get(shapeKey(tensor.shape()));
        if (b == null) {
          b = bind(tensor.shape());
          bound.put(shapeKey(tensor.shape()), b);
        }
        b.input.put(0, tensor.data());
        try (OrtSession.Result ignored = session.run(Map.of(inputName, b.tensor), b.outputs)) {
          float[][] out = new float[b.outputBuffers.length][];
          for (int i = 0; i < out.length; i++) {
            out[i] = new float[b.outputBuffers[i].capacity()];
            b.outputBuffers[i].get(0, out[i]);
          }
          return out;
        }
      } catch (OrtException | RuntimeException e) {
        // ONNX Runtime's own text (paths, shapes) stays inside; callers see one internal type.
        throw new InferenceException("model " + manifest.ref() + " failed on its input", e);
      }
    }

    private Bound bind(long[] shape) throws OrtException {
      FloatBuffer input = direct(Math.toIntExact(count(shape)));
      Map<String, OnnxTensor> pinned = new LinkedHashMap<>();
      FloatBuffer[] buffers = new FloatBuffer[outputs.size()];
      OnnxTensor tensor = OnnxTensor.createTensor(environment, input, shape);
      try {
        Map<String, NodeInfo> info = session.getOutputInfo();
        for (int i = 0; i < buffers.length; i++) {
          String name = outputs.get(i);
          long[] dims = ((TensorInfo) info.get(name).getInfo()).getShape().clone();
          for (int d = 0; d < dims.length; d++) {
            if (dims[d] < 0) {
              if (d != 0) {
                throw new IllegalStateException(
                    "output " + name + " has a dynamic dimension other than the batch");
              }
              dims[d] = shape[0];
            }
          }
          buffers[i] = direct(Math.toIntExact(count(dims)));
          pinned.put(name, OnnxTensor.createTensor(environment, buffers[i], dims));
        }
      } catch (OrtException | RuntimeException e) {
        tensor.close();
        pinned.values().forEach(OnnxTensor::close);
        throw e;
      }
      return new Bound(input, tensor, buffers, pinned);
    }

    @Override
    public void close() {
      for (Bound b : bound.values()) {
        b.tensor.close();
        b.outputs.values().forEach(OnnxTensor::close);
      }
      bound.clear();
    }
  }

  /** One input shape's tensors, bound to direct buffers that live as long as the runner. */
  private record Bound(
      FloatBuffer input,
      OnnxTensor tensor,
      FloatBuffer[] outputBuffers,
      Map<String, OnnxTensor> outputs) {}

  private static List<Long> shapeKey(long[] shape) {
    return Arrays.stream(shape).boxed().toList();
  }

  private static long count(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  private static FloatBuffer direct(int floats) {
    return ByteBuffer.allocateDirect(floats * Float.BYTES)
        .order(ByteOrder.nativeOrder())
        .asFloatBuffer();
  }
}
