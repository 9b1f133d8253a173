package io.homeward.embedder.projection;

import java.util.Locale;

/** What a projection does to a vector before it is L2-normalised again. */
public enum ProjectionKind {
  /** Nothing: the model's own vector space. */
  IDENTITY,
  /** Projects out the main directions along which one person's young and adult photos differ. */
  AGE_REMOVAL,
  /** Regularised within-class covariance normalisation: {@code (Sw + lambda I)^-1/2}. */
  WCCN,
  /** Age-direction removal followed by regularised WCCN fitted on the projected vectors. */
  AGE_REMOVAL_WCCN;

  /** The name used in files: {@code identity}, {@code age-removal}, {@code wccn}, ... */
  public String fileName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * @throws IllegalArgumentException for an unknown name
   */
  public static ProjectionKind parse(String name) {
    for (ProjectionKind k : values()) {
      if (k.fileName().equals(name)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown projection kind '" + name + "'");
  }
}
