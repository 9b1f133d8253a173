package io.homeward.tools.age;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.homeward.embedder.domain.AgeClass;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgeSummaryTest {
  private static AgeObservation synthetic(double label, double years, AgeClass c) {
    return new AgeObservation("synthetic", "", label, label < 18, years, -years, c);
  }

  private static AgeObservation lag(boolean young, double score, AgeClass c) {
    return new AgeObservation("lag", young ? "a" : "b", Double.NaN, young, Double.NaN, score, c);
  }

  @Test
  void bandsFollowWholeYears() {
    assertThat(AgeBand.of(0.8)).isEqualTo(AgeBand.B0_5);
    assertThat(AgeBand.of(5.9)).isEqualTo(AgeBand.B0_5);
    assertThat(AgeBand.of(6)).isEqualTo(AgeBand.B6_12);
    assertThat(AgeBand.of(17.99)).isEqualTo(AgeBand.B13_17);
    assertThat(AgeBand.of(30)).isEqualTo(AgeBand.B18_30);
    assertThat(AgeBand.of(70)).isEqualTo(AgeBand.B31_PLUS);
    assertThat(AgeBand.B31_PLUS.label()).isEqualTo("31+");
    assertThat(AgeBand.B6_12.label()).isEqualTo("6-12");
  }

  @Test
  void maeIsPerBandOfTheLabelAndRatesCountTheRightFaces() {
    List<AgeObservation> obs = new ArrayList<>();
    obs.add(synthetic(2.5, 4.5, AgeClass.MINOR));
    obs.add(synthetic(0.8, 0.8, AgeClass.UNCERTAIN));
    obs.add(synthetic(70, 50, AgeClass.ADULT));
    obs.add(lag(true, 0.9, AgeClass.MINOR));
    obs.add(lag(true, 0.3, AgeClass.UNCERTAIN));
    obs.add(lag(false, 0.05, AgeClass.ADULT));
    obs.add(lag(false, 0.2, AgeClass.UNCERTAIN));

    AgeSummary s = AgeSummary.of("x", obs, 1.5);

    assertThat(s.maeByBand().get("0-5")).isCloseTo(1.0, within(1e-9));
    assertThat(s.maeByBand().get("31+")).isCloseTo(20.0, within(1e-9));
    assertThat(s.maeByBand().get("6-12")).isNaN();
    assertThat(s.facesByBand().get("0-5")).isEqualTo(2);
    assertThat(s.maeOverall()).isCloseTo(22.0 / 3, within(1e-9));
    assertThat(s.rates().get("lag young: minor").fraction()).isEqualTo(0.5);
    assertThat(s.rates().get("lag young: redacted").fraction()).isEqualTo(1.0);
    assertThat(s.rates().get("lag adult: adult").fraction()).isEqualTo(0.5);
    assertThat(s.rates().get("synthetic <18: redacted").fraction()).isEqualTo(1.0);
    assertThat(s.rates().get("cacd adult: adult").of()).isZero();
    assertThat(s.lagAuc()).isEqualTo(1.0);
    // No CACD faces: an unmeasured criterion is not a passed one.
    assertThat(s.tellsChildrenFromAdults()).isFalse();
  }

  @Test
  void aucCountsTiesAsHalf() {
    List<AgeObservation> obs =
        List.of(
            lag(true, 0.5, AgeClass.MINOR),
            lag(false, 0.5, AgeClass.MINOR),
            lag(true, 0.9, AgeClass.MINOR),
            lag(false, 0.1, AgeClass.ADULT));
    assertThat(AgeSummary.auc(obs, o -> o.minor(), o -> !o.minor())).isCloseTo(0.875, within(1e-9));
  }
}
