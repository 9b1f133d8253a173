package io.homeward.embedder.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.homeward.embedder.domain.AgeClass;
import io.homeward.embedder.domain.AgeEstimate;
import io.homeward.embedder.domain.FaceBox;
import io.homeward.models.ColorOrder;
import io.homeward.models.InputSpec;
import io.homeward.models.ModelManifest;
import io.homeward.models.ModelSource;
import io.homeward.models.ModelTask;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgeDecodingTest {
  private static ModelManifest manifest(List<String> outputs, Map<String, Double> parameters) {
    return new ModelManifest(
        "test-age",
        "1",
        ModelTask.AGE,
        "age.onnx",
        "0".repeat(64),
        new ModelSource("local", "", "", ""),
        "test",
        new InputSpec("in", 64, 64, ColorOrder.RGB, new float[3], new float[] {1, 1, 1}, 1),
        outputs,
        0,
        List.of(),
        parameters);
  }

  private static AgeDecoding distribution(double minorAt, double adultAt) {
    Map<String, Double> p = new HashMap<>();
    p.put("ageOutput", 1.0);
    p.put("minorAt", minorAt);
    p.put("adultAt", adultAt);
    return new AgeDecoding(manifest(List.of("other", "ages"), p));
  }

  /** A distribution over ages 0..99 with the given mass at the given ages. */
  private static float[] ages(Object... ageAndMass) {
    float[] p = new float[100];
    for (int i = 0; i < ageAndMass.length; i += 2) {
      p[(Integer) ageAndMass[i]] = ((Number) ageAndMass[i + 1]).floatValue();
    }
    return p;
  }

  @Test
  void aDistributionGivesItsMeanItsQuantilesAndTheMassUnder18() {
    AgeEstimate a =
        distribution(0.5, 0.1).decode(new float[][] {{0.3f}, ages(4, 0.5, 6, 0.3, 30, 0.2)});

    assertThat(a.years()).isCloseTo(0.5f * 4 + 0.3f * 6 + 0.2f * 30, within(1e-4f));
    assertThat(a.low()).isEqualTo(4f);
    assertThat(a.high()).isEqualTo(30f);
    assertThat(a.minorProbability()).isCloseTo(0.8f, within(1e-6f));
    assertThat(a.ageClass()).isEqualTo(AgeClass.MINOR);
    assertThat(a.modelId()).isEqualTo("test-age");
  }

  @Test
  void theClassFollowsTheProbabilityOfAMinorAndDoubtIsUncertain() {
    AgeDecoding d = distribution(0.5, 0.1);

    assertThat(d.decode(new float[][] {{0}, ages(17, 0.5, 40, 0.5)}).ageClass())
        .isEqualTo(AgeClass.MINOR);
    assertThat(d.decode(new float[][] {{0}, ages(17, 0.3, 40, 0.7)}).ageClass())
        .isEqualTo(AgeClass.UNCERTAIN);
    assertThat(d.decode(new float[][] {{0}, ages(17, 0.05, 40, 0.95)}).ageClass())
        .isEqualTo(AgeClass.ADULT);
    assertThat(d.decode(new float[][] {{0}, ages(18, 1.0)}).ageClass()).isEqualTo(AgeClass.ADULT);
    assertThat(AgeClass.UNCERTAIN.redactAsMinor()).isTrue();
    assertThat(AgeClass.ADULT.redactAsMinor()).isFalse();
  }

  @Test
  void anUnnormalisedDistributionIsNormalised() {
    AgeEstimate a = distribution(0.5, 0.1).decode(new float[][] {{0}, ages(10, 2, 20, 2)});

    assertThat(a.years()).isCloseTo(15f, within(1e-4f));
    assertThat(a.minorProbability()).isCloseTo(0.5f, within(1e-6f));
  }

  @Test
  void unevenClassesNameTheirAges() {
    Map<String, Double> p = new HashMap<>();
    p.put("ageClassAge0", 10.0);
    p.put("ageClassAge1", 40.0);
    AgeDecoding d = new AgeDecoding(manifest(List.of("ages"), p));

    AgeEstimate a = d.decode(new float[][] {{0.25f, 0.75f}});

    assertThat(a.years()).isCloseTo(32.5f, within(1e-4f));
    assertThat(a.minorProbability()).isCloseTo(0.25f, within(1e-6f));
  }

  @Test
  void aRegressedAgeIsAdultOnlyWhenItsWholeRangeIs18OrOver() {
    Map<String, Double> p = Map.of("rangeYears", 5.0);
    AgeDecoding d = new AgeDecoding(manifest(List.of("age"), p));

    AgeEstimate child = d.decode(new float[][] {{9f}});
    assertThat(child.years()).isEqualTo(9f);
    assertThat(child.low()).isEqualTo(4f);
    assertThat(child.high()).isEqualTo(14f);
    assertThat(child.minorProbability()).isNaN();
    assertThat(child.ageClass()).isEqualTo(AgeClass.MINOR);
    assertThat(d.decode(new float[][] {{20f}}).ageClass()).isEqualTo(AgeClass.UNCERTAIN);
    assertThat(d.decode(new float[][] {{23f}}).ageClass()).isEqualTo(AgeClass.ADULT);
    assertThat(d.decode(new float[][] {{-3f}}).years()).isZero();
  }

  @Test
  void ssrNetStagesMergeAsTheFacepluginPackageDoes() {
    Map<String, Double> p = Map.of("ssrStages", 3.0);
    AgeDecoding d =
        new AgeDecoding(manifest(List.of("o1", "o2", "o3", "o4", "o5", "o6", "o7", "o8", "o9"), p));
    float[][] out = {
      {0, 1, 0}, {0, 0, 1}, {1, 0, 0}, {0}, {0}, {0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}
    };

    // stage 1: index 1 of 3 -> 1/3; stage 2: index 2 / (3*3) -> 2/9; stage 3: index 0 -> 0.
    double expected = (1 / 3.0 + 2 / 9.0) * 101;
    assertThat(d.decode(out).years()).isCloseTo((float) expected, within(1e-3f));
  }

  @Test
  void badOutputsAndSettingsAreRefused() {
    AgeDecoding d = distribution(0.5, 0.1);
    assertThatThrownBy(() -> d.decode(new float[][] {{0}, new float[100]}))
        .isInstanceOf(IllegalStateException.class);
    float[] nan = ages(10, 1);
    nan[3] = Float.NaN;
    assertThatThrownBy(() -> d.decode(new float[][] {{0}, nan}))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> distribution(0.1, 0.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AgeDecoding(manifest(List.of("age"), Map.of("ageOutput", 3.0))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theCropIsASquareOfTheBoxHeightTimesTheScaleAroundItsCentre() {
    var box = new FaceBox(100, 50, 200, 150, 0.9f);
    try (var r = AgeEstimator.cropRect(box, 1.4)) {
      assertThat(r.width()).isEqualTo(140);
      assertThat(r.height()).isEqualTo(140);
      assertThat(r.x()).isEqualTo(80);
      assertThat(r.y()).isEqualTo(30);
    }
    try (var r = AgeEstimator.cropRect(box, 1.0)) {
      assertThat(r.x()).isEqualTo(100);
      assertThat(r.width()).isEqualTo(100);
    }
  }
}
