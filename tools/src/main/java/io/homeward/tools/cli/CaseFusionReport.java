package io.homeward.tools.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.homeward.search.ranking.Band;
import io.homeward.search.ranking.Calibration;
import io.homeward.search.ranking.CaseCandidate;
import io.homeward.search.ranking.EvidenceKind;
import io.homeward.search.ranking.Ranker;
import io.homeward.tools.eval.LabeledVector;
import io.homeward.tools.eval.RankSummary;
import io.homeward.tools.fit.LogisticCurve;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Case searches of held-out identities with a fitted calibration: the fusion rules side by side,
 * how often the agreement reason appears, and the case-level false accept rate of each band.
 */
final class CaseFusionReport {
  private CaseFusionReport() {}

  static void print(
      PrintStream o,
      ObjectNode json,
      RankerTrials trials,
      Calibration calibration,
      Map<String, List<LabeledVector>> cases) {
    Ranker faceOnly = new Ranker(calibration, false);
    List<RankerTrials.CaseSearch> plain = trials.caseSearches(faceOnly, cases, false);
    List<RankerTrials.CaseSearch> meta =
        trials.caseSearches(new Ranker(calibration, true), cases, true);
    Map<String, List<int[]>> ranks = new LinkedHashMap<>();
    List<int[]> one = new ArrayList<>();
    for (List<LabeledVector> photos : cases.values()) {
      int[] r = new int[photos.size()];
      for (int i = 0; i < r.length; i++) {
        r[i] = trials.onePhotoRank(photos.get(i));
      }
      one.add(r);
    }
    ranks.put("one photo (mean over the case's photos)", one);
    Map<String, ToDoubleFunction<CaseCandidate>> rules = new LinkedHashMap<>();
    rules.put(
        "case search (service: fitted calibration and case evidence)", c -> c.calibratedScore());
    rules.put(
        "case search, old bonus (0.5 per probe with any hit, up to 3)",
        c ->
            LogisticCurve.logit(FitCalibrationCommand.clamp(c.matches().get(0).calibratedScore()))
                + 0.5 * Math.min(3, c.matches().size() - 1));
    rules.put("best pair only", c -> c.bestScore());
    rules.put("mean of each photo's best match only", c -> c.meanTopScore());
    rules.put("(best pair + mean) / 2", c -> (c.bestScore() + c.meanTopScore()) / 2.0);
    for (Map.Entry<String, ToDoubleFunction<CaseCandidate>> r : rules.entrySet()) {
      List<int[]> list = new ArrayList<>();
      for (RankerTrials.CaseSearch s : plain) {
        list.add(new int[] {rank(s.candidates(), s.wanted(), r.getValue())});
      }
      ranks.put(r.getKey(), list);
    }
    List<int[]> withMeta = new ArrayList<>();
    for (RankerTrials.CaseSearch s : meta) {
      withMeta.add(new int[] {rank(s.candidates(), s.wanted(), CaseCandidate::calibratedScore)});
    }
    ranks.put("case search + metadata (simulated)", withMeta);

    int photos = cases.values().stream().mapToInt(List::size).sum();
    int depth = Math.min(RankerTrials.CASES, trials.gallerySubjects());
    o.printf(
        Locale.ROOT,
        "%nCase searches on LAG test (%d cases, %d photos; exact search + the service's Ranker):%n",
        cases.size(),
        photos);
    o.printf(Locale.ROOT, "  %-70s rank-1 rank-5 rank-10 rank-20%n", "");
    json.put("cases", cases.size());
    json.put("photos", photos);
    ObjectNode byRule = json.putObject("byRule");
    for (Map.Entry<String, List<int[]>> e : ranks.entrySet()) {
      RankSummary s = CandidateRanks.meanSummary(e.getValue(), depth);
      o.printf(
          Locale.ROOT,
          "  %-70s %.3f  %.3f  %.3f   %.3f%n",
          e.getKey(),
          s.rank1(),
          s.rank5(),
          s.rank10(),
          s.rank20());
      ObjectNode n = byRule.putObject(e.getKey());
      n.put("rank1", s.rank1());
      n.put("rank5", s.rank5());
      n.put("rank10", s.rank10());
      n.put("rank20", s.rank20());
    }

    // How often the agreement reason appears among the top 10, by the new rule and the old one.
    int[] counts = new int[4];
    for (RankerTrials.CaseSearch s : plain) {
      for (CaseCandidate c : s.candidates().subList(0, Math.min(10, s.candidates().size()))) {
        boolean genuine = c.caseRef().equals(s.wanted());
        boolean reason =
            c.evidence().stream().anyMatch(e -> e.kind() == EvidenceKind.SEVERAL_PHOTOS_AGREE);
        counts[genuine ? 0 : 2] += reason ? 1 : 0;
        counts[genuine ? 1 : 3] += c.matches().size() >= 2 ? 1 : 0;
      }
    }
    int top10 = plain.stream().mapToInt(s -> Math.min(10, s.candidates().size())).sum();
    int genuineTop10 = 0;
    for (RankerTrials.CaseSearch s : plain) {
      for (CaseCandidate c : s.candidates().subList(0, Math.min(10, s.candidates().size()))) {
        genuineTop10 += c.caseRef().equals(s.wanted()) ? 1 : 0;
      }
    }
    o.printf(
        Locale.ROOT,
        "  SEVERAL_PHOTOS_AGREE among the top 10 (%d candidates, %d the right case): now %d right"
            + " + %d wrong; old rule %d right + %d wrong%n",
        top10,
        genuineTop10,
        counts[0],
        counts[2],
        counts[1],
        counts[3]);
    // Case-level false accepts: impostor candidate cases in each band, per impostor case searched.
    double impostorCases = (double) plain.size() * (trials.gallerySubjects() - 1);
    ObjectNode caseFar = json.putObject("caseLevelFar");
    for (Band band : List.of(Band.POSSIBLE, Band.PROBABLE, Band.STRONG)) {
      int accepted = 0;
      for (RankerTrials.CaseSearch s : plain) {
        for (CaseCandidate c : s.candidates()) {
          if (!c.caseRef().equals(s.wanted()) && c.band().ordinal() >= band.ordinal()) {
            accepted++;
          }
        }
      }
      // The old rule: the best pair with 0.5 log-odds per probe photo that found the case at all.
      int acceptedOld = 0;
      for (RankerTrials.CaseSearch s : plain) {
        for (CaseCandidate c : s.candidates()) {
          double z =
              LogisticCurve.logit(FitCalibrationCommand.clamp(c.matches().get(0).calibratedScore()))
                  + 0.5 * Math.min(3, c.matches().size() - 1);
          if (!c.caseRef().equals(s.wanted())
              && calibration.band((float) LogisticCurve.sigmoid(z)).ordinal() >= band.ordinal()) {
            acceptedOld++;
          }
        }
      }
      o.printf(
          Locale.ROOT,
          "  case-level FAR at %s or above: %.5f (%d impostor cases of %.0f); old rule %.5f%n",
          band,
          accepted / impostorCases,
          accepted,
          impostorCases,
          acceptedOld / impostorCases);
      caseFar.put(band.name(), accepted / impostorCases);
      caseFar.put(band.name() + "OldRule", acceptedOld / impostorCases);
    }
    ObjectNode reason = json.putObject("severalPhotosAgreeInTop10");
    reason.put("candidates", top10);
    reason.put("rightCase", genuineTop10);
    reason.put("nowRight", counts[0]);
    reason.put("nowWrong", counts[2]);
    reason.put("oldRuleRight", counts[1]);
    reason.put("oldRuleWrong", counts[3]);
  }

  private static int rank(
      List<CaseCandidate> candidates, String wanted, ToDoubleFunction<CaseCandidate> score) {
    List<CaseCandidate> sorted = new ArrayList<>(candidates);
    sorted.sort(Comparator.comparingDouble(score).reversed());
    List<String> refs = new ArrayList<>();
    sorted.forEach(c -> refs.add(c.caseRef()));
    return CandidateRanks.identityRank(refs, wanted);
  }
}
