package io.homeward.gateway.client;

import static io.homeward.proto.search.v1.Band.BAND_POSSIBLE_VALUE;
import static io.homeward.proto.search.v1.Band.BAND_PROBABLE_VALUE;
import static io.homeward.proto.search.v1.Band.BAND_STRONG_VALUE;
import static io.homeward.proto.search.v1.Band.BAND_UNSPECIFIED_VALUE;
import static io.homeward.proto.search.v1.Band.BAND_WEAK_VALUE;
import static io.homeward.proto.search.v1.Sex.SEX_FEMALE;
import static io.homeward.proto.search.v1.Sex.SEX_MALE;
import static io.homeward.proto.search.v1.Sex.SEX_UNSPECIFIED;
import static io.homeward.proto.search.v1.Side.SIDE_FOUND;
import static io.homeward.proto.search.v1.Side.SIDE_MISSING;
import static org.assertj.core.api.Assertions.assertThat;

import io.homeward.gateway.domain.Band;
import io.homeward.gateway.domain.Sex;
import io.homeward.gateway.domain.Side;
import io.homeward.proto.search.v1.Candidate;
import io.homeward.proto.search.v1.CandidateEvent;
import io.homeward.proto.search.v1.CaseCandidate;
import io.homeward.proto.search.v1.FaceRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gateway's enums on the wire: the search service sees the same values as before the enums. */
class SearchMapperTest {
  private static FaceToIndex face(Side side, Sex sex) {
    return new FaceToIndex(
        7L,
        "c-1",
        side,
        sex,
        2001,
        2002,
        4.5f,
        2006,
        "KE-01",
        new EmbeddedFace(new float[] {0.6f, 0.8f}, "model", "1", 0.9f));
  }

  @Test
  void femaleAndMaleAreSentAsSuchAndNeitherOrUnrecordedAsUnspecified() {
    assertThat(SearchMapper.faceRecord(face(Side.MISSING, Sex.F)).getSex()).isEqualTo(SEX_FEMALE);
    assertThat(SearchMapper.probe(face(Side.MISSING, Sex.M)).getSex()).isEqualTo(SEX_MALE);
    assertThat(SearchMapper.faceRecord(face(Side.FOUND, Sex.X)).getSex())
        .isEqualTo(SEX_UNSPECIFIED);
    assertThat(SearchMapper.probe(face(Side.FOUND, null)).getSex()).isEqualTo(SEX_UNSPECIFIED);
  }

  @Test
  void sidesAreSentAsSuch() {
    FaceRecord missing = SearchMapper.faceRecord(face(Side.MISSING, Sex.F));
    assertThat(missing.getSide()).isEqualTo(SIDE_MISSING);
    assertThat(SearchMapper.faceRecord(face(Side.FOUND, Sex.F)).getSide()).isEqualTo(SIDE_FOUND);
    assertThat(
            SearchMapper.searchForCase(List.of(face(Side.MISSING, Sex.F)), Side.FOUND, 10)
                .getTargetSide())
        .isEqualTo(SIDE_FOUND);
  }

  @Test
  void bandsAreReadAsSuchAndAnUnspecifiedOrUnknownOneAsWeak() {
    assertThat(band(BAND_STRONG_VALUE)).isEqualTo(Band.STRONG);
    assertThat(band(BAND_PROBABLE_VALUE)).isEqualTo(Band.PROBABLE);
    assertThat(band(BAND_POSSIBLE_VALUE)).isEqualTo(Band.POSSIBLE);
    assertThat(band(BAND_WEAK_VALUE)).isEqualTo(Band.WEAK);
    assertThat(band(BAND_UNSPECIFIED_VALUE)).isEqualTo(Band.WEAK);
    assertThat(SearchMapper.caseMatch(CaseCandidate.newBuilder().setBandValue(99).build()).band())
        .isEqualTo(Band.WEAK);
  }

  private static Band band(int wire) {
    Band fromCase =
        SearchMapper.caseMatch(CaseCandidate.newBuilder().setBandValue(wire).build()).band();
    Band fromEvent =
        SearchMapper.standing(
                CandidateEvent.newBuilder()
                    .setCandidate(Candidate.newBuilder().setBandValue(wire))
                    .build())
            .band();
    assertThat(fromEvent).isEqualTo(fromCase);
    return fromCase;
  }
}
