package io.homeward.tools.cli;

import io.homeward.search.domain.CaseStatus;
import io.homeward.search.domain.FaceAttributes;
import io.homeward.search.domain.Sex;
import io.homeward.search.domain.Side;
import io.homeward.search.index.IndexHit;
import io.homeward.search.ranking.CaseCandidate;
import io.homeward.search.ranking.ProbeFacts;
import io.homeward.search.ranking.RankedCandidate;
import io.homeward.search.ranking.Ranker;
import io.homeward.tools.eval.LabeledVector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The search service's own ranking ({@link Ranker}) run in process over exact search: a gallery of
 * found faces (one case per subject), probes of missing children, face only or with {@link
 * SimulatedMetadata}. Exact search stands in for the index (its recall@10 on these vectors is 1.0,
 * README "Measured"), so the figures are those of the ranking alone. Case references are {@code
 * s<n>}, never the data set's names.
 */
final class RankerTrials {
  /** Hits each probe photo brings, as the service asks its index for k = 100 with overfetch 3. */
  static final int HITS_PER_PROBE = 300;

  /** Candidate cases a case search returns: the service's maximum. */
  static final int CASES = 100;

  /** Every probe-gallery pair's final score and whether it is the same person. */
  record Scored(double[] predicted, boolean[] same) {}

  /** One case search: the searched case and the candidate cases, best first. */
  record CaseSearch(String wanted, List<CaseCandidate> candidates) {}

  private final List<LabeledVector> gallery;
  private final Map<String, String> caseRefs = new LinkedHashMap<>();
  private final List<FaceAttributes> plain = new ArrayList<>();
  private final List<FaceAttributes> withFacts = new ArrayList<>();

  /** {@code gallery}: enrolled faces only, unit length. */
  RankerTrials(List<LabeledVector> gallery) {
    this.gallery = List.copyOf(gallery);
    long faceId = 1;
    for (LabeledVector g : gallery) {
      String ref = caseRef(g.subject());
      plain.add(
          new FaceAttributes(
              faceId, ref, Side.FOUND, Sex.UNKNOWN, 0, 0, -1, 0, "", CaseStatus.OPEN));
      SimulatedMetadata.Facts f = SimulatedMetadata.gallery(g.subject(), g.id());
      withFacts.add(
          new FaceAttributes(
              faceId,
              ref,
              Side.FOUND,
              Sex.UNKNOWN,
              f.birthYearFrom(),
              f.birthYearTo(),
              f.ageAtPhoto(),
              f.photoYear(),
              "",
              CaseStatus.OPEN));
      faceId++;
    }
  }

  String caseRef(String subject) {
    return caseRefs.computeIfAbsent(subject, s -> "s" + caseRefs.size());
  }

  boolean hasCase(String subject) {
    return gallery.stream().anyMatch(g -> g.subject().equals(subject));
  }

  int gallerySubjects() {
    return (int) gallery.stream().map(LabeledVector::subject).distinct().count();
  }

  /** Every probe against every gallery face, scored by {@code ranker}. */
  Scored scoreAll(Ranker ranker, List<LabeledVector> probes, boolean metadata) {
    int n = probes.size() * gallery.size();
    double[] predicted = new double[n];
    boolean[] same = new boolean[n];
    int i = 0;
    for (LabeledVector p : probes) {
      for (RankedCandidate c :
          ranker.rank(hits(p, metadata, gallery.size()), facts(p, metadata), gallery.size())) {
        predicted[i] = c.calibratedScore();
        same[i] = c.attributes().caseRef().equals(caseRef(p.subject()));
        i++;
      }
    }
    return new Scored(predicted, same);
  }

  /** Each probe's identity-level rank of its own case, ranked by {@code ranker}. */
  int[] ranks(Ranker ranker, List<LabeledVector> probes, boolean metadata) {
    int[] out = new int[probes.size()];
    for (int i = 0; i < out.length; i++) {
      LabeledVector p = probes.get(i);
      List<String> refs = new ArrayList<>();
      for (RankedCandidate c :
          ranker.rank(hits(p, metadata, gallery.size()), facts(p, metadata), gallery.size())) {
        refs.add(c.attributes().caseRef());
      }
      out[i] = CandidateRanks.identityRank(refs, caseRef(p.subject()));
    }
    return out;
  }

  /** A case search for each case with all of its probe photos at once. */
  List<CaseSearch> caseSearches(
      Ranker ranker, Map<String, List<LabeledVector>> photosOfCase, boolean metadata) {
    List<CaseSearch> out = new ArrayList<>();
    for (Map.Entry<String, List<LabeledVector>> e : photosOfCase.entrySet()) {
      List<List<IndexHit>> hits = new ArrayList<>();
      List<ProbeFacts> facts = new ArrayList<>();
      for (LabeledVector p : e.getValue()) {
        hits.add(hits(p, metadata, HITS_PER_PROBE));
        facts.add(facts(p, metadata));
      }
      out.add(new CaseSearch(caseRef(e.getKey()), ranker.rankCases(hits, facts, CASES)));
    }
    return out;
  }

  /** The identity-level rank of the probe's own case in face-only order (each case once). */
  int onePhotoRank(LabeledVector probe) {
    List<String> refs = new ArrayList<>();
    for (IndexHit h : hits(probe, false, gallery.size())) {
      refs.add(h.attributes().caseRef());
    }
    return CandidateRanks.identityRank(refs, caseRef(probe.subject()));
  }

  private List<IndexHit> hits(LabeledVector probe, boolean metadata, int k) {
    Integer[] order = new Integer[gallery.size()];
    float[] scores = new float[gallery.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
      scores[i] = CandidateRanks.dot(probe.vector(), gallery.get(i).vector());
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -scores[i]));
    List<FaceAttributes> attrs = metadata ? withFacts : plain;
    List<IndexHit> hits = new ArrayList<>(Math.min(k, order.length));
    for (int j = 0; j < Math.min(k, order.length); j++) {
      hits.add(new IndexHit(attrs.get(order[j]), scores[order[j]]));
    }
    return hits;
  }

  private static ProbeFacts facts(LabeledVector probe, boolean metadata) {
    if (!metadata) {
      return ProbeFacts.unknown(Side.MISSING);
    }
    SimulatedMetadata.Facts f = SimulatedMetadata.probe(probe.subject(), probe.id());
    return new ProbeFacts(
        Side.MISSING,
        Sex.UNKNOWN,
        f.birthYearFrom(),
        f.birthYearTo(),
        f.ageAtPhoto(),
        f.photoYear());
  }
}
