package io.homeward.tools.age;

import static org.assertj.core.api.Assertions.assertThat;

import io.homeward.tools.eval.LabeledVector;
import io.homeward.tools.fit.PairScores;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgeGapsTest {
  private static AgeGaps.AgeRange age(double years, double low, double high) {
    return new AgeGaps.AgeRange(years, low, high);
  }

  @Test
  void aPairGetsAGapBandOnlyWhenEveryPossibleGapLiesInIt() {
    // Child 2-4, adult 24-27: possible gaps 20..25, all in 20+.
    assertThat(AgeGaps.gapBand(AgeGaps.GAPS, age(3, 2, 4), age(25, 24, 27))).isEqualTo("20+");
    // Child 1-3, adult 12-14: gaps 9..13 straddle 5-9 and 10-14.
    assertThat(AgeGaps.gapBand(AgeGaps.GAPS, age(2, 1, 3), age(13, 12, 14)))
        .isEqualTo(AgeGaps.UNCERTAIN);
    // Child 2-3, adult 13-14: gaps 10..12, all in 10-14.
    assertThat(AgeGaps.gapBand(AgeGaps.GAPS, age(2.5, 2, 3), age(13.5, 13, 14))).isEqualTo("10-14");
    // Overlapping ranges allow a gap of 0: 0-4 only if the largest gap is under 5.
    assertThat(AgeGaps.gapBand(AgeGaps.GAPS, age(6, 5, 7), age(7, 6, 8))).isEqualTo("0-4");
    assertThat(AgeGaps.gapBand(AgeGaps.GAPS, age(6, 3, 9), age(7, 6, 8)))
        .isEqualTo(AgeGaps.UNCERTAIN);
    // Order of the photos does not matter.
    assertThat(AgeGaps.gapBand(AgeGaps.GAPS, age(25, 24, 27), age(3, 2, 4))).isEqualTo("20+");
  }

  @Test
  void aPhotoWithoutAnEstimateGivesNoBand() {
    AgeGaps.AgeRange none = age(Double.NaN, Double.NaN, Double.NaN);
    assertThat(AgeGaps.gapBand(AgeGaps.GAPS, none, age(25, 24, 27))).isEqualTo(AgeGaps.NO_ESTIMATE);
    assertThat(AgeGaps.gapBand(AgeGaps.GAPS, null, age(25, 24, 27))).isEqualTo(AgeGaps.NO_ESTIMATE);
    assertThat(AgeGaps.probeBand(none)).isEqualTo(AgeGaps.NO_ESTIMATE);
  }

  @Test
  void probeBandsFollowTheEstimatedYears() {
    assertThat(AgeGaps.probeBand(age(0.5, 0, 2))).isEqualTo("0-2");
    assertThat(AgeGaps.probeBand(age(2.99, 0, 6))).isEqualTo("0-2");
    assertThat(AgeGaps.probeBand(age(3, 0, 6))).isEqualTo("3-5");
    assertThat(AgeGaps.probeBand(age(9.5, 5, 14))).isEqualTo("6-9");
    assertThat(AgeGaps.probeBand(age(17.9, 12, 25))).isEqualTo("10-17");
    assertThat(AgeGaps.probeBand(age(30, 25, 35))).isEqualTo("18+");
  }

  @Test
  void calibrationBandsHoldGapsUpToTheirMaximumInclusive() {
    List<AgeGaps.Band> bands =
        AgeGaps.upTo(List.of("same-age", "childhood", "large"), new double[] {4, 14, 200});
    assertThat(AgeGaps.gapBand(bands, age(10, 10, 10), age(14, 14, 14))).isEqualTo("same-age");
    assertThat(AgeGaps.gapBand(bands, age(10, 10, 10), age(14.5, 14.5, 14.5)))
        .isEqualTo("childhood");
    assertThat(AgeGaps.gapBand(bands, age(3, 2, 4), age(20, 17, 19))).isEqualTo(AgeGaps.UNCERTAIN);
    assertThat(AgeGaps.gapBand(bands, age(3, 2, 4), age(30, 25, 35))).isEqualTo("large");
  }

  @Test
  void figuresPerBandCountPairsAndRankFirstHits() {
    // Two people; each child photo's own adult photo is its best match except child b's.
    List<LabeledVector> young =
        List.of(
            new LabeledVector("ya", "a", new float[] {1, 0}),
            new LabeledVector("yb", "b", new float[] {0.8f, 0.6f}),
            new LabeledVector("yc", "c", null));
    List<LabeledVector> adult =
        List.of(
            new LabeledVector("aa", "a", new float[] {1, 0}),
            new LabeledVector("ab", "b", new float[] {0, 1}));
    Map<String, AgeGaps.AgeRange> ages =
        Map.of(
            "ya", age(2, 1, 3),
            "yb", age(8, 6, 9),
            "aa", age(30, 28, 32),
            "ab", age(20, 18, 22));
    List<AgeGapReport.Row> byAge = AgeGapReport.byProbeAge(young, adult, ages, 0.7);
    AgeGapReport.Row infants = byAge.get(0);
    assertThat(infants.band()).isEqualTo("0-2");
    assertThat(infants.probes()).isEqualTo(1);
    assertThat(infants.rank1()).isEqualTo(1.0);
    assertThat(infants.tar()).isEqualTo(1.0);
    AgeGapReport.Row school = byAge.get(2);
    assertThat(school.band()).isEqualTo("6-9");
    assertThat(school.rank1()).isEqualTo(0.0);
    // b's child photo scores 0.8 with a's adult photo: a false accept at 0.7.
    assertThat(school.far()).isEqualTo(1.0);

    List<AgeGapReport.Row> byGap = AgeGapReport.byGap(young, adult, ages, AgeGaps.GAPS, 0.7);
    // a: gaps 25..31 (20+); b: gaps 9..16 straddle bands.
    assertThat(byGap)
        .filteredOn(r -> r.band().equals("20+"))
        .singleElement()
        .satisfies(r -> assertThat(r.genuine()).isEqualTo(1));
    assertThat(byGap)
        .filteredOn(r -> r.band().equals(AgeGaps.UNCERTAIN))
        .singleElement()
        .satisfies(r -> assertThat(r.genuine()).isEqualTo(1));

    Map<String, PairScores> pairs = AgeGapReport.pairsByGap("t", young, adult, ages, AgeGaps.GAPS);
    assertThat(pairs.get("20+").genuine()).containsExactly(1f);
    assertThat(pairs.values().stream().mapToInt(p -> p.genuine().length).sum()).isEqualTo(2);
    assertThat(pairs.values().stream().mapToInt(p -> p.impostor().length).sum()).isEqualTo(2);
  }
}
