package io.homeward.tools.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * How sure a difference in rank-k between two configurations is, on the same probes: a paired
 * bootstrap that resamples identities (a person's probes rise and fall together, so they are one
 * unit), with the 2.5th and 97.5th percentiles of the resampled differences as the 95% interval.
 */
public final class PairedBootstrap {
  private PairedBootstrap() {}

  /**
   * @param difference rank-k of the second configuration minus the first's, on all probes
   * @param low 2.5th percentile of the resampled differences
   * @param high 97.5th percentile
   * @param identities identities resampled
   * @param resamples bootstrap resamples
   */
  public record Interval(
      double difference, double low, double high, int identities, int resamples) {}

  /**
   * The difference in rank-{@code k} (image level) of {@code second} over {@code first}.
   *
   * @throws IllegalArgumentException when the two lists are not the same probes in the same order
   */
  public static Interval rankK(
      List<ProbeOutcome> first, List<ProbeOutcome> second, int k, int resamples, long seed) {
    if (first.size() != second.size() || first.isEmpty()) {
      throw new IllegalArgumentException("the two configurations must rank the same probes");
    }
    Map<String, int[]> bySubject = new LinkedHashMap<>();
    for (int i = 0; i < first.size(); i++) {
      ProbeOutcome a = first.get(i);
      ProbeOutcome b = second.get(i);
      if (!a.id().equals(b.id()) || !a.subject().equals(b.subject())) {
        throw new IllegalArgumentException("the two configurations must rank the same probes");
      }
      int[] sums = bySubject.computeIfAbsent(a.subject(), s -> new int[2]);
      sums[0] += hit(b, k) - hit(a, k);
      sums[1]++;
    }
    List<int[]> units = new ArrayList<>(bySubject.values());
    double difference = ratio(units, null);
    SplittableRandom random = new SplittableRandom(seed);
    double[] resampled = new double[resamples];
    int[] pick = new int[units.size()];
    for (int r = 0; r < resamples; r++) {
      for (int i = 0; i < pick.length; i++) {
        pick[i] = random.nextInt(units.size());
      }
      resampled[r] = ratio(units, pick);
    }
    Arrays.sort(resampled);
    return new Interval(
        difference,
        resampled[(int) Math.floor(0.025 * (resamples - 1))],
        resampled[(int) Math.ceil(0.975 * (resamples - 1))],
        units.size(),
        resamples);
  }

  private static int hit(ProbeOutcome o, int k) {
    return o.imageRank() >= 1 && o.imageRank() <= k ? 1 : 0;
  }

  private static double ratio(List<int[]> units, int[] pick) {
    long diff = 0;
    long count = 0;
    int n = pick == null ? units.size() : pick.length;
    for (int i = 0; i < n; i++) {
      int[] u = units.get(pick == null ? i : pick[i]);
      diff += u[0];
      count += u[1];
    }
    return (double) diff / count;
  }
}
