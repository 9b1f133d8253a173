package io.homeward.gateway.client;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The one copy between proto's {@code repeated float} and the gateway's {@code float[]} vectors.
 * Vectors are sensitive: nothing here logs or keeps them.
 */
final class Vectors {
  private Vectors() {}

  /** A vector received from a service. */
  static float[] toArray(List<Float> values) {
    float[] vector = new float[values.size()];
    for (int i = 0; i < vector.length; i++) {
      vector[i] = values.get(i);
    }
    return vector;
  }

  /** A read-only view of a vector, for a proto builder's {@code addAll...}; nothing is copied. */
  static List<Float> asList(float[] vector) {
    return new FloatView(vector);
  }

  private static final class FloatView extends AbstractList<Float> implements RandomAccess {
    private final float[] vector;

    FloatView(float[] vector) {
      this.vector = vector;
    }

    @Override
    public Float get(int index) {
      return vector[index];
    }

    @Override
    public int size() {
      return vector.length;
    }

    @Override
    public String toString() {
      // Lists print their elements; a vector must never reach a log.
      return "vector[" + vector.length + "]";
    }
  }
}
