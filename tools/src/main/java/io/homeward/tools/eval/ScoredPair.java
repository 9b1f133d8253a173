package io.homeward.tools.eval;

/**
 * A verification pair with its similarity score.
 *
 * @param score dot product of the two vectors, or NaN when either photo failed to enrol (such a
 *     pair is always decided "different", whatever the threshold)
 */
public record ScoredPair(String id, int fold, double score, boolean same) {
  public boolean failed() {
    return Double.isNaN(score);
  }
}
