package io.homeward.search.domain;

/** Checks on incoming vectors. */
public final class Vectors {
  /** How far from unit length a vector may be and still count as normalised. */
  public static final double NORM_TOLERANCE = 1e-3;

  private Vectors() {}

  /**
   * Returns the vector if it is finite, non-zero and of unit length.
   *
   * @throws InvalidVectorException otherwise
   */
  public static float[] checkedUnit(float[] v) {
    if (v == null || v.length == 0) {
      throw new InvalidVectorException("the vector is empty");
    }
    double sq = 0;
    for (float x : v) {
      if (!Float.isFinite(x)) {
        throw new InvalidVectorException("the vector holds NaN or infinite values");
      }
      sq += x * x;
    }
    if (sq == 0) {
      throw new InvalidVectorException("the vector is all zeros");
    }
    if (Math.abs(Math.sqrt(sq) - 1) > NORM_TOLERANCE) {
      throw new InvalidVectorException("the vector is not L2-normalised");
    }
    return v;
  }

  /** Dot product (cosine for unit vectors). */
  public static float dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return (float) s;
  }
}
