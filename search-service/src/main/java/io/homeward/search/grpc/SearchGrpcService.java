package io.homeward.search.grpc;

import io.homeward.proto.search.v1.CandidateEvent;
import io.homeward.proto.search.v1.CaseProbe;
import io.homeward.proto.search.v1.DropSpaceRequest;
import io.homeward.proto.search.v1.DropSpaceResponse;
import io.homeward.proto.search.v1.GetStatsRequest;
import io.homeward.proto.search.v1.GetStatsResponse;
import io.homeward.proto.search.v1.ModelRef;
import io.homeward.proto.search.v1.RemoveFacesRequest;
import io.homeward.proto.search.v1.RemoveFacesResponse;
import io.homeward.proto.search.v1.SearchForCaseRequest;
import io.homeward.proto.search.v1.SearchForCaseResponse;
import io.homeward.proto.search.v1.SearchRequest;
import io.homeward.proto.search.v1.SearchResponse;
import io.homeward.proto.search.v1.SearchService;
import io.homeward.proto.search.v1.SpaceStats;
import io.homeward.proto.search.v1.UpsertFacesRequest;
import io.homeward.proto.search.v1.UpsertFacesResponse;
import io.homeward.proto.search.v1.WatchCandidatesRequest;
import io.homeward.search.config.CandidateEvents;
import io.homeward.search.domain.FaceRecord;
import io.homeward.search.domain.Side;
import io.homeward.search.error.Reason;
import io.homeward.search.error.SearchException;
import io.homeward.search.index.FaceIndexFactory;
import io.homeward.search.ranking.CaseCandidate;
import io.homeward.search.ranking.ProbeFacts;
import io.homeward.search.ranking.RankedCandidate;
import io.homeward.search.search.CandidateSearch;
import io.homeward.search.search.CaseSearchOutcome;
import io.homeward.search.search.ProbePhoto;
import io.homeward.search.search.Spaces;
import io.homeward.search.search.StandingMatch;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The search service's gRPC face. Index calls block (Lucene on disk, Milvus over the network), so
 * every unary method runs on a worker thread, never on the event loop.
 */
@GrpcService
public class SearchGrpcService implements SearchService {
  private static final int MAX_FACES_PER_UPSERT = 1000;

  private final Spaces spaces;
  private final CandidateEvents events;
  private final FaceIndexFactory factory;

  public SearchGrpcService(Spaces spaces, CandidateEvents events, FaceIndexFactory factory) {
    this.spaces = spaces;
    this.events = events;
    this.factory = factory;
  }

  /** The space a request's vectors belong to. */
  private CandidateSearch space(ModelRef model, int dimension) {
    return spaces.space(model.getId(), model.getVersion(), dimension);
  }

  /** The space a request without vectors names (its dimension), or the configured one. */
  private CandidateSearch named(boolean hasModel, ModelRef model) {
    if (!hasModel) {
      return spaces.configured();
    }
    return spaces.existing(model.getId(), model.getVersion(), model.getDimension());
  }

  @Override
  @Blocking
  public Uni<UpsertFacesResponse> upsertFaces(UpsertFacesRequest request) {
    return call(
        () -> {
          if (request.getFacesCount() == 0 || request.getFacesCount() > MAX_FACES_PER_UPSERT) {
            throw new SearchException(Reason.INVALID_REQUEST, "an upsert carries 1 to 1000 faces");
          }
          List<FaceRecord> faces = new ArrayList<>();
          String modelId = request.getFaces(0).getModel().getId();
          String modelVersion = request.getFaces(0).getModel().getVersion();
          for (var f : request.getFacesList()) {
            if (!f.getModel().getId().equals(modelId)
                || !f.getModel().getVersion().equals(modelVersion)) {
              throw new SearchException(
                  Reason.MODEL_MISMATCH, "one upsert carries vectors of one model");
            }
            faces.add(ProtoMapper.face(f));
          }
          CandidateSearch search =
              space(request.getFaces(0).getModel(), request.getFaces(0).getVectorCount());
          if (request.getBackfill()) {
            search.backfill(faces, modelId, modelVersion);
            return UpsertFacesResponse.newBuilder().setUpserted(faces.size()).build();
          }
          List<StandingMatch> matches = search.upsert(faces, modelId, modelVersion);
          UpsertFacesResponse.Builder response =
              UpsertFacesResponse.newBuilder().setUpserted(faces.size());
          for (StandingMatch m : matches) {
            response.addStandingCandidates(ProtoMapper.event(m.candidate()));
          }
          return response
              .setCandidatesRaised(
                  (int) matches.stream().filter(StandingMatch::firstRaised).count())
              .build();
        });
  }

  @Override
  @Blocking
  public Uni<RemoveFacesResponse> removeFaces(RemoveFacesRequest request) {
    return call(
        () -> {
          CandidateSearch search = named(request.hasModel(), request.getModel());
          int removed =
              switch (request.getTargetCase()) {
                case FACE_IDS -> search.removeFaces(request.getFaceIds().getIdsList());
                case CASE_REF -> search.removeCase(request.getCaseRef());
                case TARGET_NOT_SET ->
                    throw new SearchException(
                        Reason.INVALID_REQUEST, "name the face ids or the case to remove");
              };
          return RemoveFacesResponse.newBuilder().setRemoved(removed).build();
        });
  }

  @Override
  @Blocking
  public Uni<SearchResponse> search(SearchRequest request) {
    return call(
        () -> {
          Side target = ProtoMapper.side(request.getTargetSide());
          ProbeFacts probe = ProtoMapper.probe(target.other(), request.getProbe());
          CandidateSearch search =
              spaces.existing(
                  request.getModel().getId(),
                  request.getModel().getVersion(),
                  request.getVectorCount());
          List<RankedCandidate> found =
              search.search(
                  ProtoMapper.floats(request.getVectorCount(), request::getVector),
                  request.getModel().getId(),
                  request.getModel().getVersion(),
                  probe,
                  request.getK(),
                  ProtoMapper.statuses(request.getStatusesList()));
          SearchResponse.Builder b =
              SearchResponse.newBuilder().setCalibrationVersion(search.calibrationVersion());
          int rank = 1;
          for (RankedCandidate c : found) {
            b.addCandidates(ProtoMapper.candidate(c, rank++));
          }
          return b.build();
        });
  }

  @Override
  @Blocking
  public Uni<SearchForCaseResponse> searchForCase(SearchForCaseRequest request) {
    return call(
        () -> {
          Side target = ProtoMapper.side(request.getTargetSide());
          List<ProbePhoto> photos = new ArrayList<>();
          int dimension = request.getModel().getDimension();
          for (CaseProbe p : request.getProbesList()) {
            ProbeFacts facts = ProtoMapper.probe(target.other(), p.getProbe());
            if (p.getFaceId() != 0) {
              if (p.getVectorCount() > 0) {
                throw new SearchException(
                    Reason.INVALID_REQUEST, "a probe has a vector or a stored face id, not both");
              }
              photos.add(ProbePhoto.stored(p.getFaceId(), facts));
            } else {
              photos.add(
                  ProbePhoto.ofVector(ProtoMapper.floats(p.getVectorCount(), p::getVector), facts));
              dimension = p.getVectorCount();
            }
          }
          CandidateSearch search =
              spaces.existing(
                  request.getModel().getId(), request.getModel().getVersion(), dimension);
          CaseSearchOutcome outcome =
              search.searchForCase(
                  photos,
                  request.getCaseRef(),
                  request.getModel().getId(),
                  request.getModel().getVersion(),
                  request.getK(),
                  ProtoMapper.statuses(request.getStatusesList()));
          SearchForCaseResponse.Builder b =
              SearchForCaseResponse.newBuilder()
                  .setCalibrationVersion(search.calibrationVersion())
                  .addAllMissingFaceIds(outcome.missingFaceIds());
          int rank = 1;
          for (CaseCandidate c : outcome.candidates()) {
            b.addCandidates(ProtoMapper.caseCandidate(c, rank++));
          }
          return b.build();
        });
  }

  @Override
  public Multi<CandidateEvent> watchCandidates(WatchCandidatesRequest request) {
    return events.stream().map(ProtoMapper::event);
  }

  @Override
  @Blocking
  public Uni<GetStatsResponse> getStats(GetStatsRequest request) {
    return call(
        () -> {
          for (ModelRef m : request.getModelsList()) {
            spaces.space(m.getId(), m.getVersion(), m.getDimension());
          }
          GetStatsResponse.Builder b = GetStatsResponse.newBuilder().setIndexKind(factory.kind());
          for (CandidateSearch search : spaces.all()) {
            b.addSpaces(
                SpaceStats.newBuilder()
                    .setModel(
                        ModelRef.newBuilder()
                            .setId(search.space().modelId())
                            .setVersion(search.space().modelVersion())
                            .setDimension(search.space().dimension()))
                    .setMissing(search.count(Side.MISSING))
                    .setFound(search.count(Side.FOUND))
                    .setCalibrationVersion(search.calibrationVersion()));
          }
          return b.build();
        });
  }

  @Override
  @Blocking
  public Uni<DropSpaceResponse> dropSpace(DropSpaceRequest request) {
    return call(
        () ->
            DropSpaceResponse.newBuilder()
                .setDropped(
                    spaces.drop(
                        request.getModel().getId(),
                        request.getModel().getVersion(),
                        request.getModel().getDimension()))
                .build());
  }

  private static <T> Uni<T> call(Supplier<T> work) {
    try {
      return Uni.createFrom().item(work.get());
    } catch (RuntimeException e) {
      return Uni.createFrom().failure(GrpcErrors.toStatus(e));
    }
  }
}
