package io.homeward.tools.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The calibration fitter on synthetic scores whose answers are known in closed form. */
class CalibrationFitTest {

  /**
   * Two normal score distributions of equal variance have a linear log-likelihood ratio: slope (mu1
   * - mu0) / sigma^2, intercept (mu0^2 - mu1^2) / (2 sigma^2). The mix of pairs in the data must
   * not matter at prior 0.5; another prior moves only the intercept, by its log-odds.
   */
  @Test
  void theCurveIsTheLikelihoodRatioWhateverTheMixOfPairs() {
    Random r = new Random(3);
    float[] genuine = normal(r, 20_000, 0.4, 0.1);
    float[] impostor = normal(r, 200_000, 0.0, 0.1);
    PairScores scores = new PairScores("synthetic", genuine, impostor);

    LogisticCurve even = LogisticCurve.fit(scores, 0.5);
    assertThat(even.slope()).isCloseTo(40, within(1.5));
    assertThat(even.intercept()).isCloseTo(-8, within(0.3));
    assertThat(even.cosineAt(0.5)).isCloseTo(0.2, within(0.005));

    LogisticCurve rare = LogisticCurve.fit(scores, 0.1);
    assertThat(rare.slope()).isCloseTo(40, within(1.5));
    // At the crossing point the two curves differ by the prior's log-odds.
    assertThat(rare.logOdds(0.2) - even.logOdds(0.2))
        .isCloseTo(LogisticCurve.logit(0.1), within(0.15));
  }

  @Test
  void theThresholdAtAFalseAcceptRateLetsThroughNoMoreImpostorsThanThat() {
    PairScores scores = new PairScores("grid", new float[] {0.999f}, grid(1000, 0));
    double t = scores.thresholdAtFar(1e-2);
    assertThat(scores.impostorsAtOrAbove(t)).isEqualTo(10);
    assertThat(scores.far(t)).isEqualTo(0.01);
    assertThat(scores.impostorsAtOrAbove(scores.impostor()[989])).isEqualTo(11);
    assertThat(scores.tar(t)).isEqualTo(1.0);
    assertThat(scores.precision(t)).isCloseTo(1 / 11.0, within(1e-9));
  }

  /**
   * Impostors uniform on 0..1 where the thresholds are fitted; a second population's impostors
   * shifted up by {@code shift}: at margin m its FAR is promise / m + shift, so the margin needed
   * to stay within 1.5x the promise is known.
   */
  @Test
  void theMarginIsTheSmallestThatKeepsEveryPopulationWithinTheTolerance() {
    PairScores fit = new PairScores("fit", new float[] {1}, grid(100_000, 0));
    PairScores close = new PairScores("close", new float[] {1}, grid(100_000, 0.004f));
    PairScores far = new PairScores("far", new float[] {1}, grid(100_000, 0.006f));
    Map<String, Double> promise = new LinkedHashMap<>();
    promise.put("PROBABLE", 1e-2);

    BandThresholds.Choice easy =
        BandThresholds.choose(promise, fit, List.of(fit, close), 1.5).get(0);
    assertThat(easy.margin()).isEqualTo(1.0);
    assertThat(easy.kept()).isTrue();

    BandThresholds.Choice harder =
        BandThresholds.choose(promise, fit, List.of(fit, close, far), 1.5).get(0);
    assertThat(harder.margin()).isEqualTo(1.25);
    assertThat(harder.measuredFar().get("far")).isCloseTo(0.014, within(1e-4));
    assertThat(harder.measuredFar().get("fit")).isCloseTo(0.008, within(1e-4));
    assertThat(harder.worstRatio()).isCloseTo(1.4, within(0.01));
    assertThat(harder.kept()).isTrue();

    PairScores hopeless = new PairScores("hopeless", new float[] {1}, grid(100_000, 0.5f));
    BandThresholds.Choice lost = BandThresholds.choose(promise, fit, List.of(hopeless), 1.5).get(0);
    assertThat(lost.kept()).isFalse();
    assertThat(lost.margin()).isEqualTo(BandThresholds.MARGINS[BandThresholds.MARGINS.length - 1]);
  }

  /**
   * Candidates built so that the share of the right case among those with k further agreeing photos
   * is exactly sigmoid(0.8 k), with as many genuine as impostor candidates in all: the fitted bonus
   * is 0.8.
   */
  @Test
  void theBonusIsRecoveredFromCandidatesMadeWithIt() {
    double bonus = 0.8;
    List<double[]> rows = new ArrayList<>();
    int genuine = 0;
    int impostor = 0;
    for (int k = 1; k <= 3; k++) {
      int same = (int) Math.round(10_000 * LogisticCurve.sigmoid(bonus * k));
      for (int i = 0; i < 10_000; i++) {
        rows.add(new double[] {0, k, i < same ? 1 : 0});
      }
      genuine += same;
      impostor += 10_000 - same;
    }
    for (int i = 0; i < genuine - impostor; i++) {
      rows.add(new double[] {0, 0, 0});
    }
    double[] offset = new double[rows.size()];
    double[][] extra = new double[rows.size()][];
    boolean[] label = new boolean[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      offset[i] = rows.get(i)[0];
      extra[i] = new double[] {rows.get(i)[1]};
      label[i] = rows.get(i)[2] == 1;
    }
    assertThat(CaseEvidenceFit.fit(offset, extra, label, 0.5)[0]).isCloseTo(bonus, within(0.01));
  }

  /**
   * Two features at once: candidates drawn from sigmoid(offset - 1.5 log(probes) + 0.4 extra) with
   * offsets spread around zero; the fit recovers both coefficients.
   */
  @Test
  void severalCaseFeaturesAreFittedTogether() {
    Random r = new Random(11);
    int n = 200_000;
    double[] offset = new double[n];
    double[][] x = new double[n][];
    boolean[] label = new boolean[n];
    for (int i = 0; i < n; i++) {
      offset[i] = r.nextGaussian() * 2;
      double logProbes = Math.log(1 + r.nextInt(5));
      int extra = r.nextInt(4);
      x[i] = new double[] {-logProbes, extra};
      label[i] = r.nextDouble() < LogisticCurve.sigmoid(offset[i] - 1.5 * logProbes + 0.4 * extra);
    }
    // The prior must be the data's own genuine share for unbiased coefficients.
    int genuine = 0;
    for (boolean b : label) {
      genuine += b ? 1 : 0;
    }
    double[] beta = CaseEvidenceFit.fit(offset, x, label, genuine / (double) n);
    assertThat(beta[0]).isCloseTo(1.5, within(0.06));
    assertThat(beta[1]).isCloseTo(0.4, within(0.03));
  }

  @Test
  void reliabilityWeighsThePairsToThePrior() {
    // One genuine and nine impostor pairs; at prior 0.5 each genuine pair weighs nine impostors.
    double[] predicted = {0.95, 0.95, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05};
    boolean[] same = {true, false, false, false, false, false, false, false, false, false};
    List<Reliability.Bin> bins = Reliability.bins(predicted, same, 0.5, 10);
    assertThat(bins.get(9).observed()).isCloseTo(0.9, within(1e-9));
    assertThat(bins.get(9).genuine()).isEqualTo(1);
    assertThat(bins.get(9).impostor()).isEqualTo(1);
    assertThat(bins.get(0).observed()).isEqualTo(0.0);
    assertThat(bins.get(5).observed()).isNaN();
    // Bin 9 holds 0.5 + 0.5/9 of the weight, off by 0.05; bin 0 the rest, off by 0.05.
    assertThat(Reliability.expectedError(bins)).isCloseTo(0.05, within(1e-9));
  }

  private static float[] normal(Random r, int n, double mean, double sd) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) (mean + sd * r.nextGaussian());
    }
    return out;
  }

  /** n evenly spaced scores on (shift, 1 + shift). */
  private static float[] grid(int n, float shift) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = shift + (i + 0.5f) / n;
    }
    return out;
  }
}
