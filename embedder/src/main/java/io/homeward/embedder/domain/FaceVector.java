package io.homeward.embedder.domain;

import java.util.Objects;

/**
 * An L2-normalised face vector tagged with the model that made it. Vectors of different models live
 * in separate spaces, never compared. Reading them is an explicit call ({@link #copyValues()}) so
 * that every place that handles raw biometric data can be found with grep; {@link #toString()}
 * shows only the dimension and model.
 */
public final class FaceVector {
  private final float[] values;
  private final String modelId;
  private final String modelVersion;

  public FaceVector(float[] values, String modelId, String modelVersion) {
    if (values == null || values.length == 0) {
      throw new IllegalArgumentException("a face vector needs values");
    }
    this.values = values.clone();
    this.modelId = Objects.requireNonNull(modelId);
    this.modelVersion = Objects.requireNonNull(modelVersion);
  }

  /** A copy of the values. */
  public float[] copyValues() {
    return values.clone();
  }

  public int dimension() {
    return values.length;
  }

  public String modelId() {
    return modelId;
  }

  public String modelVersion() {
    return modelVersion;
  }

  /**
   * Cosine similarity (the dot product, as both are normalised); refuses vectors of another model.
   */
  public float cosine(FaceVector other) {
    if (!modelId.equals(other.modelId)
        || !modelVersion.equals(other.modelVersion)
        || values.length != other.values.length) {
      throw new IllegalArgumentException("vectors of different models are not comparable");
    }
    double dot = 0;
    for (int i = 0; i < values.length; i++) {
      dot += values[i] * other.values[i];
    }
    return (float) dot;
  }

  @Override
  public String toString() {
    return "FaceVector[" + values.length + "-d " + modelId + "@" + modelVersion + "]";
  }
}
