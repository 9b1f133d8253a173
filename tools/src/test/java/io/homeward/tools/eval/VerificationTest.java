package io.homeward.tools.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VerificationTest {
  private static final float[] TEN_IMPOSTORS = {
    0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f, 1.0f
  };
  private static final float[] FOUR_GENUINE = {0.05f, 0.5f, 0.85f, 0.95f};

  @Test
  void aucIsTheFractionOfGenuineImpostorPairsInOrder() {
    // 0.8 beats both impostors, 0.4 beats only 0.2: 3 of 4 pairs.
    assertThat(Verification.auc(new float[] {0.4f, 0.8f}, new float[] {0.2f, 0.6f}))
        .isEqualTo(0.75);
  }

  @Test
  void aucCountsTiesHalf() {
    // (0.5, 0.5) ties: 0.5; the three other pairs are in order: (3 + 0.5) / 4.
    assertThat(Verification.auc(new float[] {0.5f, 0.9f}, new float[] {0.1f, 0.5f}))
        .isEqualTo(0.875);
    assertThat(Verification.auc(new float[] {0.5f, 0.5f}, new float[] {0.5f})).isEqualTo(0.5);
    assertThat(Verification.auc(new float[] {0.1f}, new float[] {0.2f, 0.3f})).isEqualTo(0.0);
    assertThat(Verification.auc(new float[0], new float[] {0.2f})).isNaN();
  }

  @Test
  void aucMatchesBruteForceWithManyTies() {
    Random random = new Random(7);
    float[] genuine = new float[300];
    float[] impostor = new float[2000];
    // Coarse values so that ties are common.
    for (int i = 0; i < genuine.length; i++) {
      genuine[i] = Math.round(random.nextGaussian() * 10 + 5) / 20f;
    }
    for (int i = 0; i < impostor.length; i++) {
      impostor[i] = Math.round(random.nextGaussian() * 10) / 20f;
    }
    double pairs = 0;
    for (float g : genuine) {
      for (float s : impostor) {
        pairs += g > s ? 1 : g == s ? 0.5 : 0;
      }
    }
    Arrays.sort(genuine);
    Arrays.sort(impostor);
    assertThat(Verification.auc(genuine, impostor))
        .isCloseTo(pairs / (genuine.length * (double) impostor.length), within(1e-12));
  }

  @Test
  void tarAtFarUsesTheKPlusFirstHighestImpostorAsStrictThreshold() {
    OperatingPoint tenth = Verification.tarAtFar(FOUR_GENUINE, TEN_IMPOSTORS, 0.1);
    // One impostor (1.0) may pass: the threshold is the second highest, 0.9, and only 0.95 beats
    // it.
    assertThat(tenth.threshold()).isEqualTo(0.9f);
    assertThat(tenth.far()).isEqualTo(0.1);
    assertThat(tenth.tar()).isEqualTo(0.25);

    OperatingPoint fifth = Verification.tarAtFar(FOUR_GENUINE, TEN_IMPOSTORS, 0.2);
    assertThat(fifth.threshold()).isEqualTo(0.8f);
    assertThat(fifth.far()).isEqualTo(0.2);
    assertThat(fifth.tar()).isEqualTo(0.5);

    // Between boundaries: floor(0.15 * 10) = 1 impostor allowed, as at 0.1.
    assertThat(Verification.tarAtFar(FOUR_GENUINE, TEN_IMPOSTORS, 0.15).threshold())
        .isEqualTo(0.9f);
  }

  @Test
  void tarAtFarBelowOneImpostorUsesTheHighestImpostor() {
    OperatingPoint p = Verification.tarAtFar(FOUR_GENUINE, TEN_IMPOSTORS, 0.05);
    assertThat(p.threshold()).isEqualTo(1.0);
    assertThat(p.far()).isZero();
    assertThat(p.tar()).isZero();
  }

  @Test
  void tarAtFarOfOneAcceptsEverything() {
    OperatingPoint p = Verification.tarAtFar(FOUR_GENUINE, TEN_IMPOSTORS, 1.0);
    assertThat(p.threshold()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(p.far()).isEqualTo(1.0);
    assertThat(p.tar()).isEqualTo(1.0);
  }

  @Test
  void tarAtFarNeverExceedsTheTargetWhenImpostorsTie() {
    float[] impostor = {0.2f, 0.5f, 0.5f, 0.5f};
    OperatingPoint p = Verification.tarAtFar(new float[] {0.5f, 0.6f}, impostor, 0.25);
    // The second-highest impostor ties with the highest: accepting > 0.5 lets none through.
    assertThat(p.threshold()).isEqualTo(0.5);
    assertThat(p.far()).isZero();
    assertThat(p.tar()).isEqualTo(0.5);
  }

  @Test
  void tarAtFarIsNotFooledByFloatingPointProducts() {
    // 0.29 * 100 is 28.999999999999996 in doubles; 29 impostors are allowed.
    float[] impostor = new float[100];
    for (int i = 0; i < impostor.length; i++) {
      impostor[i] = i / 100f;
    }
    OperatingPoint p = Verification.tarAtFar(new float[] {1f}, impostor, 0.29);
    assertThat(p.far()).isEqualTo(0.29);
    assertThat(p.threshold()).isEqualTo(impostor[70]);
  }

  @Test
  void tarAtFarWithoutScoresIsUndefined() {
    assertThat(Verification.tarAtFar(FOUR_GENUINE, new float[0], 0.01).tar()).isNaN();
    assertThat(Verification.tarAtFar(new float[0], TEN_IMPOSTORS, 0.01).tar()).isNaN();
  }

  @Test
  void eerInterpolatesBetweenThresholds() {
    // t=0.5: FAR 2/3, FRR 1/2; t=0.6: FAR 1/3, FRR 1/2. The lines cross halfway.
    EqualErrorRate eer = Verification.eer(new float[] {0.5f, 0.9f}, new float[] {0.1f, 0.6f, 0.7f});
    assertThat(eer.rate()).isCloseTo(0.5, within(1e-12));
    assertThat(eer.threshold()).isCloseTo(0.55, within(1e-6));
  }

  @Test
  void eerAtAnExactCrossing() {
    // At t=0.5 FAR = FRR = 1/4.
    EqualErrorRate eer =
        Verification.eer(
            new float[] {0.3f, 0.6f, 0.8f, 0.9f}, new float[] {0.1f, 0.4f, 0.5f, 0.7f});
    assertThat(eer.rate()).isCloseTo(0.25, within(1e-12));
    assertThat(eer.threshold()).isEqualTo(0.5f);
  }

  @Test
  void eerOfSeparatedAndOfIdenticalScores() {
    EqualErrorRate separated = Verification.eer(new float[] {0.8f, 0.9f}, new float[] {0.1f, 0.2f});
    assertThat(separated.rate()).isZero();
    assertThat(separated.threshold()).isEqualTo(0.2f);

    EqualErrorRate same = Verification.eer(new float[] {0.5f}, new float[] {0.5f});
    assertThat(same.rate()).isEqualTo(0.5);
    assertThat(same.threshold()).isEqualTo(0.5);

    EqualErrorRate reversed = Verification.eer(new float[] {0.1f}, new float[] {0.9f});
    assertThat(reversed.rate()).isEqualTo(1.0);
    assertThat(Verification.eer(new float[0], new float[] {0.9f}).rate()).isNaN();
  }

  @Test
  void computeFillsEveryFigure() {
    VerificationMetrics m = Verification.compute(FOUR_GENUINE, TEN_IMPOSTORS);
    assertThat(m.genuinePairs()).isEqualTo(4);
    assertThat(m.impostorPairs()).isEqualTo(10);
    assertThat(m.tarAtFar1e2().threshold()).isEqualTo(1.0);
    assertThat(m.rocFar()).hasSize(81).startsWith(1e-4).endsWith(1.0);
    assertThat(m.rocTar()).hasSize(81);
    assertThat(m.rocTar()[80]).isEqualTo(1.0);
    assertThat(m.genuine().count()).isEqualTo(4);
  }

  @Test
  void countAboveIsStrict() {
    float[] sorted = {0.1f, 0.2f, 0.2f, 0.3f};
    assertThat(Verification.countAbove(sorted, 0.2f)).isEqualTo(1);
    assertThat(Verification.countAbove(sorted, 0.0)).isEqualTo(4);
    assertThat(Verification.countAbove(sorted, 0.3f)).isZero();
  }
}
