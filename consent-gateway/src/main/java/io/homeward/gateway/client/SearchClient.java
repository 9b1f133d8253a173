package io.homeward.gateway.client;

import io.homeward.gateway.config.ClientConfig;
import io.homeward.gateway.domain.Side;
import io.homeward.gateway.domain.SpaceRef;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.proto.search.v1.DropSpaceRequest;
import io.homeward.proto.search.v1.GetStatsRequest;
import io.homeward.proto.search.v1.GetStatsResponse;
import io.homeward.proto.search.v1.SearchForCaseRequest;
import io.homeward.proto.search.v1.SearchForCaseResponse;
import io.homeward.proto.search.v1.SearchServiceGrpc;
import io.homeward.proto.search.v1.UpsertFacesRequest;
import io.homeward.proto.search.v1.UpsertFacesResponse;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The search service, seen from the gateway. Proto types stay in this package and the mapper. Owns
 * its faults: a deadline per attempt, retries, a circuit breaker, and the translation of the
 * service's reasons into the gateway's problems.
 *
 * <p>Every RPC here is idempotent, so each is retried on a transient failure (unreachable, or no
 * answer within the deadline): a search is a read; an upsert is keyed by face id and answers with
 * every standing candidate whether raised before or not (the review queue ignores repeats); a
 * removal by face ids or by case leaves the same index however often it runs (a repeat only counts
 * fewer removed faces, a number nothing acts on). These calls are cheap next to an embedding, so a
 * deadline that passed is worth one more attempt.
 */
@ApplicationScoped
public class SearchClient {
  private final SearchServiceGrpc.SearchServiceBlockingStub stub;
  private final ClientConfig config;
  private final Resilience resilience;

  public SearchClient(
      @GrpcClient("search") SearchServiceGrpc.SearchServiceBlockingStub stub, ClientConfig config) {
    this.stub = stub;
    this.config = config;
    // Only an unreachable service is retried: a call that ran out of its deadline already spent the
    // caller's wait, and repeating it against a hung service would triple that wait (issue 17:
    // a slow dependency is answered with a 503 within one deadline). The outbox retries its own.
    this.resilience = new Resilience(Downstream.SEARCH, config, GrpcFailures::isUnavailable);
  }

  private SearchServiceGrpc.SearchServiceBlockingStub call() {
    return stub.withDeadlineAfter(config.searchDeadline().toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Indexes one face (idempotent by face id) and returns every candidate its standing search found
   * at or above the standing band, whether raised before or not.
   */
  public List<StandingCandidate> upsert(FaceToIndex face) {
    return upsert(List.of(face));
  }

  /**
   * Indexes faces in one write (one commit in the store, one wait for it to become visible) and
   * returns every candidate their standing searches found at or above the standing band, each
   * naming the face whose search found it ({@link StandingCandidate#probeFaceId()}).
   */
  public List<StandingCandidate> upsert(List<FaceToIndex> faces) {
    if (faces.isEmpty()) {
      return List.of();
    }
    UpsertFacesRequest request = SearchMapper.upsert(faces);
    UpsertFacesResponse response = resilience.idempotent(() -> call().upsertFaces(request));
    return response.getStandingCandidatesList().stream().map(SearchMapper::standing).toList();
  }

  /** Stores a face in a space being built: no standing search, no candidate. */
  public void backfill(FaceToIndex face) {
    backfill(List.of(face));
  }

  /**
   * Stores faces in a space being built in one write (one commit in the store, not one per face):
   * no standing search, no candidate.
   */
  public void backfill(List<FaceToIndex> faces) {
    if (faces.isEmpty()) {
      return;
    }
    UpsertFacesRequest request = SearchMapper.backfill(faces);
    resilience.idempotent(() -> call().upsertFaces(request));
  }

  public int removeFaces(Collection<Long> faceIds, SpaceRef space) {
    var request = SearchMapper.removeFaces(faceIds, space);
    return resilience.idempotent(() -> call().removeFaces(request)).getRemoved();
  }

  public int removeCase(String caseRef, SpaceRef space) {
    var request = SearchMapper.removeCase(caseRef, space);
    return resilience.idempotent(() -> call().removeFaces(request)).getRemoved();
  }

  /** What the search service holds in a space: its faces and its calibration. */
  public record SpaceStats(long faces, String calibrationVersion) {
    public boolean calibrated() {
      return !calibrationVersion.isEmpty();
    }
  }

  /** The faces and the calibration of a space (opened, empty, if the service had none). */
  public SpaceStats stats(SpaceRef space) {
    var request = GetStatsRequest.newBuilder().addModels(SearchMapper.model(space)).build();
    GetStatsResponse response = resilience.idempotent(() -> call().getStats(request));
    for (var s : response.getSpacesList()) {
      if (space.holds(s.getModel().getId(), s.getModel().getVersion())) {
        return new SpaceStats(s.getMissing() + s.getFound(), s.getCalibrationVersion());
      }
    }
    throw new GatewayException(ProblemType.INTERNAL, "the search service did not report a space");
  }

  /** Deletes a space's index (a retired space after its grace period); idempotent. */
  public boolean dropSpace(SpaceRef space) {
    var request = DropSpaceRequest.newBuilder().setModel(SearchMapper.model(space)).build();
    return resilience.idempotent(() -> call().dropSpace(request)).getDropped();
  }

  public int removeFaces(Collection<Long> faceIds) {
    var request = SearchMapper.removeFaces(faceIds);
    return resilience.idempotent(() -> call().removeFaces(request)).getRemoved();
  }

  public int removeCase(String caseRef) {
    var request = SearchMapper.removeCase(caseRef);
    return resilience.idempotent(() -> call().removeFaces(request)).getRemoved();
  }

  /**
   * Searches the other side with all of a case's probe faces, fused per candidate case.
   *
   * @param probes the probe faces (one vector space), each with its metadata
   * @param targetSide the side searched
   * @param k at most this many candidate cases
   * @return the candidate cases, best first, and the calibration version that banded them
   */
  public CaseSearchResult searchForCase(List<FaceToIndex> probes, Side targetSide, int k) {
    SearchForCaseRequest request = SearchMapper.searchForCase(probes, targetSide, k);
    SearchForCaseResponse response = resilience.idempotent(() -> call().searchForCase(request));
    return new CaseSearchResult(
        response.getCandidatesList().stream().map(SearchMapper::caseMatch).toList(),
        response.getCalibrationVersion());
  }

  /**
   * Searches the other side with a case's probes in one space: the faces the index holds are named
   * by id and searched with their stored vectors, the others sent embedded.
   *
   * @param probes the probes; the stored ones must be faces of {@code caseRef}
   * @return the candidate cases, or, when some stored probes are not in the space (not indexed
   *     yet), none and those probes' face ids: send them embedded instead
   */
  public CaseSearchResult searchForCase(
      List<SearchProbe> probes, String caseRef, SpaceRef space, Side targetSide, int k) {
    SearchForCaseRequest request =
        SearchMapper.searchForCase(probes, caseRef, space, targetSide, k);
    SearchForCaseResponse response = resilience.idempotent(() -> call().searchForCase(request));
    return new CaseSearchResult(
        response.getCandidatesList().stream().map(SearchMapper::caseMatch).toList(),
        response.getCalibrationVersion(),
        List.copyOf(response.getMissingFaceIdsList()));
  }

  /**
   * Candidate cases and the calibration that banded them; or the stored probes the index does not
   * hold (then nothing was searched).
   */
  public record CaseSearchResult(
      List<CaseMatch> candidates, String calibrationVersion, List<Long> missingFaceIds) {
    public CaseSearchResult(List<CaseMatch> candidates, String calibrationVersion) {
      this(candidates, calibrationVersion, List.of());
    }
  }

  /**
   * Whether the search service answers a statistics call (which reads its index, Milvus included)
   * within {@code deadline}, past retries and the breaker (for readiness).
   */
  public boolean answers(java.time.Duration deadline) {
    try {
      stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
          .getStats(GetStatsRequest.getDefaultInstance());
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
