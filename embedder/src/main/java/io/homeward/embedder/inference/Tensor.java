package io.homeward.embedder.inference;

import java.util.Arrays;

/**
 * A dense float tensor in row-major order, as handed to a model.
 *
 * @param data the values; not copied, so the caller must not change them during the call
 * @param shape the dimensions, e.g. {@code {1, 3, 112, 112}}
 */
public record Tensor(float[] data, long[] shape) {
  public Tensor {
    long count = 1;
    for (long d : shape) {
      count *= d;
    }
    if (count != data.length) {
      throw new IllegalArgumentException("tensor data does not match its shape");
    }
  }

  @Override
  public String toString() {
    return "Tensor" + Arrays.toString(shape);
  }
}
