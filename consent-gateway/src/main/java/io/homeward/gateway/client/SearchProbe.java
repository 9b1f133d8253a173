package io.homeward.gateway.client;

import java.util.Objects;

/**
 * A probe of a case search: a face embedded for this search, or a face the index already holds,
 * named by its face id and searched with its stored vector (nothing is decrypted or embedded).
 *
 * @param face the probe's ids and metadata; its vector ({@link FaceToIndex#face()}) is null for a
 *     stored probe
 */
public record SearchProbe(FaceToIndex face) {
  public SearchProbe {
    Objects.requireNonNull(face, "face");
  }

  /** A face embedded now. */
  public static SearchProbe embedded(FaceToIndex face) {
    Objects.requireNonNull(face.face(), "an embedded probe has a vector");
    return new SearchProbe(face);
  }

  /** A face already in the index; {@code face} carries its ids and metadata, not a vector. */
  public static SearchProbe stored(FaceToIndex face) {
    if (face.face() != null) {
      throw new IllegalArgumentException("a stored probe carries no vector");
    }
    return new SearchProbe(face);
  }

  public boolean isStored() {
    return face.face() == null;
  }

  public long faceId() {
    return face.faceId();
  }

  @Override
  public String toString() {
    return isStored() ? "SearchProbe[stored]" : "SearchProbe[" + face + "]";
  }
}
