package io.homeward.tools.eval;

/**
 * A photo's face vector with its identity label: one probe or one gallery item.
 *
 * @param id the photo's name (e.g. its manifest file), used by band functions and per-probe
 *     outcomes
 * @param subject identity label; equal labels mean the same person
 * @param vector L2-normalised face vector, or {@code null} when no face was found (failed to enrol)
 */
public record LabeledVector(String id, String subject, float[] vector) {
  public LabeledVector {
    if (subject == null) {
      throw new IllegalArgumentException("subject is required (id " + id + ")");
    }
  }

  public boolean enrolled() {
    return vector != null;
  }
}
