package io.homeward.tools.cli;

import io.homeward.tools.eval.Evaluator;
import io.homeward.tools.eval.ProbeOutcome;
import io.homeward.tools.eval.RankSummary;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Ranks read from a search service's candidate lists, and the exact search they are checked
 * against. A candidate list holds only the top K, so a correct match below it is a miss at every
 * rank (the CMC stops at K).
 */
final class CandidateRanks {
  private CandidateRanks() {}

  /**
   * {@link ProbeOutcome#NOT_FOUND} when case {@code wanted} has no candidate in the list; else the
   * 1-based position of its first one.
   */
  static int imageRank(List<String> caseRefs, String wanted) {
    int i = caseRefs.indexOf(wanted);
    return i < 0 ? ProbeOutcome.NOT_FOUND : i + 1;
  }

  /**
   * One more than the number of other cases met before the first candidate of {@code wanted}, or
   * {@link ProbeOutcome#NOT_FOUND}. Exact whenever the wanted case appears in the list: every face
   * ahead of it is in the list too.
   */
  static int identityRank(List<String> caseRefs, String wanted) {
    Set<String> ahead = new HashSet<>();
    for (String ref : caseRefs) {
      if (ref.equals(wanted)) {
        return ahead.size() + 1;
      }
      ahead.add(ref);
    }
    return ProbeOutcome.NOT_FOUND;
  }

  /**
   * The same summary {@link Evaluator} gives: {@code ranks} holds one rank per ranked probe
   * (NOT_FOUND for a miss); {@code depth} is how deep ranks can go (the candidates returned, at
   * most the gallery), and the CMC is cut there and at {@link Evaluator#MAX_CMC_RANK}.
   */
  static RankSummary summary(int[] ranks, int depth) {
    int ranked = ranks.length;
    int[] hits = new int[depth + 1];
    for (int r : ranks) {
      if (r != ProbeOutcome.NOT_FOUND && r <= depth) {
        hits[r]++;
      }
    }
    double[] cumulative = new double[Math.max(depth, 20)];
    long found = 0;
    for (int k = 1; k <= cumulative.length; k++) {
      if (k <= depth) {
        found += hits[k];
      }
      cumulative[k - 1] = ranked == 0 ? Double.NaN : (double) found / ranked;
    }
    double[] cmc =
        ranked == 0
            ? new double[0]
            : Arrays.copyOf(cumulative, Math.min(depth, Evaluator.MAX_CMC_RANK));
    return new RankSummary(cumulative[0], cumulative[4], cumulative[9], cumulative[19], cmc);
  }

  /**
   * Like {@link #summary}, but each trial holds several ranks and counts as the share of them found
   * by a rank (a case searched with each of its photos alone weighs as one case, not as many
   * photos). A trial with one rank is counted as in {@link #summary}.
   */
  static RankSummary meanSummary(List<int[]> trials, int depth) {
    int length = Math.max(depth, 20);
    double[] cumulative = new double[length];
    for (int[] ranks : trials) {
      if (ranks.length == 0) {
        throw new IllegalArgumentException("a trial without ranks");
      }
      for (int r : ranks) {
        if (r != ProbeOutcome.NOT_FOUND && r <= depth) {
          for (int k = r; k <= length; k++) {
            cumulative[k - 1] += 1.0 / ranks.length;
          }
        }
      }
    }
    for (int k = 0; k < length; k++) {
      cumulative[k] = trials.isEmpty() ? Double.NaN : cumulative[k] / trials.size();
    }
    double[] cmc =
        trials.isEmpty()
            ? new double[0]
            : Arrays.copyOf(cumulative, Math.min(depth, Evaluator.MAX_CMC_RANK));
    return new RankSummary(cumulative[0], cumulative[4], cumulative[9], cumulative[19], cmc);
  }

  /**
   * Indexes of the {@code k} gallery vectors with the highest dot product with {@code probe}, best
   * first (ties: lower index first). Brute force: the reference an index's recall is measured
   * against.
   */
  static int[] exactTopK(float[] probe, List<float[]> gallery, int k) {
    int n = Math.min(k, gallery.size());
    int[] best = new int[n];
    float[] scores = new float[n];
    int filled = 0;
    for (int j = 0; j < gallery.size(); j++) {
      float s = dot(probe, gallery.get(j));
      if (filled < n) {
        filled++;
      } else if (s <= scores[n - 1]) {
        continue;
      }
      // Insertion into the sorted top list; k is small.
      int i = filled - 1;
      while (i > 0 && scores[i - 1] < s) {
        scores[i] = scores[i - 1];
        best[i] = best[i - 1];
        i--;
      }
      scores[i] = s;
      best[i] = j;
    }
    return best;
  }

  /** Fraction of the {@code exact} ids found among the returned ids (both top-k lists). */
  static double recall(long[] returned, long[] exact) {
    if (exact.length == 0) {
      return Double.NaN;
    }
    Set<Long> got = new HashSet<>();
    for (long id : returned) {
      got.add(id);
    }
    int hit = 0;
    for (long id : exact) {
      if (got.contains(id)) {
        hit++;
      }
    }
    return (double) hit / exact.length;
  }

  static float dot(float[] a, float[] b) {
    float s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
