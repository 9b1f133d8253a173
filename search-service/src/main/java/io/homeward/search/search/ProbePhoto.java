package io.homeward.search.search;

import io.homeward.search.ranking.ProbeFacts;
import java.util.Objects;

/**
 * A probe photo of a case search: its vector, or the id of its face already stored in the space
 * (searched with the stored vector, so the caller embeds nothing again).
 *
 * @param vector the probe's vector; null for a stored probe
 * @param storedFaceId the stored face's id (positive) for a stored probe; 0 otherwise
 * @param facts what the caller knows now; for a stored probe a negative age at photo means the age
 *     stored with the face
 */
public record ProbePhoto(float[] vector, long storedFaceId, ProbeFacts facts) {
  public ProbePhoto {
    Objects.requireNonNull(facts, "facts");
    if ((vector == null) == (storedFaceId == 0)) {
      throw new IllegalArgumentException("a probe has a vector or a stored face id, not both");
    }
  }

  public static ProbePhoto ofVector(float[] vector, ProbeFacts facts) {
    return new ProbePhoto(Objects.requireNonNull(vector, "vector"), 0, facts);
  }

  public static ProbePhoto stored(long faceId, ProbeFacts facts) {
    return new ProbePhoto(null, faceId, facts);
  }

  public boolean isStored() {
    return vector == null;
  }

  @Override
  public String toString() {
    return isStored() ? "ProbePhoto[stored]" : "ProbePhoto[" + vector.length + "-d]";
  }
}
