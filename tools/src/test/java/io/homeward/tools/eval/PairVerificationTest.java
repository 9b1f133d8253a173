package io.homeward.tools.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PairVerificationTest {
  private static final List<ScoredPair> FOLD_1 =
      List.of(
          new ScoredPair("a", 1, 0.9, true),
          new ScoredPair("b", 1, 0.7, true),
          new ScoredPair("c", 1, 0.6, false),
          new ScoredPair("d", 1, 0.2, false));
  private static final List<ScoredPair> FOLD_2 =
      List.of(
          new ScoredPair("e", 2, 0.8, true),
          new ScoredPair("f", 2, 0.5, true),
          new ScoredPair("g", 2, 0.55, false),
          new ScoredPair("h", 2, 0.1, false),
          new ScoredPair("i", 2, Double.NaN, true));

  @Test
  void bestThresholdIsTheMidpointOfTheBestGap() {
    // Fold 1 separates perfectly between 0.6 and 0.7.
    assertThat(PairVerification.bestThreshold(FOLD_1)).isCloseTo(0.65, within(1e-12));
    assertThat(PairVerification.accuracy(FOLD_1, 0.65)).isEqualTo(1.0);
    // Fold 2: 0.3 and 0.675 both reach 3/5; the lower wins.
    assertThat(PairVerification.bestThreshold(FOLD_2)).isCloseTo(0.3, within(1e-12));
  }

  @Test
  void failedPairsAreAlwaysRejected() {
    assertThat(PairVerification.accuracy(List.of(new ScoredPair("x", 1, Double.NaN, true)), -10))
        .isZero();
    assertThat(PairVerification.accuracy(List.of(new ScoredPair("x", 1, Double.NaN, false)), 10))
        .isEqualTo(1.0);
  }

  @Test
  void eachFoldIsTestedWithTheThresholdOfTheOther() {
    List<ScoredPair> all = new ArrayList<>(FOLD_1);
    all.addAll(FOLD_2);

    PairVerificationResult r = PairVerification.crossFold(all);

    assertThat(r.pairs()).isEqualTo(9);
    assertThat(r.failedPairs()).isEqualTo(1);
    FoldResult one = r.folds().get(0);
    assertThat(one.testFold()).isEqualTo(1);
    // Threshold from fold 2 (0.3): 0.9, 0.7 accepted, 0.6 wrongly accepted, 0.2 rejected.
    assertThat(one.threshold()).isCloseTo(0.3, within(1e-12));
    assertThat(one.trainAccuracy()).isEqualTo(0.6);
    assertThat(one.testAccuracy()).isEqualTo(0.75);
    FoldResult two = r.folds().get(1);
    // Threshold from fold 1 (0.65): 0.8 right, 0.5 wrong, 0.55 right, 0.1 right, failed wrong.
    assertThat(two.threshold()).isCloseTo(0.65, within(1e-12));
    assertThat(two.testAccuracy()).isEqualTo(0.6);
    assertThat(two.testPairs()).isEqualTo(5);
    assertThat(r.meanAccuracy()).isCloseTo(0.675, within(1e-12));
    assertThat(r.stdAccuracy()).isCloseTo(0.075, within(1e-12));
  }

  @Test
  void needsTwoFolds() {
    assertThatThrownBy(() -> PairVerification.crossFold(FOLD_1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
