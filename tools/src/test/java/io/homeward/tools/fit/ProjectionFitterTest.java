package io.homeward.tools.fit;

import static org.assertj.core.api.Assertions.assertThat;

import io.homeward.embedder.projection.Projection;
import io.homeward.embedder.projection.Provenance;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Synthetic identities whose young photos are shifted along one shared "age" direction and whose
 * photos vary most along a few nuisance directions: removal and WCCN must both help, and the fitter
 * must choose a setting that does.
 */
class ProjectionFitterTest {
  private static final int DIM = 24;

  private static List<ProjectionFitter.Face> faces(int identities, long seed) {
    Random r = new Random(seed);
    List<ProjectionFitter.Face> out = new ArrayList<>();
    for (int id = 0; id < identities; id++) {
      double[] centre = new double[DIM];
      for (int d = 0; d < DIM; d++) {
        centre[d] = r.nextGaussian() * 0.2;
      }
      for (int photo = 0; photo < 4; photo++) {
        boolean young = photo < 2;
        float[] v = new float[DIM];
        for (int d = 0; d < DIM; d++) {
          double noise = r.nextGaussian() * (d < 3 ? 0.5 : 0.08);
          v[d] = (float) (centre[d] + noise + (young && d == 5 ? 1.0 : 0));
        }
        out.add(new ProjectionFitter.Face("s" + seed + "-" + id, young, normalise(v)));
      }
    }
    return out;
  }

  private static float[] normalise(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x * x;
    }
    for (int i = 0; i < v.length; i++) {
      v[i] /= (float) Math.sqrt(s);
    }
    return v;
  }

  private static double rank1(List<ProjectionFitter.Face> test, Projection p) {
    List<float[]> probes = new ArrayList<>();
    List<String> ps = new ArrayList<>();
    List<float[]> gallery = new ArrayList<>();
    List<String> gs = new ArrayList<>();
    for (ProjectionFitter.Face f : test) {
      (f.young() ? probes : gallery).add(p.apply(f.vector()));
      (f.young() ? ps : gs).add(f.subject());
    }
    return Ranks.childToAdult(probes, ps, gallery, gs)[0];
  }

  @Test
  void choosesAndFitsAProjectionThatHelpsOnHeldOutIdentities() {
    List<ProjectionFitter.Face> train = faces(120, 1);
    List<ProjectionFitter.Face> test = faces(60, 2);
    ProjectionFitter.CrossValidation cv =
        ProjectionFitter.choose(
            train,
            new ProjectionFitter.Grid(List.of(0, 1, 2), List.of(Double.POSITIVE_INFINITY, 0.1, 1.0))
                .settings(null),
            new IdentitySplit(5, 0.3),
            3,
            m -> {});
    // WCCN alone can absorb a shared age shift (it is within-identity variance), so either kind
    // that whitens may win; doing nothing must not.
    assertThat(cv.chosen().whitens()).isTrue();
    assertThat(cv.scores().get(cv.chosen())[4])
        .isGreaterThan(cv.scores().get(ProjectionFitter.Setting.IDENTITY)[4]);
    float[] m = ProjectionFitter.fit(train, cv.chosen());
    Projection fitted =
        Projection.builder()
            .id("synthetic")
            .model("m", "1")
            .kind(cv.chosen().kind())
            .dimensions(DIM, DIM)
            .matrix(m)
            .provenance(new Provenance("synthetic", "none", false, "now", "test", "", 0, 0, "", ""))
            .build();
    double before = rank1(test, Projection.identity("m", "1", DIM));
    double after = rank1(test, fitted);
    assertThat(before).isLessThan(1.0);
    assertThat(after).isGreaterThan(before);
  }

  @Test
  void splitsIdentitiesReproduciblyAndIndependentlyOfOthers() {
    IdentitySplit split = new IdentitySplit(7, 0.3);
    long test = 0;
    for (int i = 0; i < 2000; i++) {
      String s = "person-" + i;
      assertThat(split.isTest(s)).isEqualTo(new IdentitySplit(7, 0.3).isTest(s));
      test += split.isTest(s) ? 1 : 0;
    }
    // About 30 %: a sanity check of the hash, not a statistical test.
    assertThat(test).isBetween(500L, 700L);
    assertThat(split.testDigest(List.of("a", "b", "c")))
        .isEqualTo(split.testDigest(List.of("c", "b", "a", "a")));
  }
}
