package io.homeward.search.domain;

import java.util.Objects;

/**
 * A face to index: its attributes and its L2-normalised vector. {@link #toString()} never shows the
 * vector or the ids; reading the vector is the explicit {@link #copyVector()}.
 */
public final class FaceRecord {
  private final FaceAttributes attributes;
  private final float[] vector;

  public FaceRecord(FaceAttributes attributes, float[] vector) {
    this.attributes = Objects.requireNonNull(attributes);
    this.vector = Vectors.checkedUnit(vector).clone();
  }

  public FaceAttributes attributes() {
    return attributes;
  }

  public float[] copyVector() {
    return vector.clone();
  }

  public int dimension() {
    return vector.length;
  }

  @Override
  public String toString() {
    return "FaceRecord[" + attributes.side() + ", " + vector.length + "-d]";
  }
}
