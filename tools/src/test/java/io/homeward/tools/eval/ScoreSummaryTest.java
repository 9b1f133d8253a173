package io.homeward.tools.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ScoreSummaryTest {
  @Test
  void summarisesSortedScores() {
    ScoreSummary s = ScoreSummary.of(new float[] {0f, 0.25f, 0.5f, 0.75f, 1f});
    assertThat(s.count()).isEqualTo(5);
    assertThat(s.mean()).isEqualTo(0.5);
    // Population variance: (0.25 + 0.0625 + 0 + 0.0625 + 0.25) / 5 = 0.125.
    assertThat(s.std()).isCloseTo(Math.sqrt(0.125), within(1e-12));
    assertThat(s.min()).isZero();
    assertThat(s.max()).isEqualTo(1.0);
    assertThat(s.median()).isEqualTo(0.5);
    assertThat(s.p25()).isEqualTo(0.25);
    // Type 7: h = 4 * 0.95 = 3.8, between 0.75 and 1.
    assertThat(s.p95()).isCloseTo(0.95, within(1e-12));
    assertThat(s.p01()).isCloseTo(0.01, within(1e-12));
  }

  @Test
  void quantileInterpolates() {
    float[] sorted = {1f, 3f};
    assertThat(ScoreSummary.quantile(sorted, 0.5)).isEqualTo(2.0);
    assertThat(ScoreSummary.quantile(sorted, 0)).isEqualTo(1.0);
    assertThat(ScoreSummary.quantile(sorted, 1)).isEqualTo(3.0);
    assertThat(ScoreSummary.quantile(new float[] {4f}, 0.3)).isEqualTo(4.0);
  }

  @Test
  void emptyIsNaN() {
    ScoreSummary s = ScoreSummary.of(new float[0]);
    assertThat(s.count()).isZero();
    assertThat(s.mean()).isNaN();
    assertThat(s.p99()).isNaN();
  }

  @Test
  void histogramSharesBinsAndNormalisesDensities() {
    ScoreHistogram h =
        ScoreHistogram.of(new float[] {0.9f, 1.0f, 0.95f, 0.1f}, new float[] {-1f, -2f, 0f}, 4);
    // Bins of width 0.5: [-1,-0.5) [-0.5,0) [0,0.5) [0.5,1]; 1.0 goes to the last, -2 is clamped
    // into the first.
    assertThat(h.genuine()).containsExactly(0, 0, 1, 3);
    assertThat(h.impostor()).containsExactly(2, 0, 1, 0);
    assertThat(h.centres()).containsExactly(-0.75, -0.25, 0.25, 0.75);
    double area = 0;
    for (double d : h.genuineDensity()) {
      area += d * h.binWidth();
    }
    assertThat(area).isCloseTo(1.0, within(1e-12));
    assertThat(h.impostorDensity()[0]).isCloseTo(2 / 3.0 / 0.5, within(1e-12));
  }
}
