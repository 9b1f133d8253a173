package io.homeward.tools.age;

/** The age bands in which age estimates are reported. */
public enum AgeBand {
  B0_5(0, 5),
  B6_12(6, 12),
  B13_17(13, 17),
  B18_30(18, 30),
  B31_PLUS(31, Integer.MAX_VALUE);

  private final int low;
  private final int high;

  AgeBand(int low, int high) {
    this.low = low;
    this.high = high;
  }

  /** The band of an age in years (fractions belong to the band of their whole years). */
  public static AgeBand of(double years) {
    int whole = (int) Math.floor(Math.max(0, years));
    for (AgeBand b : values()) {
      if (whole >= b.low && whole <= b.high) {
        return b;
      }
    }
    throw new IllegalArgumentException("no band for " + years);
  }

  /** As printed: {@code 0-5}, {@code 31+}. */
  public String label() {
    return high == Integer.MAX_VALUE ? low + "+" : low + "-" + high;
  }
}
