package io.homeward.embedder.inference;

/**
 * Runs one model on one thread at a time. Each pipeline worker owns its own runners; a runner is
 * not thread-safe.
 */
public interface ModelRunner extends AutoCloseable {
  /** Runs the model; returns every output, flattened, in graph order. */
  float[][] run(Tensor input);

  @Override
  void close();
}
