package io.homeward.tools.cli;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.homeward.embedder.inference.GraphOptimization;
import io.homeward.embedder.inference.InferenceDevice;
import io.homeward.models.InputSpec;
import io.homeward.models.ModelFiles;
import io.homeward.models.ModelManifest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * The floor the pipeline is measured against: ONNX Runtime's own API, the session options the
 * embedder uses, one input tensor per batch size made once before timing, outputs left inside ONNX
 * Runtime (closed unread). Nothing of the pipeline runs: no copies in or out, no Java arrays.
 */
final class BareModelLoop implements AutoCloseable {
  private final ModelManifest manifest;
  private final OrtSession.SessionOptions options;
  private final OrtSession session;
  private final Map<Integer, OnnxTensor> inputs = new HashMap<>();

  BareModelLoop(
      ModelFiles files,
      ModelManifest manifest,
      InferenceDevice device,
      GraphOptimization optimization) {
    this.manifest = manifest;
    this.options = sessionOptions(device, optimization);
    try {
      this.session =
          OrtEnvironment.getEnvironment()
              .createSession(files.verify(manifest).weights().toString(), options);
    } catch (OrtException e) {
      options.close();
      throw new IllegalStateException("ONNX Runtime could not load " + manifest.ref(), e);
    }
  }

  /**
   * The options the embedder gives ONNX Runtime through DJL ({@code OnnxModel}): one intra-op and
   * one inter-op thread, sequential, the model's graph optimisation, CUDA on a GPU device.
   */
  private static OrtSession.SessionOptions sessionOptions(
      InferenceDevice device, GraphOptimization optimization) {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    try {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setOptimizationLevel(
          switch (optimization) {
            case NONE -> OrtSession.SessionOptions.OptLevel.NO_OPT;
            case BASIC -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
            case EXTENDED -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
            case ALL -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
          });
      if (device.gpu()) {
        options.addCUDA(device.index());
      }
      return options;
    } catch (OrtException e) {
      options.close();
      throw new IllegalStateException("ONNX Runtime refused the session options", e);
    }
  }

  ModelManifest manifest() {
    return manifest;
  }

  /** One call on a batch of random values (the same tensor every time for one batch size). */
  void run(int batch) {
    OnnxTensor input = inputs.computeIfAbsent(batch, this::randomInput);
    try (OrtSession.Result ignored = session.run(Map.of(manifest.input().name(), input))) {
      // The outputs are not read: the pipeline's copy out is part of what it is measured for.
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed on " + manifest.ref(), e);
    }
  }

  /**
   * Median milliseconds of one call on a batch, over {@code calls} calls after {@code warmup} (the
   * median, because other work on a shared machine lands on a few calls).
   */
  double msPerCall(int batch, int warmup, int calls) {
    for (int i = 0; i < warmup; i++) {
      run(batch);
    }
    long[] nanos = new long[calls];
    for (int i = 0; i < calls; i++) {
      long t0 = System.nanoTime();
      run(batch);
      nanos[i] = System.nanoTime() - t0;
    }
    Arrays.sort(nanos);
    return nanos[calls / 2] / 1e6;
  }

  private OnnxTensor randomInput(int batch) {
    InputSpec spec = manifest.input();
    int n = batch * spec.channels() * spec.width() * spec.height();
    FloatBuffer data =
        ByteBuffer.allocateDirect(n * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    Random random = new Random(1);
    for (int i = 0; i < n; i++) {
      data.put(random.nextFloat() * 2 - 1);
    }
    data.flip();
    try {
      return OnnxTensor.createTensor(
          OrtEnvironment.getEnvironment(),
          data,
          new long[] {batch, spec.channels(), spec.height(), spec.width()});
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime could not make an input tensor", e);
    }
  }

  @Override
  public void close() {
    inputs.values().forEach(OnnxTensor::close);
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime could not close a session", e);
    } finally {
      options.close();
    }
  }
}
