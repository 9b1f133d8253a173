package io.homeward.embedder.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.homeward.embedder.domain.AgeClass;
import io.homeward.embedder.domain.AgeEstimate;
import org.junit.jupiter.api.Test;

class AgeMappingTest {
  @Test
  void anEstimateCarriesItsClassAndProbabilityWhenThereIsOne() {
    var proto =
        ProtoMapper.age(
            new AgeEstimate(7.5f, 4f, 12f, 0.93f, AgeClass.MINOR, "hse-faceres-age", "v1"));

    assertThat(proto.getYears()).isEqualTo(7.5f);
    assertThat(proto.getLow()).isEqualTo(4f);
    assertThat(proto.getHigh()).isEqualTo(12f);
    assertThat(proto.getAgeClass())
        .isEqualTo(io.homeward.proto.embedder.v1.AgeClass.AGE_CLASS_MINOR);
    assertThat(proto.hasMinorProbability()).isTrue();
    assertThat(proto.getMinorProbability()).isEqualTo(0.93f);
    assertThat(proto.getModel().getId()).isEqualTo("hse-faceres-age");
  }

  @Test
  void aRegressedEstimateHasNoProbabilityAndUncertainStaysUncertain() {
    var proto =
        ProtoMapper.age(new AgeEstimate(19f, 14f, 24f, Float.NaN, AgeClass.UNCERTAIN, "m", "v"));

    assertThat(proto.hasMinorProbability()).isFalse();
    assertThat(proto.getAgeClass())
        .isEqualTo(io.homeward.proto.embedder.v1.AgeClass.AGE_CLASS_UNCERTAIN);
  }
}
