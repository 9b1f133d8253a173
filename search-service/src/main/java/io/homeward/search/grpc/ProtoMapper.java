package io.homeward.search.grpc;

import io.homeward.proto.search.v1.Candidate;
import io.homeward.proto.search.v1.CandidateEvent;
import io.homeward.proto.search.v1.ProbeContext;
import io.homeward.proto.search.v1.RankReason;
import io.homeward.search.domain.CaseStatus;
import io.homeward.search.domain.FaceAttributes;
import io.homeward.search.domain.FaceRecord;
import io.homeward.search.domain.Sex;
import io.homeward.search.domain.Side;
import io.homeward.search.error.Reason;
import io.homeward.search.error.SearchException;
import io.homeward.search.ranking.Band;
import io.homeward.search.ranking.CaseCandidate;
import io.homeward.search.ranking.Evidence;
import io.homeward.search.ranking.ProbeFacts;
import io.homeward.search.ranking.RankedCandidate;
import io.homeward.search.search.RaisedCandidate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntToDoubleFunction;

/** v1 proto messages to domain records and back. Proto types stay in this package. */
final class ProtoMapper {
  private ProtoMapper() {}

  static Side side(io.homeward.proto.search.v1.Side side) {
    return switch (side) {
      case SIDE_MISSING -> Side.MISSING;
      case SIDE_FOUND -> Side.FOUND;
      default ->
          throw new SearchException(Reason.UNKNOWN_SIDE, "the side must be MISSING or FOUND");
    };
  }

  static Sex sex(io.homeward.proto.search.v1.Sex sex) {
    return switch (sex) {
      case SEX_FEMALE -> Sex.FEMALE;
      case SEX_MALE -> Sex.MALE;
      case SEX_UNSPECIFIED -> Sex.UNKNOWN;
      case UNRECOGNIZED -> throw new SearchException(Reason.INVALID_REQUEST, "unknown sex value");
    };
  }

  static CaseStatus status(io.homeward.proto.search.v1.CaseStatus status) {
    return switch (status) {
      case CASE_STATUS_PENDING -> CaseStatus.PENDING;
      case CASE_STATUS_OPEN -> CaseStatus.OPEN;
      case CASE_STATUS_FOUND -> CaseStatus.FOUND;
      case CASE_STATUS_REUNIFIED -> CaseStatus.REUNIFIED;
      case CASE_STATUS_CLOSED -> CaseStatus.CLOSED;
      default -> throw new SearchException(Reason.INVALID_REQUEST, "a case status is required");
    };
  }

  static Set<CaseStatus> statuses(List<io.homeward.proto.search.v1.CaseStatus> statuses) {
    Set<CaseStatus> out = EnumSet.noneOf(CaseStatus.class);
    statuses.forEach(s -> out.add(status(s)));
    return out;
  }

  static FaceRecord face(io.homeward.proto.search.v1.FaceRecord f) {
    FaceAttributes attributes =
        new FaceAttributes(
            f.getFaceId(),
            f.getCaseRef(),
            side(f.getSide()),
            sex(f.getSex()),
            f.getBirthYear().getFrom(),
            f.getBirthYear().getTo(),
            f.getAgeAtPhoto(),
            f.getPhotoYear(),
            f.getRegionCode(),
            status(f.getCaseStatus()));
    return new FaceRecord(attributes, floats(f.getVectorCount(), f::getVector));
  }

  static ProbeFacts probe(Side ownSide, ProbeContext p) {
    return new ProbeFacts(
        ownSide,
        sex(p.getSex()),
        p.getBirthYear().getFrom(),
        p.getBirthYear().getTo(),
        p.getAgeAtPhoto(),
        p.getPhotoYear());
  }

  /** Copies a repeated float field without boxing each value (this runs on every search). */
  static float[] floats(int count, IntToDoubleFunction value) {
    float[] v = new float[count];
    for (int i = 0; i < count; i++) {
      v[i] = (float) value.applyAsDouble(i);
    }
    return v;
  }

  static Candidate candidate(RankedCandidate c, int rank) {
    Candidate.Builder b =
        Candidate.newBuilder()
            .setFaceId(c.attributes().faceId())
            .setCaseRef(c.attributes().caseRef())
            .setRank(rank)
            .setRawScore(c.rawScore())
            .setCalibratedScore(c.calibratedScore())
            .setBand(band(c.band()))
            .setAgeGapYears(c.ageGapYears());
    c.evidence().forEach(e -> b.addReasons(reason(e)));
    return b.build();
  }

  static io.homeward.proto.search.v1.CaseCandidate caseCandidate(CaseCandidate c, int rank) {
    io.homeward.proto.search.v1.CaseCandidate.Builder b =
        io.homeward.proto.search.v1.CaseCandidate.newBuilder()
            .setCaseRef(c.caseRef())
            .setRank(rank)
            .setBestScore(c.bestScore())
            .setMeanTopScore(c.meanTopScore())
            .setCalibratedScore(c.calibratedScore())
            .setBand(band(c.band()));
    for (int i = 0; i < c.matches().size(); i++) {
      b.addMatches(
          candidate(c.matches().get(i), i + 1).toBuilder().setProbeIndex(c.matchProbes().get(i)));
    }
    c.evidence().forEach(e -> b.addReasons(reason(e)));
    return b.build();
  }

  static CandidateEvent event(RaisedCandidate raised) {
    return CandidateEvent.newBuilder()
        .setProbeFaceId(raised.probe().faceId())
        .setProbeCaseRef(raised.probe().caseRef())
        .setCandidate(candidate(raised.candidate(), 1))
        .setRaisedAtMillis(raised.raisedAtMillis())
        .build();
  }

  static io.homeward.proto.search.v1.Band band(Band band) {
    return io.homeward.proto.search.v1.Band.valueOf("BAND_" + band.name());
  }

  static RankReason reason(Evidence e) {
    return RankReason.newBuilder()
        .setKind(RankReason.Kind.valueOf(e.kind().name()))
        .setWeight(e.weight())
        .build();
  }
}
