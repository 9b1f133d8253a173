package io.homeward.tools.eval;

import java.util.Arrays;

/** A growable array of primitive floats: millions of impostor scores without boxing. */
final class FloatList {
  private float[] values = new float[1024];
  private int size;

  void add(float value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, Math.max(1024, values.length + (values.length >> 1)));
    }
    values[size++] = value;
  }

  int size() {
    return size;
  }

  /** The values, sorted ascending, in a new array. */
  float[] sortedCopy() {
    float[] copy = Arrays.copyOf(values, size);
    Arrays.sort(copy);
    return copy;
  }
}
