package io.homeward.tools.eval;

import java.util.List;

/**
 * Verification figures for one age-gap band from pairs rather than from a probe/gallery search:
 * every unordered pair of a set of photos, or a list of scored pairs. The result has verification
 * figures and counts only (its identification is null).
 */
public final class PairBands {
  private PairBands() {}

  /**
   * Every unordered pair of enrolled photos in {@code items}: same subject genuine, else impostor.
   */
  public static GroupMetrics allPairs(List<LabeledVector> items) {
    FloatList genuine = new FloatList();
    FloatList impostor = new FloatList();
    int failed = 0;
    for (int i = 0; i < items.size(); i++) {
      LabeledVector a = items.get(i);
      if (!a.enrolled()) {
        failed++;
        continue;
      }
      for (int j = i + 1; j < items.size(); j++) {
        LabeledVector b = items.get(j);
        if (!b.enrolled()) {
          continue;
        }
        float s = 0;
        for (int d = 0; d < a.vector().length; d++) {
          s += a.vector()[d] * b.vector()[d];
        }
        (a.subject().equals(b.subject()) ? genuine : impostor).add(s);
      }
    }
    long identities = items.stream().map(LabeledVector::subject).distinct().count();
    return metrics(items.size(), failed, (int) identities, genuine, impostor);
  }

  /** Scored pairs (e.g. CACD-VS); pairs without a score (a photo without a face) are counted. */
  public static GroupMetrics scoredPairs(List<ScoredPair> pairs) {
    FloatList genuine = new FloatList();
    FloatList impostor = new FloatList();
    int failed = 0;
    for (ScoredPair p : pairs) {
      if (Double.isNaN(p.score())) {
        failed++;
      } else {
        (p.same() ? genuine : impostor).add((float) p.score());
      }
    }
    return metrics(pairs.size(), failed, 0, genuine, impostor);
  }

  private static GroupMetrics metrics(
      int given, int failed, int identities, FloatList genuine, FloatList impostor) {
    float[] g = genuine.sortedCopy();
    float[] im = impostor.sortedCopy();
    Counts counts = new Counts(given, failed, 0, 0, given, failed, identities, g.length, im.length);
    return new GroupMetrics(
        counts,
        null,
        Verification.compute(g, im),
        ScoreHistogram.of(g, im, ScoreHistogram.DEFAULT_BINS));
  }
}
