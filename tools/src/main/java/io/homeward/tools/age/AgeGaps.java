package io.homeward.tools.age;

import java.util.List;

/**
 * Age bands of probe photos and age-gap bands of photo pairs, from age estimates with a range. A
 * pair gets a gap band only where every gap the two ranges allow lies inside that one band; a pair
 * whose possible gaps straddle a boundary is uncertain, never guessed into either side.
 */
public final class AgeGaps {
  /** The name of the pairs whose possible gaps straddle two bands. */
  public static final String UNCERTAIN = "uncertain";

  /** The name of photos or pairs without an estimate (no face found for the age model). */
  public static final String NO_ESTIMATE = "no estimate";

  /** The probe-age bands reported, by the estimate's years: 0-2, 3-5, 6-9, 10-17 and 18+. */
  public static final List<Band> PROBE_AGES =
      List.of(
          new Band("0-2", 0, 3),
          new Band("3-5", 3, 6),
          new Band("6-9", 6, 10),
          new Band("10-17", 10, 18),
          new Band("18+", 18, Double.POSITIVE_INFINITY));

  /** The age-gap bands reported: 0-4, 5-9, 10-14, 15-19 and 20+ years. */
  public static final List<Band> GAPS =
      List.of(
          new Band("0-4", 0, 5),
          new Band("5-9", 5, 10),
          new Band("10-14", 10, 15),
          new Band("15-19", 15, 20),
          new Band("20+", 20, Double.POSITIVE_INFINITY));

  private AgeGaps() {}

  /**
   * An age estimate.
   *
   * @param years the estimate; NaN when there is none
   * @param low the youngest the model's range allows
   * @param high the oldest
   */
  public record AgeRange(double years, double low, double high) {
    public boolean known() {
      return !Double.isNaN(years);
    }
  }

  /**
   * A band of years: {@code from <= x < to}.
   *
   * @param name for reports
   * @param from lowest value inside
   * @param to first value outside
   */
  public record Band(String name, double from, double to) {
    public Band {
      if (!(from < to)) {
        throw new IllegalArgumentException("a band needs from < to");
      }
    }

    public boolean contains(double x) {
      return from <= x && x < to;
    }
  }

  /**
   * The calibration file's gap bands as intervals: each holds gaps up to its {@code maxYears}
   * inclusive, above the previous one's (as the search service assigns them).
   */
  public static List<Band> upTo(List<String> names, double[] maxYears) {
    Band[] out = new Band[names.size()];
    double from = 0;
    for (int i = 0; i < out.length; i++) {
      double to = Math.nextUp(maxYears[i]);
      out[i] = new Band(names.get(i), from, to);
      from = to;
    }
    return List.of(out);
  }

  /** The band of a probe photo's estimated age; {@link #NO_ESTIMATE} without one. */
  public static String probeBand(AgeRange probe) {
    if (probe == null || !probe.known()) {
      return NO_ESTIMATE;
    }
    return bandOf(PROBE_AGES, probe.years(), probe.years());
  }

  /**
   * The smallest and largest gap in years the two ranges allow: {@code {lo, hi}} with {@code 0 <=
   * lo <= hi}.
   */
  public static double[] possibleGap(AgeRange a, AgeRange b) {
    double lo = Math.max(0, Math.max(a.low() - b.high(), b.low() - a.high()));
    double hi = Math.max(Math.abs(a.high() - b.low()), Math.abs(b.high() - a.low()));
    return new double[] {lo, hi};
  }

  /**
   * The gap band of a pair among {@code bands}: the one band that holds every possible gap, {@link
   * #UNCERTAIN} when the possible gaps straddle a boundary, {@link #NO_ESTIMATE} when a photo has
   * no estimate.
   */
  public static String gapBand(List<Band> bands, AgeRange a, AgeRange b) {
    if (a == null || b == null || !a.known() || !b.known()) {
      return NO_ESTIMATE;
    }
    double[] gap = possibleGap(a, b);
    return bandOf(bands, gap[0], gap[1]);
  }

  private static String bandOf(List<Band> bands, double lo, double hi) {
    for (Band band : bands) {
      if (band.contains(lo)) {
        return band.contains(hi) ? band.name() : UNCERTAIN;
      }
    }
    return UNCERTAIN;
  }
}
