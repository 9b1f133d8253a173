package io.homeward.gateway.client;

import io.homeward.gateway.domain.Band;
import io.homeward.gateway.domain.Side;
import io.homeward.proto.search.v1.CandidateEvent;
import io.homeward.proto.search.v1.CaseCandidate;
import io.homeward.proto.search.v1.CaseStatus;
import io.homeward.proto.search.v1.FaceRecord;
import io.homeward.proto.search.v1.ModelRef;
import io.homeward.proto.search.v1.ProbeContext;
import io.homeward.proto.search.v1.RankReason;
import io.homeward.proto.search.v1.Sex;
import io.homeward.proto.search.v1.YearRange;
import java.util.ArrayList;
import java.util.List;

/** Gateway records to and from the search service's proto messages. */
final class SearchMapper {
  private SearchMapper() {}

  static FaceRecord faceRecord(FaceToIndex f) {
    FaceRecord.Builder b =
        FaceRecord.newBuilder()
            .setFaceId(f.faceId())
            .setCaseRef(f.caseRef())
            .setSide(side(f.side()))
            .setSex(sex(f.sex()))
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
    for (float v : f.face().vector()) {
      b.addVector(v);
    }
    return b.build();
  }

  static ProbeContext probe(FaceToIndex f) {
    ProbeContext.Builder b = ProbeContext.newBuilder().setSex(sex(f.sex()));
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

  static io.homeward.proto.search.v1.Side side(Side s) {
    return s == Side.MISSING
        ? io.homeward.proto.search.v1.Side.SIDE_MISSING
        : io.homeward.proto.search.v1.Side.SIDE_FOUND;
  }

  static Sex sex(String s) {
    if (s == null) {
      return Sex.SEX_UNSPECIFIED;
    }
    return switch (s) {
      case "F" -> Sex.SEX_FEMALE;
      case "M" -> Sex.SEX_MALE;
      default -> Sex.SEX_UNSPECIFIED;
    };
  }

  static Band band(io.homeward.proto.search.v1.Band b) {
    return switch (b) {
      case BAND_STRONG -> Band.STRONG;
      case BAND_PROBABLE -> Band.PROBABLE;
      case BAND_POSSIBLE -> Band.POSSIBLE;
      default -> Band.WEAK;
    };
  }

  static StandingCandidate standing(CandidateEvent e) {
    return new StandingCandidate(
        e.getProbeFaceId(),
        e.getProbeCaseRef(),
        e.getCandidate().getFaceId(),
        e.getCandidate().getCaseRef(),
        band(e.getCandidate().getBand()),
        e.getCandidate().getRawScore());
  }

  static CaseMatch caseMatch(CaseCandidate c) {
    List<Long> faces = new ArrayList<>();
    c.getMatchesList().forEach(m -> faces.add(m.getFaceId()));
    List<String> reasons = new ArrayList<>();
    for (RankReason r : c.getReasonsList()) {
      reasons.add(r.getKind().name());
    }
    return new CaseMatch(
        c.getCaseRef(),
        c.getRank(),
        c.getBestScore(),
        c.getCalibratedScore(),
        band(c.getBand()),
        faces,
        reasons);
  }
}
