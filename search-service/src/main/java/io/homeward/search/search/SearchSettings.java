package io.homeward.search.search;

import io.homeward.search.ranking.Band;
import java.util.Objects;

/**
 * How searches run.
 *
 * @param defaultK candidates returned when the caller asks for none
 * @param maxK most candidates a caller may ask for
 * @param overfetch how many more hits than asked for are ranked, so metadata evidence can reorder
 *     them
 * @param standingK candidates each standing search looks at
 * @param standingBand lowest band a standing search raises
 */
public record SearchSettings(
    int defaultK, int maxK, int overfetch, int standingK, Band standingBand) {
  public SearchSettings {
    if (defaultK < 1 || maxK < defaultK || overfetch < 1 || standingK < 1) {
      throw new IllegalArgumentException("search settings out of range");
    }
    Objects.requireNonNull(standingBand);
  }

  public static SearchSettings defaults() {
    return new SearchSettings(10, 100, 3, 10, Band.PROBABLE);
  }
}
