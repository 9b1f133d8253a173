package io.homeward.search.ranking;

import io.homeward.search.index.IndexHit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns index hits into ranked candidates: calibration for the age gap, metadata evidence added to
 * the log-odds, then sorted by the calibrated score. Stateless and thread-safe.
 */
public final class Ranker {
  /** Further agreeing photos beyond the first that earn the bonus. */
  static final int MAX_AGREEING_EXTRA = 3;

  private final Calibration calibration;
  private final boolean useMetadata;

  public Ranker(Calibration calibration, boolean useMetadata) {
    this.calibration = calibration;
    this.useMetadata = useMetadata;
  }

  public Calibration calibration() {
    return calibration;
  }

  /** Ranks the hits of one probe; returns at most {@code k}, best first. */
  public List<RankedCandidate> rank(List<IndexHit> hits, ProbeFacts probe, int k) {
    List<RankedCandidate> ranked = new ArrayList<>(hits.size());
    for (IndexHit hit : hits) {
      ranked.add(candidate(hit, probe));
    }
    ranked.sort(
        Comparator.comparingDouble(RankedCandidate::calibratedScore)
            .thenComparingDouble(RankedCandidate::rawScore)
            .reversed());
    return ranked.size() > k ? List.copyOf(ranked.subList(0, k)) : ranked;
  }

  RankedCandidate candidate(IndexHit hit, ProbeFacts probe) {
    float gap = MetadataEvidence.ageGap(probe, hit.attributes());
    double logOdds = calibration.logOdds(hit.score(), gap);
    List<Evidence> evidence = new ArrayList<>();
    evidence.add(new Evidence(EvidenceKind.FACE_SIMILARITY, (float) logOdds));
    if (gap >= 0) {
      evidence.add(new Evidence(EvidenceKind.AGE_GAP, 0f));
    }
    if (useMetadata) {
      for (Evidence e : MetadataEvidence.between(probe, hit.attributes())) {
        evidence.add(e);
        logOdds += e.weight();
      }
    }
    float calibrated = Calibration.sigmoid(logOdds);
    return new RankedCandidate(
        hit.attributes(), hit.score(), calibrated, calibration.band(calibrated), gap, evidence);
  }

  /**
   * Fuses the hits of several probe photos of one case per candidate case: the best pair, the mean
   * of each probe's best match, and a bonus when several photos agree. A photo agrees when its face
   * pair alone, before metadata, reaches the calibration's agreement band ({@link
   * Calibration#faceAgrees}: {@link Band#POSSIBLE} or a stricter one); the candidate carries {@link
   * EvidenceKind#SEVERAL_PHOTOS_AGREE} only when at least two different probe photos agree with it,
   * or two of its own photos are matched that well. A weak second match anywhere in a hit list is
   * no agreement. The best pair's face evidence is lowered by the calibration's {@link
   * Calibration#severalProbesPenalty} times the log of the number of probe photos. Returns at most
   * {@code k} cases, best first.
   */
  public List<CaseCandidate> rankCases(
      List<List<IndexHit>> hitsPerProbe, List<ProbeFacts> probes, int k) {
    Map<String, List<ProbeMatch>> bestPerProbe = new LinkedHashMap<>();
    Map<String, Set<Integer>> agreeingProbes = new HashMap<>();
    Map<String, Set<Long>> agreeingPhotos = new HashMap<>();
    for (int p = 0; p < hitsPerProbe.size(); p++) {
      Map<String, RankedCandidate> best = new LinkedHashMap<>();
      for (IndexHit hit : hitsPerProbe.get(p)) {
        RankedCandidate c = candidate(hit, probes.get(p));
        if (calibration.faceAgrees(hit.score(), c.ageGapYears())) {
          String ref = hit.attributes().caseRef();
          agreeingProbes.computeIfAbsent(ref, r -> new HashSet<>()).add(p);
          agreeingPhotos.computeIfAbsent(ref, r -> new HashSet<>()).add(hit.attributes().faceId());
        }
        best.merge(
            hit.attributes().caseRef(),
            c,
            (a, b) -> a.calibratedScore() >= b.calibratedScore() ? a : b);
      }
      int probe = p;
      best.forEach(
          (ref, c) ->
              bestPerProbe
                  .computeIfAbsent(ref, r -> new ArrayList<>())
                  .add(new ProbeMatch(probe, c)));
    }
    int probeCount = Math.max(1, hitsPerProbe.size());
    List<CaseCandidate> cases = new ArrayList<>();
    for (Map.Entry<String, List<ProbeMatch>> e : bestPerProbe.entrySet()) {
      List<ProbeMatch> ranked = new ArrayList<>(e.getValue());
      ranked.sort(
          Comparator.comparingDouble((ProbeMatch m) -> m.match().calibratedScore()).reversed());
      List<RankedCandidate> matches = ranked.stream().map(ProbeMatch::match).toList();
      List<Integer> matchProbes = ranked.stream().map(ProbeMatch::probe).toList();
      RankedCandidate top = matches.get(0);
      float best = 0;
      float sum = 0;
      for (RankedCandidate m : matches) {
        best = Math.max(best, m.rawScore());
        sum += m.rawScore();
      }
      // Probes that did not find this case at all count as zero in the mean.
      float mean = sum / probeCount;
      double logOdds = logit(top.calibratedScore());
      List<Evidence> evidence = new ArrayList<>(top.evidence());
      // The best of several probe photos' matches overstates a case: each photo is one more chance
      // for a stranger to score high. The same for every candidate of a search, so it changes
      // bands, never the order.
      float penalty = (float) (calibration.severalProbesPenalty() * Math.log(probeCount));
      if (penalty != 0) {
        logOdds -= penalty;
        evidence.replaceAll(
            ev ->
                ev.kind() == EvidenceKind.FACE_SIMILARITY
                    ? new Evidence(ev.kind(), ev.weight() - penalty)
                    : ev);
      }
      int agreeing =
          Math.max(
              agreeingProbes.getOrDefault(e.getKey(), Set.of()).size(),
              agreeingPhotos.getOrDefault(e.getKey(), Set.of()).size());
      if (agreeing >= 2) {
        float bonus = calibration.severalPhotosBonus() * Math.min(MAX_AGREEING_EXTRA, agreeing - 1);
        evidence.add(new Evidence(EvidenceKind.SEVERAL_PHOTOS_AGREE, bonus));
        logOdds += bonus;
      }
      float calibrated = Calibration.sigmoid(logOdds);
      cases.add(
          new CaseCandidate(
              e.getKey(),
              best,
              mean,
              calibrated,
              calibration.band(calibrated),
              matches,
              matchProbes,
              evidence));
    }
    cases.sort(
        Comparator.comparingDouble(CaseCandidate::calibratedScore)
            .thenComparingDouble(CaseCandidate::meanTopScore)
            .reversed());
    return cases.size() > k ? List.copyOf(cases.subList(0, k)) : cases;
  }

  private static double logit(float p) {
    double q = Math.min(1 - 1e-7, Math.max(1e-7, p));
    return Math.log(q / (1 - q));
  }

  /** A probe photo's best match in a candidate case, with the probe's index in the request. */
  private record ProbeMatch(int probe, RankedCandidate match) {}
}
