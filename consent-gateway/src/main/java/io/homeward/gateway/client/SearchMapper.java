package io.homeward.gateway.client;

import static io.homeward.proto.search.v1.Band.BAND_POSSIBLE_VALUE;
import static io.homeward.proto.search.v1.Band.BAND_PROBABLE_VALUE;
import static io.homeward.proto.search.v1.Band.BAND_STRONG_VALUE;
import static io.homeward.proto.search.v1.Side.SIDE_FOUND;
import static io.homeward.proto.search.v1.Side.SIDE_MISSING;

import io.homeward.gateway.domain.Band;
import io.homeward.gateway.domain.Side;
import io.homeward.gateway.domain.SpaceRef;
import io.homeward.gateway.error.ProblemType;
import io.homeward.proto.search.v1.CandidateEvent;
import io.homeward.proto.search.v1.CaseCandidate;
import io.homeward.proto.search.v1.CaseProbe;
import io.homeward.proto.search.v1.CaseStatus;
import io.homeward.proto.search.v1.ErrorReason;
import io.homeward.proto.search.v1.FaceIds;
import io.homeward.proto.search.v1.FaceRecord;
import io.homeward.proto.search.v1.ModelRef;
import io.homeward.proto.search.v1.ProbeContext;
import io.homeward.proto.search.v1.RankReason;
import io.homeward.proto.search.v1.RemoveFacesRequest;
import io.homeward.proto.search.v1.SearchForCaseRequest;
import io.homeward.proto.search.v1.Sex;
import io.homeward.proto.search.v1.UpsertFacesRequest;
import io.homeward.proto.search.v1.YearRange;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Gateway records to and from the search service's proto messages, and its reasons. */
final class SearchMapper {
  // The search service names a reason in ErrorInfo as its enum value without this prefix.
  private static final String REASON_PREFIX = "ERROR_REASON_";

  private SearchMapper() {}

  static FaceRecord faceRecord(FaceToIndex f) {
    FaceRecord.Builder b =
        FaceRecord.newBuilder()
            .setFaceId(f.faceId())
            .setCaseRef(f.caseRef())
            .setSide(f.side() == Side.MISSING ? SIDE_MISSING : SIDE_FOUND)
            .setSex(sex(f))
            .setCaseStatus(CaseStatus.CASE_STATUS_OPEN)
            .setModel(
                ModelRef.newBuilder()
                    .setId(f.face().modelId())
                    .setVersion(f.face().modelVersion()));
    if (f.birthYearFrom() != null && f.birthYearTo() != null) {
      b.setBirthYear(YearRange.newBuilder().setFrom(f.birthYearFrom()).setTo(f.birthYearTo()));
    }
    if (f.ageAtPhoto() != null) {
      b.setAgeAtPhoto(f.ageAtPhoto());
    }
    if (f.photoYear() != null) {
      b.setPhotoYear(f.photoYear());
    }
    if (f.regionCode() != null) {
      b.setRegionCode(f.regionCode());
    }
    return b.addAllVector(Vectors.asList(f.face().vector())).build();
  }

  static UpsertFacesRequest upsert(List<FaceToIndex> faces) {
    UpsertFacesRequest.Builder b = UpsertFacesRequest.newBuilder();
    faces.forEach(f -> b.addFaces(faceRecord(f)));
    return b.build();
  }

  /** A face copied into a space being built: stored, no standing search. */
  static UpsertFacesRequest backfill(FaceToIndex face) {
    return backfill(List.of(face));
  }

  /** Faces copied into a space being built, in one write. */
  static UpsertFacesRequest backfill(List<FaceToIndex> faces) {
    UpsertFacesRequest.Builder b = UpsertFacesRequest.newBuilder().setBackfill(true);
    faces.forEach(f -> b.addFaces(faceRecord(f)));
    return b.build();
  }

  static ModelRef model(SpaceRef space) {
    return ModelRef.newBuilder()
        .setId(space.modelId())
        .setVersion(space.modelVersion())
        .setDimension(space.dimension())
        .build();
  }

  static RemoveFacesRequest removeFaces(Collection<Long> faceIds) {
    return RemoveFacesRequest.newBuilder()
        .setFaceIds(FaceIds.newBuilder().addAllIds(faceIds))
        .build();
  }

  static RemoveFacesRequest removeFaces(Collection<Long> faceIds, SpaceRef space) {
    return removeFaces(faceIds).toBuilder().setModel(model(space)).build();
  }

  static RemoveFacesRequest removeCase(String caseRef) {
    return RemoveFacesRequest.newBuilder().setCaseRef(caseRef).build();
  }

  static RemoveFacesRequest removeCase(String caseRef, SpaceRef space) {
    return removeCase(caseRef).toBuilder().setModel(model(space)).build();
  }

  /** A search of the other side with all of a case's probe faces (one vector space). */
  static SearchForCaseRequest searchForCase(List<FaceToIndex> probes, Side targetSide, int k) {
    EmbeddedFace first = probes.get(0).face();
    SearchForCaseRequest.Builder request =
        SearchForCaseRequest.newBuilder()
            .setTargetSide(targetSide == Side.MISSING ? SIDE_MISSING : SIDE_FOUND)
            .setK(k)
            .addStatuses(CaseStatus.CASE_STATUS_OPEN)
            .setModel(
                ModelRef.newBuilder().setId(first.modelId()).setVersion(first.modelVersion()));
    for (FaceToIndex p : probes) {
      request.addProbes(
          CaseProbe.newBuilder()
              .setProbe(probe(p))
              .addAllVector(Vectors.asList(p.face().vector())));
    }
    return request.build();
  }

  /**
   * A case search in {@code space} with embedded and stored probes; the stored ones must be faces
   * of {@code caseRef}.
   */
  static SearchForCaseRequest searchForCase(
      List<SearchProbe> probes, String caseRef, SpaceRef space, Side targetSide, int k) {
    SearchForCaseRequest.Builder request =
        SearchForCaseRequest.newBuilder()
            .setTargetSide(targetSide == Side.MISSING ? SIDE_MISSING : SIDE_FOUND)
            .setK(k)
            .addStatuses(CaseStatus.CASE_STATUS_OPEN)
            .setCaseRef(caseRef)
            .setModel(model(space));
    for (SearchProbe p : probes) {
      CaseProbe.Builder probe = CaseProbe.newBuilder().setProbe(probe(p.face()));
      if (p.isStored()) {
        probe.setFaceId(p.faceId());
      } else {
        if (!space.holds(p.face().face().modelId(), p.face().face().modelVersion())) {
          throw new IllegalArgumentException("a probe embedded into another space");
        }
        probe.addAllVector(Vectors.asList(p.face().face().vector()));
      }
      request.addProbes(probe);
    }
    return request.build();
  }

  static ProbeContext probe(FaceToIndex f) {
    ProbeContext.Builder b = ProbeContext.newBuilder().setSex(sex(f));
    if (f.birthYearFrom() != null && f.birthYearTo() != null) {
      b.setBirthYear(YearRange.newBuilder().setFrom(f.birthYearFrom()).setTo(f.birthYearTo()));
    }
    if (f.ageAtPhoto() != null) {
      b.setAgeAtPhoto(f.ageAtPhoto());
    }
    if (f.photoYear() != null) {
      b.setPhotoYear(f.photoYear());
    }
    if (f.regionCode() != null) {
      b.setRegionCode(f.regionCode());
    }
    return b.build();
  }

  // The proto's Side, Sex and Band share the domain enums' simple names: the mappings below name
  // only one of each pair (a static import, a record's component, a wire number).

  /** The search service knows female and male; an unknown or other sex is no evidence. */
  static Sex sex(FaceToIndex f) {
    if (f.sex() == null) {
      return Sex.SEX_UNSPECIFIED;
    }
    return switch (f.sex()) {
      case F -> Sex.SEX_FEMALE;
      case M -> Sex.SEX_MALE;
      case X -> Sex.SEX_UNSPECIFIED;
    };
  }

  /** A band from its wire number (an unknown one reads as the weakest). */
  static Band band(int wireBand) {
    return switch (wireBand) {
      case BAND_STRONG_VALUE -> Band.STRONG;
      case BAND_PROBABLE_VALUE -> Band.PROBABLE;
      case BAND_POSSIBLE_VALUE -> Band.POSSIBLE;
      default -> Band.WEAK;
    };
  }

  static StandingCandidate standing(CandidateEvent e) {
    return new StandingCandidate(
        e.getProbeFaceId(),
        e.getProbeCaseRef(),
        e.getCandidate().getFaceId(),
        e.getCandidate().getCaseRef(),
        band(e.getCandidate().getBandValue()),
        e.getCandidate().getRawScore());
  }

  static CaseMatch caseMatch(CaseCandidate c) {
    List<Long> faces = new ArrayList<>();
    List<Integer> probes = new ArrayList<>();
    c.getMatchesList()
        .forEach(
            m -> {
              faces.add(m.getFaceId());
              probes.add(m.getProbeIndex());
            });
    List<String> reasons = new ArrayList<>();
    for (RankReason r : c.getReasonsList()) {
      reasons.add(r.getKind().name());
    }
    return new CaseMatch(
        c.getCaseRef(),
        c.getRank(),
        c.getBestScore(),
        c.getCalibratedScore(),
        band(c.getBandValue()),
        faces,
        probes,
        reasons);
  }

  /** The generated enum value of an ErrorInfo reason; UNRECOGNIZED when it names none. */
  static ErrorReason reason(String errorInfoReason) {
    try {
      return ErrorReason.valueOf(REASON_PREFIX + errorInfoReason);
    } catch (IllegalArgumentException e) {
      return ErrorReason.UNRECOGNIZED;
    }
  }

  /**
   * The gateway's problem for each of the search service's reasons. The gateway builds every
   * request itself, so a refused request is the gateway's internal error, never the caller's.
   * Exhaustive, so a new reason in the proto fails the build here.
   */
  static Optional<ProblemType> problem(ErrorReason reason) {
    return Optional.ofNullable(
        switch (reason) {
          case ERROR_REASON_STORE_UNAVAILABLE -> ProblemType.DEPENDENCY_UNAVAILABLE;
          case ERROR_REASON_INVALID_VECTOR,
              ERROR_REASON_WRONG_DIMENSION,
              ERROR_REASON_UNKNOWN_SIDE,
              ERROR_REASON_MODEL_MISMATCH,
              ERROR_REASON_K_OUT_OF_RANGE,
              ERROR_REASON_INVALID_REQUEST,
              ERROR_REASON_NO_CALIBRATION,
              ERROR_REASON_INTERNAL ->
              ProblemType.INTERNAL;
          case ERROR_REASON_UNSPECIFIED, UNRECOGNIZED -> null;
        });
  }
}
