package io.homeward.gateway.client;

import io.grpc.StatusRuntimeException;
import io.homeward.gateway.config.ClientConfig;
import io.homeward.gateway.domain.Side;
import io.homeward.proto.search.v1.CaseProbe;
import io.homeward.proto.search.v1.FaceIds;
import io.homeward.proto.search.v1.ModelRef;
import io.homeward.proto.search.v1.RemoveFacesRequest;
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

/** The search service, seen from the gateway. Proto types stay in this package and the mapper. */
@ApplicationScoped
public class SearchClient {
  private final SearchServiceGrpc.SearchServiceBlockingStub stub;
  private final ClientConfig config;

  public SearchClient(
      @GrpcClient("search") SearchServiceGrpc.SearchServiceBlockingStub stub, ClientConfig config) {
    this.stub = stub;
    this.config = config;
  }

  private SearchServiceGrpc.SearchServiceBlockingStub call() {
    return stub.withDeadlineAfter(config.searchDeadline().toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Indexes one face (idempotent by face id) and returns every candidate its standing search found
   * at or above the standing band, whether raised before or not.
   */
  public List<StandingCandidate> upsert(FaceToIndex face) {
    UpsertFacesResponse response;
    try {
      response =
          call()
              .upsertFaces(
                  UpsertFacesRequest.newBuilder().addFaces(SearchMapper.faceRecord(face)).build());
    } catch (StatusRuntimeException e) {
      throw GrpcFailures.translate("search service", e);
    }
    return response.getStandingCandidatesList().stream().map(SearchMapper::standing).toList();
  }

  public int removeFaces(Collection<Long> faceIds) {
    try {
      return call()
          .removeFaces(
              RemoveFacesRequest.newBuilder()
                  .setFaceIds(FaceIds.newBuilder().addAllIds(faceIds))
                  .build())
          .getRemoved();
    } catch (StatusRuntimeException e) {
      throw GrpcFailures.translate("search service", e);
    }
  }

  public int removeCase(String caseRef) {
    try {
      return call()
          .removeFaces(RemoveFacesRequest.newBuilder().setCaseRef(caseRef).build())
          .getRemoved();
    } catch (StatusRuntimeException e) {
      throw GrpcFailures.translate("search service", e);
    }
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
    SearchForCaseRequest.Builder request =
        SearchForCaseRequest.newBuilder()
            .setTargetSide(SearchMapper.side(targetSide))
            .setK(k)
            .addStatuses(io.homeward.proto.search.v1.CaseStatus.CASE_STATUS_OPEN)
            .setModel(
                ModelRef.newBuilder()
                    .setId(probes.get(0).face().modelId())
                    .setVersion(probes.get(0).face().modelVersion()));
    for (FaceToIndex p : probes) {
      CaseProbe.Builder probe = CaseProbe.newBuilder().setProbe(SearchMapper.probe(p));
      for (float v : p.face().vector()) {
        probe.addVector(v);
      }
      request.addProbes(probe);
    }
    SearchForCaseResponse response;
    try {
      response = call().searchForCase(request.build());
    } catch (StatusRuntimeException e) {
      throw GrpcFailures.translate("search service", e);
    }
    return new CaseSearchResult(
        response.getCandidatesList().stream().map(SearchMapper::caseMatch).toList(),
        response.getCalibrationVersion());
  }

  /** Candidate cases and the calibration that banded them. */
  public record CaseSearchResult(List<CaseMatch> candidates, String calibrationVersion) {}
}
