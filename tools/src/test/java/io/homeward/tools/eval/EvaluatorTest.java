package io.homeward.tools.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

  @Test
  void ranksEachProbePessimisticallyAtImageAndIdentityLevel() {
    EvaluationResult r = Evaluator.evaluate(Fixtures.probes(), Fixtures.gallery());

    assertThat(r.probes())
        .containsExactly(
            new ProbeOutcome("p1", "A", null, true, 1, 1),
            new ProbeOutcome("p2", "B", null, true, 4, 3),
            new ProbeOutcome("p3", "C", null, true, 2, 2),
            new ProbeOutcome("p4", "D", null, false, 0, 0),
            new ProbeOutcome("p5", "A", null, true, 0, 0));
  }

  @Test
  void cmcCountsFailedToEnrolAsMissesAndLeavesAbsentSubjectsOut() {
    IdentificationMetrics id =
        Evaluator.evaluate(Fixtures.probes(), Fixtures.gallery()).overall().identification();

    // Ranked: p1, p2, p3, p5 (p4 absent). Image ranks 1, 4, 2, miss.
    assertThat(id.rankedProbes()).isEqualTo(4);
    assertThat(id.imageLevel().cmc()).containsExactly(0.25, 0.5, 0.5, 0.75);
    assertThat(id.imageLevel().rank1()).isEqualTo(0.25);
    assertThat(id.imageLevel().rank5()).isEqualTo(0.75);
    assertThat(id.imageLevel().rank10()).isEqualTo(0.75);
    assertThat(id.imageLevel().rank20()).isEqualTo(0.75);
    // Identity ranks 1, 3, 2, miss over three identities.
    assertThat(id.identityLevel().cmc()).containsExactly(0.25, 0.5, 0.75);
    assertThat(id.identityLevel().rank1()).isEqualTo(0.25);
    assertThat(id.identityLevel().rank5()).isEqualTo(0.75);
  }

  @Test
  void countsEveryProbeAndScore() {
    GroupMetrics all = Evaluator.evaluate(Fixtures.probes(), Fixtures.gallery()).overall();

    assertThat(all.counts()).isEqualTo(new Counts(5, 1, 1, 4, 4, 0, 3, 4, 12));
    // Genuine: p1 vs g0 and g2 (0.9, 0.1), p2 vs g1 (0.6), p3 vs g3 (0.5).
    assertThat(all.verification().genuine().count()).isEqualTo(4);
    assertThat(all.verification().genuine().max()).isEqualTo(0.9f);
    assertThat(all.verification().genuine().min()).isEqualTo(0.1f);
    assertThat(all.verification().genuine().mean())
        .isCloseTo((0.9 + 0.1 + 0.6 + 0.5) / 4, within(1e-6));
    // Impostors include the absent subject's four scores; the failed probe adds none.
    assertThat(all.verification().impostor().count()).isEqualTo(12);
    assertThat(all.verification().impostor().max()).isEqualTo(0.9f);
    long histogramTotal = 0;
    for (long c : all.histogram().impostor()) {
      histogramTotal += c;
    }
    assertThat(histogramTotal).isEqualTo(12);
  }

  @Test
  void bandsGetTheSameFiguresOverTheirOwnProbes() {
    EvaluationResult r = Fixtures.result();

    assertThat(r.bands()).containsOnlyKeys("near", "far");
    assertThat(r.bands().keySet()).containsExactly("near", "far");
    GroupMetrics near = r.bands().get("near");
    assertThat(near.counts().probes()).isEqualTo(2);
    assertThat(near.identification().imageLevel().cmc()).containsExactly(0.5, 0.5, 0.5, 1.0);
    assertThat(near.counts().genuinePairs()).isEqualTo(3);
    assertThat(near.counts().impostorPairs()).isEqualTo(5);

    GroupMetrics far = r.bands().get("far");
    assertThat(far.counts()).isEqualTo(new Counts(3, 1, 1, 2, 4, 0, 3, 1, 7));
    assertThat(far.identification().imageLevel().rank1()).isZero();
    assertThat(far.identification().imageLevel().cmc()[1]).isEqualTo(0.5);
    assertThat(r.probes().get(2).band()).isEqualTo("far");
    // Overall is unchanged by banding.
    assertThat(r.overall().counts().probes()).isEqualTo(5);
  }

  @Test
  void nullBandCountsOnlyOverall() {
    EvaluationResult r =
        Evaluator.evaluate(
            Fixtures.probes(), Fixtures.gallery(), p -> p.id().equals("p1") ? "x" : null);
    assertThat(r.bands()).containsOnlyKeys("x");
    assertThat(r.bands().get("x").counts().probes()).isEqualTo(1);
  }

  @Test
  void tiesWithAnImpostorRankBelowButTiesWithinTheSubjectDoNot() {
    List<LabeledVector> gallery =
        List.of(
            new LabeledVector("a1", "A", Fixtures.basis(0)),
            new LabeledVector("a2", "A", Fixtures.basis(1)),
            new LabeledVector("b", "B", Fixtures.basis(2)),
            new LabeledVector("c", "C", Fixtures.basis(3)));
    LabeledVector probe = new LabeledVector("p", "A", new float[] {0.7f, 0.7f, 0.7f, 0.7f});

    ProbeOutcome o = Evaluator.evaluate(List.of(probe), gallery).probes().get(0);
    assertThat(o.imageRank()).isEqualTo(3);
    assertThat(o.identityRank()).isEqualTo(3);
  }

  @Test
  void subjectWhoseGalleryPhotosAllFailedIsAMiss() {
    List<LabeledVector> gallery =
        List.of(new LabeledVector("a", "A", null), new LabeledVector("b", "B", Fixtures.basis(1)));
    LabeledVector probe = new LabeledVector("p", "A", new float[] {0.9f, 0.1f, 0f, 0f});

    GroupMetrics m = Evaluator.evaluate(List.of(probe), gallery).overall();
    assertThat(m.counts().galleryFailedToEnrol()).isEqualTo(1);
    assertThat(m.counts().rankedProbes()).isEqualTo(1);
    assertThat(m.identification().imageLevel().rank1()).isZero();
    assertThat(m.identification().imageLevel().cmc()).containsExactly(0.0);
    assertThat(m.counts().genuinePairs()).isZero();
    assertThat(m.verification().auc()).isNaN();
  }

  @Test
  void nothingRankedGivesEmptyCmcAndNaNRates() {
    LabeledVector probe = new LabeledVector("p", "Z", new float[] {1f, 0f, 0f, 0f});
    IdentificationMetrics id =
        Evaluator.evaluate(List.of(probe), Fixtures.gallery()).overall().identification();
    assertThat(id.rankedProbes()).isZero();
    assertThat(id.imageLevel().cmc()).isEmpty();
    assertThat(id.imageLevel().rank1()).isNaN();
  }

  @Test
  void refusesVectorsOfDifferentDimensions() {
    List<LabeledVector> gallery = List.of(new LabeledVector("g", "A", new float[] {1f, 0f}));
    LabeledVector probe = new LabeledVector("p", "A", new float[] {1f, 0f, 0f});
    assertThatThrownBy(() -> Evaluator.evaluate(List.of(probe), gallery))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dimension");
  }

  @Test
  void cmcStopsAtOneHundredRanks() {
    Random random = new Random(3);
    List<LabeledVector> gallery = new ArrayList<>();
    List<LabeledVector> probes = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      gallery.add(new LabeledVector("g" + i, "s" + i, unit(random, 16)));
      probes.add(new LabeledVector("p" + i, "s" + i, unit(random, 16)));
    }
    EvaluationResult r = Evaluator.evaluate(probes, gallery);
    double[] cmc = r.overall().identification().imageLevel().cmc();
    assertThat(cmc).hasSize(100);
    for (int k = 1; k < cmc.length; k++) {
      assertThat(cmc[k]).isGreaterThanOrEqualTo(cmc[k - 1]);
    }
    // One photo per identity: both levels agree.
    assertThat(r.overall().identification().identityLevel().cmc()).containsExactly(cmc);
    assertThat(r.overall().counts().impostorPairs()).isEqualTo(150L * 149);
  }

  private static float[] unit(Random random, int dimension) {
    float[] v = new float[dimension];
    double norm = 0;
    for (int i = 0; i < dimension; i++) {
      v[i] = (float) random.nextGaussian();
      norm += v[i] * v[i];
    }
    for (int i = 0; i < dimension; i++) {
      v[i] /= (float) Math.sqrt(norm);
    }
    return v;
  }
}
