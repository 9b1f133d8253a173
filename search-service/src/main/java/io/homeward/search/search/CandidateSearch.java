package io.homeward.search.search;

import io.homeward.search.domain.CaseStatus;
import io.homeward.search.domain.FaceAttributes;
import io.homeward.search.domain.FaceRecord;
import io.homeward.search.domain.InvalidVectorException;
import io.homeward.search.domain.Side;
import io.homeward.search.domain.VectorSpace;
import io.homeward.search.domain.Vectors;
import io.homeward.search.error.Reason;
import io.homeward.search.error.SearchException;
import io.homeward.search.index.Expunge;
import io.homeward.search.index.FaceIndex;
import io.homeward.search.index.IndexHit;
import io.homeward.search.index.IndexUnavailableException;
import io.homeward.search.index.SearchFilter;
import io.homeward.search.ranking.CaseCandidate;
import io.homeward.search.ranking.ProbeFacts;
import io.homeward.search.ranking.RankedCandidate;
import io.homeward.search.ranking.Ranker;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The search service's use cases over one vector space: enrol (with a standing search against the
 * other side), remove, search by a photo, search by all photos of a case. Validates everything a
 * caller sends; knows nothing of transport. Thread-safe.
 *
 * <p>A space without a calibration (a space being built for a projection nobody calibrated yet)
 * takes backfill writes and removals, but refuses searches and standing searches: its candidates
 * could not be banded.
 */
public final class CandidateSearch {
  private static final int MAX_IDS_PER_REMOVAL = 1000;
  private static final int MAX_PROBES = 50;
  private static final String CASE_REF = "[A-Za-z0-9_-]{1,64}";

  private final FaceIndex index;
  // Null: the space has no calibration.
  private final Ranker ranker;
  private final SearchSettings settings;
  private final Consumer<RaisedCandidate> raised;
  private final Clock clock;
  // Face pairs already raised, so a pair is reviewed once whichever side enrolled last.
  private final Set<String> raisedPairs = ConcurrentHashMap.newKeySet();

  public CandidateSearch(
      FaceIndex index,
      Ranker ranker,
      SearchSettings settings,
      Consumer<RaisedCandidate> raised,
      Clock clock) {
    if (ranker != null
        && !ranker.calibration().isFor(index.space().modelId(), index.space().modelVersion())) {
      throw new IllegalArgumentException("the calibration is for another model than the index");
    }
    this.index = index;
    this.ranker = ranker;
    this.settings = settings;
    this.raised = raised;
    this.clock = clock;
  }

  public VectorSpace space() {
    return index.space();
  }

  /** The calibration's version; empty when the space has none. */
  public String calibrationVersion() {
    return ranker == null ? "" : ranker.calibration().version();
  }

  /**
   * Stores faces in a space being built: no standing search, no candidate raised (candidates only
   * come from the space the gateway searches).
   */
  public void backfill(List<FaceRecord> faces, String modelId, String modelVersion) {
    requireSpace(modelId, modelVersion);
    for (FaceRecord f : faces) {
      requireDimension(f.dimension());
    }
    store(
        () -> {
          index.upsert(faces);
          return null;
        });
  }

  private Ranker ranker() {
    if (ranker == null) {
      throw new SearchException(
          Reason.NO_CALIBRATION,
          "the space " + index.space() + " has no calibration; it cannot be searched");
    }
    return ranker;
  }

  /**
   * Indexes faces, then runs each open face's standing search against the other side.
   *
   * @return every candidate at or above the standing band, each marked whether it was raised
   *     (emitted) for the first time by this call
   */
  public List<StandingMatch> upsert(List<FaceRecord> faces, String modelId, String modelVersion) {
    requireSpace(modelId, modelVersion);
    ranker();
    for (FaceRecord f : faces) {
      requireDimension(f.dimension());
    }
    store(
        () -> {
          index.upsert(faces);
          return null;
        });
    List<StandingMatch> matches = new ArrayList<>();
    // PENDING records (unverified consent) are stored but never searched with or against
    // (PRIVACY.md rule 3). The open faces of each side search the other side together.
    for (Side side : Side.values()) {
      List<FaceRecord> open =
          faces.stream()
              .filter(f -> f.attributes().status() == CaseStatus.OPEN)
              .filter(f -> f.attributes().side() == side)
              .toList();
      if (open.isEmpty()) {
        continue;
      }
      List<float[]> queries = open.stream().map(FaceRecord::copyVector).toList();
      SearchFilter filter = SearchFilter.open(side.other());
      List<List<IndexHit>> hits =
          store(() -> index.searchAll(queries, filter, settings.standingK()));
      for (int i = 0; i < open.size(); i++) {
        standingMatches(open.get(i), hits.get(i), matches);
      }
    }
    return matches;
  }

  private void standingMatches(FaceRecord face, List<IndexHit> hits, List<StandingMatch> matches) {
    FaceAttributes probe = face.attributes();
    ProbeFacts facts = facts(probe);
    for (RankedCandidate c : ranker().rank(hits, facts, settings.standingK())) {
      if (c.band().compareTo(settings.standingBand()) < 0) {
        continue;
      }
      long a = Math.min(probe.faceId(), c.attributes().faceId());
      long b = Math.max(probe.faceId(), c.attributes().faceId());
      RaisedCandidate candidate = new RaisedCandidate(probe, c, clock.millis());
      boolean first = raisedPairs.add(a + ":" + b);
      if (first) {
        raised.accept(candidate);
      }
      matches.add(new StandingMatch(candidate, first));
    }
  }

  public int removeFaces(Collection<Long> faceIds) {
    // Bounded: the ids become one filter expression in the store.
    if (faceIds.isEmpty()
        || faceIds.size() > MAX_IDS_PER_REMOVAL
        || faceIds.stream().anyMatch(id -> id == null || id <= 0)) {
      throw new SearchException(
          Reason.INVALID_REQUEST, "a removal names 1 to 1000 positive face ids");
    }
    return store(() -> index.removeFaces(faceIds));
  }

  public int removeCase(String caseRef) {
    if (caseRef == null || !caseRef.matches(CASE_REF)) {
      throw new SearchException(Reason.INVALID_REQUEST, "the case reference is malformed");
    }
    return store(() -> index.removeCase(caseRef));
  }

  /** One probe against the target side. */
  public List<RankedCandidate> search(
      float[] vector,
      String modelId,
      String modelVersion,
      ProbeFacts probe,
      int k,
      Set<CaseStatus> statuses) {
    requireSpace(modelId, modelVersion);
    ranker();
    int wanted = k(k);
    float[] query = vector(vector);
    SearchFilter filter = filter(probe.side().other(), statuses);
    List<IndexHit> hits = store(() -> index.search(query, filter, wanted * settings.overfetch()));
    return ranker().rank(hits, probe, wanted);
  }

  /** Every photo of a case against the target side, fused per candidate case. */
  public List<CaseCandidate> searchForCase(
      List<float[]> vectors,
      List<ProbeFacts> probes,
      String modelId,
      String modelVersion,
      int k,
      Set<CaseStatus> statuses) {
    if (vectors.size() != probes.size()) {
      throw new SearchException(Reason.INVALID_REQUEST, "a case search needs 1 to 50 probe photos");
    }
    List<ProbePhoto> photos = new ArrayList<>(vectors.size());
    for (int i = 0; i < vectors.size(); i++) {
      photos.add(ProbePhoto.ofVector(vectors.get(i), probes.get(i)));
    }
    return searchForCase(photos, "", modelId, modelVersion, k, statuses).candidates();
  }

  /**
   * Every photo of a case against the target side, fused per candidate case; a stored probe is
   * searched with the vector its face has in this space. A stored probe must be a face of {@code
   * caseRef} on the probes' side (the caller's own case: anything else is refused). When a stored
   * probe is not in the space, nothing is searched and the outcome names the missing faces.
   */
  public CaseSearchOutcome searchForCase(
      List<ProbePhoto> photos,
      String caseRef,
      String modelId,
      String modelVersion,
      int k,
      Set<CaseStatus> statuses) {
    requireSpace(modelId, modelVersion);
    ranker();
    if (photos.isEmpty() || photos.size() > MAX_PROBES) {
      throw new SearchException(Reason.INVALID_REQUEST, "a case search needs 1 to 50 probe photos");
    }
    Side side = photos.get(0).facts().side();
    if (photos.stream().anyMatch(p -> p.facts().side() != side)) {
      throw new SearchException(
          Reason.INVALID_REQUEST, "all probe photos of a case are on one side");
    }
    int wanted = k(k);
    SearchFilter filter = filter(side.other(), statuses);
    Map<Long, FaceRecord> stored = storedProbes(photos, caseRef, side);
    List<Long> missing =
        photos.stream()
            .filter(ProbePhoto::isStored)
            .map(ProbePhoto::storedFaceId)
            .filter(id -> !stored.containsKey(id))
            .distinct()
            .toList();
    if (!missing.isEmpty()) {
      return new CaseSearchOutcome(List.of(), missing);
    }
    List<float[]> queries = new ArrayList<>(photos.size());
    List<ProbeFacts> probes = new ArrayList<>(photos.size());
    for (ProbePhoto p : photos) {
      if (p.isStored()) {
        FaceRecord face = stored.get(p.storedFaceId());
        queries.add(face.copyVector());
        probes.add(withStoredAge(p.facts(), face.attributes()));
      } else {
        queries.add(vector(p.vector()));
        probes.add(p.facts());
      }
    }
    List<List<IndexHit>> hits =
        store(() -> index.searchAll(queries, filter, wanted * settings.overfetch()));
    return new CaseSearchOutcome(ranker().rankCases(hits, probes, wanted), List.of());
  }

  /** The stored probes' faces, each checked to be the searched case's on the probes' side. */
  private Map<Long, FaceRecord> storedProbes(List<ProbePhoto> photos, String caseRef, Side side) {
    List<Long> ids =
        photos.stream().filter(ProbePhoto::isStored).map(ProbePhoto::storedFaceId).toList();
    if (ids.isEmpty()) {
      return Map.of();
    }
    if (caseRef == null || !caseRef.matches(CASE_REF)) {
      throw new SearchException(
          Reason.INVALID_REQUEST, "a search with stored probes names its case reference");
    }
    if (ids.stream().anyMatch(id -> id <= 0)) {
      throw new SearchException(Reason.INVALID_REQUEST, "stored probes have positive face ids");
    }
    Map<Long, FaceRecord> stored = store(() -> index.stored(ids));
    for (FaceRecord face : stored.values()) {
      FaceAttributes a = face.attributes();
      if (!a.caseRef().equals(caseRef) || a.side() != side) {
        throw new SearchException(
            Reason.INVALID_REQUEST, "a stored probe is not a face of the searched case");
      }
    }
    return stored;
  }

  /** The caller's facts, with the age stored with the face where the caller knows none. */
  private static ProbeFacts withStoredAge(ProbeFacts facts, FaceAttributes stored) {
    if (facts.ageAtPhoto() >= 0 || stored.ageAtPhoto() < 0) {
      return facts;
    }
    return new ProbeFacts(
        facts.side(),
        facts.sex(),
        facts.birthYearFrom(),
        facts.birthYearTo(),
        stored.ageAtPhoto(),
        facts.photoYear());
  }

  /**
   * Rewrites storage so removed faces are gone from disk (see {@link FaceIndex#expungeRemoved}).
   */
  public Expunge expungeRemoved() {
    return store(index::expungeRemoved);
  }

  public long count(Side side) {
    return store(() -> index.count(side));
  }

  private static ProbeFacts facts(FaceAttributes a) {
    return new ProbeFacts(
        a.side(), a.sex(), a.birthYearFrom(), a.birthYearTo(), a.ageAtPhoto(), a.photoYear());
  }

  private void requireSpace(String modelId, String modelVersion) {
    if (!index.space().sameModel(modelId, modelVersion)) {
      throw new SearchException(
          Reason.MODEL_MISMATCH,
          "vectors of model "
              + modelId
              + "@"
              + modelVersion
              + " cannot be compared with this index's "
              + index.space().modelId()
              + "@"
              + index.space().modelVersion());
    }
  }

  private void requireDimension(int dimension) {
    if (dimension != index.space().dimension()) {
      throw new SearchException(
          Reason.WRONG_DIMENSION,
          "vectors must have " + index.space().dimension() + " values, not " + dimension);
    }
  }

  private float[] vector(float[] v) {
    try {
      Vectors.checkedUnit(v);
    } catch (InvalidVectorException e) {
      throw new SearchException(Reason.INVALID_VECTOR, e.getMessage());
    }
    requireDimension(v.length);
    return v;
  }

  private int k(int k) {
    if (k == 0) {
      return settings.defaultK();
    }
    if (k < 1 || k > settings.maxK()) {
      throw new SearchException(
          Reason.K_OUT_OF_RANGE, "k must be between 1 and " + settings.maxK());
    }
    return k;
  }

  private static SearchFilter filter(Side side, Set<CaseStatus> statuses) {
    Set<CaseStatus> s =
        statuses == null || statuses.isEmpty() ? EnumSet.of(CaseStatus.OPEN) : statuses;
    if (s.contains(CaseStatus.PENDING)) {
      throw new SearchException(Reason.INVALID_REQUEST, "pending cases are never searched");
    }
    return new SearchFilter(side, s);
  }

  private static <T> T store(Supplier<T> call) {
    try {
      return call.get();
    } catch (IndexUnavailableException e) {
      throw new SearchException(
          Reason.STORE_UNAVAILABLE, "the vector store is unavailable; retry later");
    }
  }
}
