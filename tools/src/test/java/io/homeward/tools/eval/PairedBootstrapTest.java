package io.homeward.tools.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PairedBootstrapTest {

  @Test
  void theSameOutcomesDifferByNothing() {
    List<ProbeOutcome> a = outcomes(new int[] {1, 3, 1, 0, 2, 1});
    PairedBootstrap.Interval i = PairedBootstrap.rankK(a, a, 1, 500, 1);
    assertThat(i.difference()).isZero();
    assertThat(i.low()).isZero();
    assertThat(i.high()).isZero();
    assertThat(i.identities()).isEqualTo(3);
  }

  @Test
  void aClearGainHasAnIntervalAboveZeroAndANoisyOneSpansIt() {
    int n = 200;
    int[] worse = new int[n];
    int[] better = new int[n];
    int[] mixed = new int[n];
    for (int i = 0; i < n; i++) {
      worse[i] = i % 2 == 0 ? 1 : 5;
      better[i] = i % 10 == 0 ? 5 : 1;
      // As many identities lose a probe as win one.
      int subject = i / 2;
      mixed[i] = worse[i];
      if (subject % 2 == 0 && i % 2 == 1) {
        mixed[i] = 1;
      } else if (subject % 2 == 1 && i % 2 == 0) {
        mixed[i] = 5;
      }
    }
    PairedBootstrap.Interval gain =
        PairedBootstrap.rankK(outcomes(worse), outcomes(better), 1, 1000, 7);
    assertThat(gain.difference()).isCloseTo(0.4, within(1e-9));
    assertThat(gain.low()).isGreaterThan(0.25);
    assertThat(gain.high()).isLessThan(0.55);
    PairedBootstrap.Interval none =
        PairedBootstrap.rankK(outcomes(worse), outcomes(mixed), 1, 1000, 7);
    assertThat(none.difference()).isCloseTo(0, within(1e-9));
    assertThat(none.low()).isNegative();
    assertThat(none.high()).isPositive();
    // Rank-10 counts every rank 5 as found: no difference at all.
    assertThat(PairedBootstrap.rankK(outcomes(worse), outcomes(better), 10, 100, 7).difference())
        .isZero();
  }

  @Test
  void differentProbesAreRefused() {
    List<ProbeOutcome> a = outcomes(new int[] {1, 2});
    List<ProbeOutcome> b = outcomes(new int[] {1, 2, 3});
    assertThatThrownBy(() -> PairedBootstrap.rankK(a, b, 1, 10, 1))
        .hasMessageContaining("same probes");
  }

  /** Two probes per identity, in order. */
  private static List<ProbeOutcome> outcomes(int[] ranks) {
    List<ProbeOutcome> out = new ArrayList<>();
    for (int i = 0; i < ranks.length; i++) {
      out.add(new ProbeOutcome("p" + i, "s" + (i / 2), null, true, ranks[i], ranks[i]));
    }
    return out;
  }
}
