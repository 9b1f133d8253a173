package io.homeward.tools.age;

import io.homeward.tools.eval.LabeledVector;
import io.homeward.tools.fit.PairScores;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Child-to-adult identification per probe-age band and per age-gap band, with the ages estimated
 * (the sets record none). Every young photo searches every adult photo; a gap band holds only the
 * pairs whose estimates' ranges put every possible gap inside it.
 */
public final class AgeGapReport {
  private AgeGapReport() {}

  /**
   * One band's figures.
   *
   * @param band the band's name
   * @param probes young photos with a genuine pair in the band
   * @param genuine genuine (same person) pairs in the band
   * @param impostor impostor pairs in the band
   * @param rank1 per probe-age band: share of its probes whose best adult photo is the person's
   *     own; per gap band: share of its genuine pairs scoring above every other person's photo for
   *     that probe
   * @param tar share of the genuine pairs at or above the threshold
   * @param far share of the impostor pairs at or above the threshold
   */
  public record Row(
      String band, int probes, int genuine, int impostor, double rank1, double tar, double far) {}

  /** Rows by probe-age band (the young photo's estimate), then {@link AgeGaps#NO_ESTIMATE}. */
  public static List<Row> byProbeAge(
      List<LabeledVector> young,
      List<LabeledVector> adult,
      Map<String, AgeGaps.AgeRange> ages,
      double threshold) {
    Map<String, Tally> tallies = new LinkedHashMap<>();
    AgeGaps.PROBE_AGES.forEach(b -> tallies.put(b.name(), new Tally()));
    tallies.put(AgeGaps.NO_ESTIMATE, new Tally());
    for (LabeledVector y : young) {
      if (!y.enrolled()) {
        continue;
      }
      Tally t = tallies.get(AgeGaps.probeBand(ages.get(y.id())));
      float bestGenuine = Float.NEGATIVE_INFINITY;
      float bestImpostor = Float.NEGATIVE_INFINITY;
      for (LabeledVector a : adult) {
        if (!a.enrolled()) {
          continue;
        }
        float s = dot(y.vector(), a.vector());
        boolean same = y.subject().equals(a.subject());
        if (same) {
          bestGenuine = Math.max(bestGenuine, s);
        } else {
          bestImpostor = Math.max(bestImpostor, s);
        }
        t.pair(same, s >= threshold);
      }
      if (bestGenuine > Float.NEGATIVE_INFINITY) {
        t.probes++;
        t.hits += bestGenuine > bestImpostor ? 1 : 0;
      }
    }
    List<Row> rows = new ArrayList<>();
    tallies.forEach((name, t) -> rows.add(t.row(name, t.probes)));
    return rows;
  }

  /**
   * Rows by age-gap band among {@code bands}, then {@link AgeGaps#UNCERTAIN} and {@link
   * AgeGaps#NO_ESTIMATE}.
   */
  public static List<Row> byGap(
      List<LabeledVector> young,
      List<LabeledVector> adult,
      Map<String, AgeGaps.AgeRange> ages,
      List<AgeGaps.Band> bands,
      double threshold) {
    Map<String, Tally> tallies = tallies(bands);
    Map<String, Integer> probes = new LinkedHashMap<>();
    tallies.keySet().forEach(k -> probes.put(k, 0));
    List<LabeledVector> gallery = adult.stream().filter(LabeledVector::enrolled).toList();
    String[] band = new String[gallery.size()];
    float[] score = new float[gallery.size()];
    for (LabeledVector y : young) {
      if (!y.enrolled()) {
        continue;
      }
      AgeGaps.AgeRange ya = ages.get(y.id());
      float bestImpostor = Float.NEGATIVE_INFINITY;
      for (int i = 0; i < gallery.size(); i++) {
        LabeledVector a = gallery.get(i);
        score[i] = dot(y.vector(), a.vector());
        band[i] = AgeGaps.gapBand(bands, ya, ages.get(a.id()));
        boolean same = y.subject().equals(a.subject());
        tallies.get(band[i]).pair(same, score[i] >= threshold);
        if (!same) {
          bestImpostor = Math.max(bestImpostor, score[i]);
        }
      }
      Map<String, Boolean> seen = new LinkedHashMap<>();
      for (int i = 0; i < gallery.size(); i++) {
        if (y.subject().equals(gallery.get(i).subject())) {
          tallies.get(band[i]).hits += score[i] > bestImpostor ? 1 : 0;
          seen.put(band[i], true);
        }
      }
      seen.keySet().forEach(k -> probes.merge(k, 1, Integer::sum));
    }
    List<Row> rows = new ArrayList<>();
    // Per gap band, rank-1 counts genuine pairs: each pair is one chance to be found first.
    tallies.forEach((name, t) -> rows.add(t.row(name, t.genuine, probes.get(name))));
    return rows;
  }

  /**
   * Every enrolled young x adult pair's cosine, split by the pair's gap band among {@code bands}
   * (then {@link AgeGaps#UNCERTAIN} and {@link AgeGaps#NO_ESTIMATE}): the populations a curve per
   * gap band is fitted and measured on.
   */
  public static Map<String, PairScores> pairsByGap(
      String name,
      List<LabeledVector> young,
      List<LabeledVector> adult,
      Map<String, AgeGaps.AgeRange> ages,
      List<AgeGaps.Band> bands) {
    Map<String, float[][]> scores = new LinkedHashMap<>();
    Map<String, int[]> counts = new LinkedHashMap<>();
    for (String k : tallies(bands).keySet()) {
      scores.put(k, new float[][] {new float[64], new float[1024]});
      counts.put(k, new int[2]);
    }
    List<LabeledVector> gallery = adult.stream().filter(LabeledVector::enrolled).toList();
    for (LabeledVector y : young) {
      if (!y.enrolled()) {
        continue;
      }
      AgeGaps.AgeRange ya = ages.get(y.id());
      for (LabeledVector a : gallery) {
        String k = AgeGaps.gapBand(bands, ya, ages.get(a.id()));
        int side = y.subject().equals(a.subject()) ? 0 : 1;
        float[][] s = scores.get(k);
        int[] n = counts.get(k);
        if (n[side] == s[side].length) {
          s[side] = Arrays.copyOf(s[side], n[side] * 2);
        }
        s[side][n[side]++] = dot(y.vector(), a.vector());
      }
    }
    Map<String, PairScores> out = new LinkedHashMap<>();
    scores.forEach(
        (k, s) -> {
          int[] n = counts.get(k);
          out.put(
              k,
              new PairScores(
                  name + " gap " + k, Arrays.copyOf(s[0], n[0]), Arrays.copyOf(s[1], n[1])));
        });
    return out;
  }

  private static Map<String, Tally> tallies(List<AgeGaps.Band> bands) {
    Map<String, Tally> tallies = new LinkedHashMap<>();
    bands.forEach(b -> tallies.put(b.name(), new Tally()));
    tallies.put(AgeGaps.UNCERTAIN, new Tally());
    tallies.put(AgeGaps.NO_ESTIMATE, new Tally());
    return tallies;
  }

  static float dot(float[] a, float[] b) {
    float s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static final class Tally {
    int probes;
    int hits;
    int genuine;
    int genuineAccepted;
    int impostor;
    int impostorAccepted;

    void pair(boolean same, boolean accepted) {
      if (same) {
        genuine++;
        genuineAccepted += accepted ? 1 : 0;
      } else {
        impostor++;
        impostorAccepted += accepted ? 1 : 0;
      }
    }

    Row row(String name, int rankDenominator) {
      return row(name, rankDenominator, probes);
    }

    Row row(String name, int rankDenominator, int probeCount) {
      return new Row(
          name,
          probeCount,
          genuine,
          impostor,
          rate(hits, rankDenominator),
          rate(genuineAccepted, genuine),
          rate(impostorAccepted, impostor));
    }

    private static double rate(int n, int of) {
      return of == 0 ? Double.NaN : (double) n / of;
    }
  }
}
