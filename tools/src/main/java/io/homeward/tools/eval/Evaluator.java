package io.homeward.tools.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Scores every probe against every gallery photo (dot product of L2-normalised vectors) and reduces
 * the scores to identification and verification figures, overall and per band.
 *
 * <p>Work is per probe: one row of scores is computed, ranked and appended to the genuine/impostor
 * lists, then reused, so memory grows with the number of scores kept (4 bytes each, needed for
 * exact TAR@FAR and AUC), not with a probes x gallery matrix of objects. With bands the scores are
 * kept twice (overall and band).
 *
 * <p>Ranks are pessimistic about ties: a gallery photo of another subject scoring exactly as high
 * as the best correct photo is ranked ahead of it.
 */
public final class Evaluator {
  /** Longest CMC curve reported; beyond this the curve says little for search. */
  public static final int MAX_CMC_RANK = 100;

  private Evaluator() {}

  /** Figures over all probes, without bands. */
  public static EvaluationResult evaluate(List<LabeledVector> probes, List<LabeledVector> gallery) {
    return evaluate(probes, gallery, null);
  }

  /**
   * Figures over all probes and, when {@code bandOf} is given, per band label it assigns (e.g. an
   * age-gap band). Probes for which it returns null count only overall.
   *
   * @throws IllegalArgumentException when vectors differ in dimension
   */
  public static EvaluationResult evaluate(
      List<LabeledVector> probes,
      List<LabeledVector> gallery,
      Function<LabeledVector, String> bandOf) {
    Gallery g = Gallery.of(gallery);
    Accumulator overall = new Accumulator(g);
    Map<String, Accumulator> bands = new LinkedHashMap<>();
    List<ProbeOutcome> outcomes = new ArrayList<>(probes.size());
    float[] row = new float[g.size];
    float[] identityBest = new float[g.identities];

    for (LabeledVector probe : probes) {
      String band = bandOf == null ? null : bandOf.apply(probe);
      Accumulator bandAcc =
          band == null ? null : bands.computeIfAbsent(band, b -> new Accumulator(g));
      int subject = g.identityIndex.getOrDefault(probe.subject(), -1);
      int imageRank = ProbeOutcome.NOT_FOUND;
      int identityRank = ProbeOutcome.NOT_FOUND;
      if (probe.enrolled()) {
        g.score(probe.vector(), row);
        if (subject >= 0) {
          imageRank = imageRank(row, g.identity, subject);
          identityRank = identityRank(row, g.identity, subject, identityBest);
        }
      }
      overall.add(probe, subject, row, imageRank, identityRank);
      if (bandAcc != null) {
        bandAcc.add(probe, subject, row, imageRank, identityRank);
      }
      outcomes.add(
          new ProbeOutcome(
              probe.id(), probe.subject(), band, subject >= 0, imageRank, identityRank));
    }

    Map<String, GroupMetrics> bandMetrics = new LinkedHashMap<>();
    bands.forEach((band, acc) -> bandMetrics.put(band, acc.metrics()));
    return new EvaluationResult(
        overall.metrics(), Collections.unmodifiableMap(bandMetrics), List.copyOf(outcomes));
  }

  /**
   * 1 + the number of impostor photos scoring at least the best photo of {@code subject}; NOT_FOUND
   * when the subject has no enrolled photo.
   */
  static int imageRank(float[] row, int[] identity, int subject) {
    float best = Float.NEGATIVE_INFINITY;
    boolean any = false;
    for (int j = 0; j < row.length; j++) {
      if (identity[j] == subject && (!any || row[j] > best)) {
        best = row[j];
        any = true;
      }
    }
    if (!any) {
      return ProbeOutcome.NOT_FOUND;
    }
    int rank = 1;
    for (int j = 0; j < row.length; j++) {
      if (identity[j] != subject && row[j] >= best) {
        rank++;
      }
    }
    return rank;
  }

  /** Like {@link #imageRank} but each identity competes with its best photo only. */
  static int identityRank(float[] row, int[] identity, int subject, float[] identityBest) {
    Arrays.fill(identityBest, Float.NaN);
    for (int j = 0; j < row.length; j++) {
      int id = identity[j];
      // NaN marks "no enrolled photo yet", so identities without any photo never compete.
      if (Float.isNaN(identityBest[id]) || row[j] > identityBest[id]) {
        identityBest[id] = row[j];
      }
    }
    float best = identityBest[subject];
    if (Float.isNaN(best)) {
      return ProbeOutcome.NOT_FOUND;
    }
    int rank = 1;
    for (int id = 0; id < identityBest.length; id++) {
      // NaN >= best is false, so photo-less identities are skipped here too.
      if (id != subject && identityBest[id] >= best) {
        rank++;
      }
    }
    return rank;
  }

  /** Enrolled gallery vectors in one flat array (cache friendly), with identity indexes. */
  private static final class Gallery {
    final int size;
    final int dimension;
    final float[] flat;
    final int[] identity;
    final int identities;
    final Map<String, Integer> identityIndex;
    final int given;
    final int failed;

    private Gallery(
        int size,
        int dimension,
        float[] flat,
        int[] identity,
        Map<String, Integer> identityIndex,
        int given,
        int failed) {
      this.size = size;
      this.dimension = dimension;
      this.flat = flat;
      this.identity = identity;
      this.identities = identityIndex.size();
      this.identityIndex = identityIndex;
      this.given = given;
      this.failed = failed;
    }

    static Gallery of(List<LabeledVector> gallery) {
      Map<String, Integer> identityIndex = new HashMap<>();
      int dimension = -1;
      int enrolled = 0;
      for (LabeledVector item : gallery) {
        identityIndex.putIfAbsent(item.subject(), identityIndex.size());
        if (item.enrolled()) {
          if (dimension < 0) {
            dimension = item.vector().length;
          } else if (item.vector().length != dimension) {
            throw new IllegalArgumentException(
                "gallery vector "
                    + item.id()
                    + " has dimension "
                    + item.vector().length
                    + ", not "
                    + dimension);
          }
          enrolled++;
        }
      }
      float[] flat = new float[enrolled * Math.max(dimension, 0)];
      int[] identity = new int[enrolled];
      int j = 0;
      for (LabeledVector item : gallery) {
        if (item.enrolled()) {
          System.arraycopy(item.vector(), 0, flat, j * dimension, dimension);
          identity[j++] = identityIndex.get(item.subject());
        }
      }
      return new Gallery(
          enrolled,
          dimension,
          flat,
          identity,
          identityIndex,
          gallery.size(),
          gallery.size() - enrolled);
    }

    void score(float[] probe, float[] row) {
      if (size > 0 && probe.length != dimension) {
        throw new IllegalArgumentException(
            "probe vector has dimension " + probe.length + ", gallery " + dimension);
      }
      for (int j = 0; j < size; j++) {
        row[j] = dot(probe, flat, j * dimension);
      }
    }

    /**
     * Four independent sums let the CPU overlap the multiply-adds; same order every call, so ties
     * stay ties.
     */
    private static float dot(float[] a, float[] b, int offset) {
      float s0 = 0;
      float s1 = 0;
      float s2 = 0;
      float s3 = 0;
      int n = a.length;
      int i = 0;
      for (; i + 3 < n; i += 4) {
        s0 += a[i] * b[offset + i];
        s1 += a[i + 1] * b[offset + i + 1];
        s2 += a[i + 2] * b[offset + i + 2];
        s3 += a[i + 3] * b[offset + i + 3];
      }
      for (; i < n; i++) {
        s0 += a[i] * b[offset + i];
      }
      return (s0 + s1) + (s2 + s3);
    }
  }

  /** Running counts and kept scores for one group of probes. */
  private static final class Accumulator {
    private final Gallery gallery;
    private final int[] imageRankHits;
    private final int[] identityRankHits;
    private final FloatList genuine = new FloatList();
    private final FloatList impostor = new FloatList();
    private int probes;
    private int failedToEnrol;
    private int absent;
    private int ranked;

    Accumulator(Gallery gallery) {
      this.gallery = gallery;
      this.imageRankHits = new int[gallery.size + 1];
      this.identityRankHits = new int[gallery.identities + 1];
    }

    void add(LabeledVector probe, int subject, float[] row, int imageRank, int identityRank) {
      probes++;
      if (subject < 0) {
        absent++;
      } else {
        ranked++;
        if (imageRank != ProbeOutcome.NOT_FOUND) {
          imageRankHits[imageRank]++;
          identityRankHits[identityRank]++;
        }
      }
      if (!probe.enrolled()) {
        failedToEnrol++;
        return;
      }
      for (int j = 0; j < gallery.size; j++) {
        if (gallery.identity[j] == subject) {
          genuine.add(row[j]);
        } else {
          impostor.add(row[j]);
        }
      }
    }

    GroupMetrics metrics() {
      float[] sortedGenuine = genuine.sortedCopy();
      float[] sortedImpostor = impostor.sortedCopy();
      Counts counts =
          new Counts(
              probes,
              failedToEnrol,
              absent,
              ranked,
              gallery.given,
              gallery.failed,
              gallery.identities,
              sortedGenuine.length,
              sortedImpostor.length);
      IdentificationMetrics identification =
          new IdentificationMetrics(
              ranked, summary(imageRankHits, ranked), summary(identityRankHits, ranked));
      return new GroupMetrics(
          counts,
          identification,
          Verification.compute(sortedGenuine, sortedImpostor),
          ScoreHistogram.of(sortedGenuine, sortedImpostor, ScoreHistogram.DEFAULT_BINS));
    }

    private static RankSummary summary(int[] hits, int ranked) {
      int candidates = hits.length - 1;
      double[] cumulative = new double[Math.max(Math.max(candidates, 20), 0)];
      long found = 0;
      for (int k = 1; k <= cumulative.length; k++) {
        if (k <= candidates) {
          found += hits[k];
        }
        cumulative[k - 1] = ranked == 0 ? Double.NaN : (double) found / ranked;
      }
      double[] cmc =
          ranked == 0
              ? new double[0]
              : Arrays.copyOf(cumulative, Math.min(candidates, MAX_CMC_RANK));
      return new RankSummary(
          at(cumulative, 1), at(cumulative, 5), at(cumulative, 10), at(cumulative, 20), cmc);
    }

    private static double at(double[] cumulative, int rank) {
      return cumulative[rank - 1];
    }
  }
}
