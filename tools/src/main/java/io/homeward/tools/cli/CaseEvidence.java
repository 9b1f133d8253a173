package io.homeward.tools.cli;

import io.homeward.search.ranking.Band;
import io.homeward.search.ranking.CaseCandidate;
import io.homeward.search.ranking.Evidence;
import io.homeward.search.ranking.EvidenceKind;
import io.homeward.tools.fit.CaseEvidenceFit;
import io.homeward.tools.fit.LogisticCurve;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a case search adds to its best pair's log-odds (the agreeing-photos bonus, the penalty per
 * log of the probe photos), fitted on case searches of training identities.
 */
final class CaseEvidence {
  private CaseEvidence() {}

  /**
   * What a case search adds to its best pair, fitted three ways; the last is written.
   *
   * @param agreementBand the band a face pair must reach for its photo to agree
   * @param bonus written: per further agreeing photo
   * @param penalty written: per log of the probe photos
   * @param loss the weighted negative log-likelihood of the written bonus with the fitted penalty
   */
  record CaseFit(
      Band agreementBand,
      double bonus,
      double penalty,
      double bonusAlone,
      double shift,
      double bonusWithShift,
      double penaltyFitted,
      double bonusFitted,
      double loss) {
    /** A bonus and a penalty of 1, to read the features off a ranking. */
    static CaseFit unit(Band agreementBand) {
      return new CaseFit(agreementBand, 1, 1, 0, 0, 0, 0, 0, 0);
    }

    CaseFit withPenalty(double chosen) {
      return new CaseFit(
          agreementBand,
          bonus,
          chosen,
          bonusAlone,
          shift,
          bonusWithShift,
          penaltyFitted,
          bonusFitted,
          loss);
    }
  }

  /**
   * One row per candidate case of searches ranked with a bonus and a penalty of 1 (so its agreement
   * evidence weighs its count of further agreeing photos, and its face evidence is the best pair's
   * less the log of the number of probe photos): the best pair's log-odds, the further agreeing
   * photos, the log of the probe photos, and whether it is the searched person.
   */
  static double[][] caseRows(List<RankerTrials.CaseSearch> searches) {
    List<double[]> rows = new ArrayList<>();
    for (RankerTrials.CaseSearch s : searches) {
      for (CaseCandidate c : s.candidates()) {
        double pair = weight(c.matches().get(0).evidence(), EvidenceKind.FACE_SIMILARITY);
        double logProbes = pair - weight(c.evidence(), EvidenceKind.FACE_SIMILARITY);
        double extra = Math.round(weight(c.evidence(), EvidenceKind.SEVERAL_PHOTOS_AGREE));
        rows.add(new double[] {pair, extra, logProbes, c.caseRef().equals(s.wanted()) ? 1 : 0});
      }
    }
    return rows.toArray(new double[0][]);
  }

  /**
   * The penalty per log of the probe photos that the written file carries: the smallest of a ladder
   * for which the case-level false accept rate of every band on the train case searches is at most
   * its promise, with the likelihood's bonus. (The likelihood fits the bulk of the scores; the
   * bands live in the tail.)
   */
  static CaseFit choosePenalty(
      CaseFit likelihood, double[][] rows, float[] bandScores, int impostorCases, PrintStream o) {
    double[] promises =
        FitCalibrationCommand.PROMISES.values().stream().mapToDouble(Double::doubleValue).toArray();
    double chosen = Double.NaN;
    for (double p = 0; p <= 6.001; p += 0.25) {
      double worst = 0;
      for (int b = 0; b < promises.length; b++) {
        int accepted = 0;
        for (double[] r : rows) {
          double z = r[0] + likelihood.bonus() * r[1] - p * r[2];
          if (r[3] == 0 && LogisticCurve.sigmoid(z) >= bandScores[b]) {
            accepted++;
          }
        }
        worst = Math.max(worst, accepted / (double) impostorCases / promises[b]);
      }
      if (worst <= 1) {
        chosen = p;
        o.printf(
            Locale.ROOT,
            "  penalty for the bands: %.2f per log photo (worst train case-level FAR %.2fx the"
                + " promise)%n",
            p,
            worst);
        break;
      }
    }
    if (Double.isNaN(chosen)) {
      chosen = likelihood.penalty();
    }
    return likelihood.withPenalty(chosen);
  }

  static CaseFit fitCaseEvidence(Band agreementBand, double[][] table) {
    List<double[]> rows = Arrays.asList(table);
    int n = rows.size();
    double[] offset = new double[n];
    double[][] bonusOnly = new double[n][];
    double[][] shifted = new double[n][];
    double[][] pairs = new double[n][];
    double[][] penaltyOnly = new double[n][];
    boolean[] same = new boolean[n];
    for (int i = 0; i < n; i++) {
      double[] r = rows.get(i);
      offset[i] = r[0];
      bonusOnly[i] = new double[] {r[1]};
      shifted[i] = new double[] {1, r[1]};
      pairs[i] = new double[] {-r[2], r[1]};
      penaltyOnly[i] = new double[] {-r[2]};
      same[i] = r[3] == 1;
    }
    double alone = CaseEvidenceFit.fit(offset, bonusOnly, same, 0.5)[0];
    double[] withShift = CaseEvidenceFit.fit(offset, shifted, same, 0.5);
    double[] withPairs = CaseEvidenceFit.fit(offset, pairs, same, 0.5);
    double penalty = withPairs[0];
    double bonus = withPairs[1];
    if (bonus < 0) {
      bonus = 0;
      penalty = CaseEvidenceFit.fit(offset, penaltyOnly, same, 0.5)[0];
    }
    double loss = CaseEvidenceFit.loss(offset, pairs, same, 0.5, new double[] {penalty, bonus});
    return new CaseFit(
        agreementBand,
        FitCalibrationCommand.round(bonus, 3),
        FitCalibrationCommand.round(Math.max(0, penalty), 3),
        alone,
        withShift[0],
        withShift[1],
        withPairs[0],
        withPairs[1],
        loss);
  }

  private static double weight(List<Evidence> evidence, EvidenceKind kind) {
    double w = 0;
    for (Evidence e : evidence) {
      if (e.kind() == kind) {
        w = e.weight();
      }
    }
    return w;
  }
}
