package io.homeward.tools.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.homeward.embedder.projection.FusedSpace;
import io.homeward.embedder.projection.Provenance;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fusion fitter on synthetic identities whose two "models" see them with known noise: the
 * weight follows the better model, the centre is the second model's mean, and the choice is stated.
 */
class FusionFitterTest {
  private static final FusedSpace.Member A =
      new FusedSpace.Member("classpath:a.json", "model-a", "1", "1_p", 16);
  private static final FusedSpace.Member B =
      new FusedSpace.Member("classpath:b.json", "model-b", "2", "2", 16);
  private static final Provenance TRAIN =
      new Provenance("synthetic", "none", false, "2026-12-06T00:00:00Z", "test", "", 0, 0, "", "");

  @Test
  void theWeightFollowsTheModelThatSeesPeopleBetter() {
    FusionFitter.Fitted primaryBetter = FusionFitter.fit(faces(0.6, 1.6, 1), "f", "v", A, B, TRAIN);
    FusionFitter.Fitted secondBetter = FusionFitter.fit(faces(1.6, 0.6, 1), "f", "v", A, B, TRAIN);
    assertThat(primaryBetter.space().primaryWeight()).isGreaterThan(0.5);
    assertThat(secondBetter.space().primaryWeight()).isLessThan(0.5);
    assertThat(primaryBetter.trials()).hasSize(19);
    assertThat(primaryBetter.space().provenance().choice())
        .contains(
            "primary weight "
                + String.format(
                    java.util.Locale.ROOT, "%.2f", primaryBetter.space().primaryWeight()))
        .contains("training photos");
  }

  @Test
  void twoModelsWithIndependentNoiseTogetherBeatEitherAlone() {
    FusionFitter.Fitted fitted = FusionFitter.fit(faces(1.2, 1.2, 2), "f", "v", A, B, TRAIN);
    FusionFitter.Trial best =
        fitted.trials().stream()
            .filter(t -> t.weight() == fitted.space().primaryWeight())
            .findFirst()
            .orElseThrow();
    FusionFitter.Trial mostlyA = fitted.trials().get(fitted.trials().size() - 1);
    FusionFitter.Trial mostlyB = fitted.trials().get(0);
    assertThat(best.criterion()).isGreaterThan(mostlyA.criterion());
    assertThat(best.criterion()).isGreaterThan(mostlyB.criterion());
    assertThat(fitted.space().primaryWeight()).isBetween(0.3, 0.7);
  }

  @Test
  void theCentreIsTheSecondModelsMean() {
    List<FusionFitter.Face> faces = faces(1, 1, 3);
    float[] centre = FusionFitter.fit(faces, "f", "v", A, B, TRAIN).space().copyCentre();
    for (int d = 0; d < 16; d++) {
      double mean = 0;
      for (FusionFitter.Face f : faces) {
        mean += f.secondary()[d] / faces.size();
      }
      assertThat((double) centre[d]).isCloseTo(mean, within(1e-5));
    }
    assertThatThrownBy(() -> FusionFitter.fit(List.of(), "f", "v", A, B, TRAIN))
        .hasMessageContaining("no training faces");
  }

  /**
   * 60 identities, 2 young and 2 adult photos each; each model sees an identity's direction (the
   * second model's with a large shared offset) plus its own noise.
   */
  private static List<FusionFitter.Face> faces(double noiseA, double noiseB, long seed) {
    Random r = new Random(seed);
    float[] offset = new float[16];
    offset[0] = 3;
    List<FusionFitter.Face> out = new ArrayList<>();
    for (int id = 0; id < 60; id++) {
      float[] a = gaussian(r, 16, 1);
      float[] b = gaussian(r, 16, 1);
      for (int k = 0; k < 4; k++) {
        float[] va = add(a, gaussian(r, 16, noiseA));
        float[] vb = add(add(b, gaussian(r, 16, noiseB)), offset);
        out.add(new FusionFitter.Face("id" + id, k < 2, unit(va), unit(vb)));
      }
    }
    return out;
  }

  private static float[] gaussian(Random r, int n, double sd) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (r.nextGaussian() * sd);
    }
    return v;
  }

  private static float[] add(float[] a, float[] b) {
    float[] s = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      s[i] = a[i] + b[i];
    }
    return s;
  }

  private static float[] unit(float[] v) {
    double n = 0;
    for (float x : v) {
      n += x * x;
    }
    for (int i = 0; i < v.length; i++) {
      v[i] /= (float) Math.sqrt(n);
    }
    return v;
  }
}
