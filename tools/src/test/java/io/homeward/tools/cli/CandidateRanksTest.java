package io.homeward.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.homeward.tools.eval.Evaluator;
import io.homeward.tools.eval.LabeledVector;
import io.homeward.tools.eval.ProbeOutcome;
import io.homeward.tools.eval.RankSummary;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CandidateRanksTest {

  @Test
  void imageRankIsThePositionOfTheFirstFaceOfTheCase() {
    List<String> list = List.of("b", "c", "b", "a", "a", "d");

    assertThat(CandidateRanks.imageRank(list, "b")).isEqualTo(1);
    assertThat(CandidateRanks.imageRank(list, "a")).isEqualTo(4);
    assertThat(CandidateRanks.imageRank(list, "d")).isEqualTo(6);
    assertThat(CandidateRanks.imageRank(list, "z")).isEqualTo(ProbeOutcome.NOT_FOUND);
    assertThat(CandidateRanks.imageRank(List.of(), "a")).isEqualTo(ProbeOutcome.NOT_FOUND);
  }

  @Test
  void identityRankCountsDistinctCasesAhead() {
    List<String> list = List.of("b", "c", "b", "a", "a", "d");

    assertThat(CandidateRanks.identityRank(list, "b")).isEqualTo(1);
    assertThat(CandidateRanks.identityRank(list, "c")).isEqualTo(2);
    assertThat(CandidateRanks.identityRank(list, "a")).isEqualTo(3);
    assertThat(CandidateRanks.identityRank(list, "d")).isEqualTo(4);
    assertThat(CandidateRanks.identityRank(list, "z")).isEqualTo(ProbeOutcome.NOT_FOUND);
  }

  @Test
  void summaryCountsMissesAndRanksBelowTheListAsNotFound() {
    // Four ranked probes: rank 1, rank 4, rank 12 (beyond a list of 10), and a miss.
    RankSummary s = CandidateRanks.summary(new int[] {1, 4, 12, ProbeOutcome.NOT_FOUND}, 10);

    assertThat(s.rank1()).isEqualTo(0.25);
    assertThat(s.rank5()).isEqualTo(0.5);
    assertThat(s.rank10()).isEqualTo(0.5);
    assertThat(s.rank20()).isEqualTo(0.5);
    assertThat(s.cmc()).containsExactly(0.25, 0.25, 0.25, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5);
  }

  @Test
  void summaryMatchesTheEvaluatorOnTheSameRanks() {
    // Gallery of three subjects; the probes' direct ranks are 1, 3 and 2.
    List<LabeledVector> gallery =
        List.of(
            new LabeledVector("g1", "A", unit(1, 0, 0)),
            new LabeledVector("g2", "B", unit(0, 1, 0)),
            new LabeledVector("g3", "C", unit(0, 0, 1)));
    List<LabeledVector> probes =
        List.of(
            new LabeledVector("p1", "A", unit(1, 0.2f, 0.1f)),
            new LabeledVector("p2", "C", unit(0.9f, 0.5f, 0.1f)),
            new LabeledVector("p3", "B", unit(0.6f, 0.5f, 0)));
    var direct = Evaluator.evaluate(probes, gallery).overall().identification().imageLevel();
    int[] ranks =
        Evaluator.evaluate(probes, gallery).probes().stream()
            .mapToInt(ProbeOutcome::imageRank)
            .toArray();

    assertThat(ranks).containsExactly(1, 3, 2);
    RankSummary fromLists = CandidateRanks.summary(ranks, 3);
    assertThat(fromLists.cmc()).containsExactly(direct.cmc());
    assertThat(fromLists.rank1()).isEqualTo(direct.rank1());
    assertThat(fromLists.rank20()).isEqualTo(direct.rank20());
  }

  @Test
  void exactTopKOrdersByScoreAndKeepsTheEarlierOfTies() {
    List<float[]> gallery =
        List.of(
            new float[] {0.1f, 0},
            new float[] {0.9f, 0},
            new float[] {0.5f, 0},
            new float[] {0.9f, 0},
            new float[] {0.7f, 0});

    assertThat(CandidateRanks.exactTopK(new float[] {1, 0}, gallery, 3)).containsExactly(1, 3, 4);
    assertThat(CandidateRanks.exactTopK(new float[] {1, 0}, gallery, 10))
        .containsExactly(1, 3, 4, 2, 0);
  }

  @Test
  void recallIsTheShareOfExactNeighboursReturned() {
    assertThat(CandidateRanks.recall(new long[] {1, 2, 3, 4}, new long[] {4, 3, 2, 1}))
        .isEqualTo(1.0);
    assertThat(CandidateRanks.recall(new long[] {1, 2, 9, 8}, new long[] {1, 2, 3, 4}))
        .isEqualTo(0.5);
    assertThat(CandidateRanks.recall(new long[0], new long[] {1, 2})).isEqualTo(0.0);
  }

  @Test
  void faceOnlyProbesCarryNoMetadata() {
    var context = ServiceEvaluation.noMetadata();

    assertThat(context.getAgeAtPhoto()).isEqualTo(-1f);
    assertThat(context.getPhotoYear()).isZero();
    assertThat(context.getBirthYear().getFrom()).isZero();
    assertThat(context.getBirthYear().getTo()).isZero();
  }

  private static float[] unit(float... v) {
    double n = 0;
    for (float x : v) {
      n += x * x;
    }
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) (v[i] / Math.sqrt(n));
    }
    return out;
  }

  @Test
  void meanSummaryWeighsEachTrialOnceWhateverItsNumberOfRanks() {
    // Trial 1: two photos, ranks 1 and 6 (half found at rank 1, all by rank 10).
    // Trial 2: one rank, a miss. Trial 3: four photos, ranks 2, 2, 30 (beyond depth) and a miss.
    List<int[]> trials =
        List.of(
            new int[] {1, 6},
            new int[] {ProbeOutcome.NOT_FOUND},
            new int[] {2, 2, 30, ProbeOutcome.NOT_FOUND});

    RankSummary s = CandidateRanks.meanSummary(trials, 25);

    assertThat(s.rank1()).isCloseTo(0.5 / 3, within(1e-12));
    assertThat(s.rank5()).isCloseTo((0.5 + 0.5) / 3, within(1e-12));
    assertThat(s.rank10()).isCloseTo((1.0 + 0.5) / 3, within(1e-12));
    assertThat(s.rank20()).isCloseTo((1.0 + 0.5) / 3, within(1e-12));
    assertThat(s.cmc()).hasSize(25);
    assertThat(s.cmc()[24]).isCloseTo((1.0 + 0.5) / 3, within(1e-12));
  }

  @Test
  void meanSummaryOfSingleRanksEqualsTheSummary() {
    int[] ranks = {1, 4, 12, ProbeOutcome.NOT_FOUND, 3};
    List<int[]> trials = new ArrayList<>();
    for (int r : ranks) {
      trials.add(new int[] {r});
    }

    RankSummary mean = CandidateRanks.meanSummary(trials, 10);
    RankSummary plain = CandidateRanks.summary(ranks, 10);

    assertThat(mean.rank1()).isEqualTo(plain.rank1());
    assertThat(mean.rank5()).isEqualTo(plain.rank5());
    assertThat(mean.rank10()).isEqualTo(plain.rank10());
    assertThat(mean.rank20()).isEqualTo(plain.rank20());
    assertThat(mean.cmc()).containsExactly(plain.cmc(), within(1e-12));
  }
}
