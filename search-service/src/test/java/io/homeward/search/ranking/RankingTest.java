package io.homeward.search.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.homeward.search.domain.CaseStatus;
import io.homeward.search.domain.FaceAttributes;
import io.homeward.search.domain.Sex;
import io.homeward.search.domain.Side;
import io.homeward.search.index.IndexHit;
import java.util.List;
import org.junit.jupiter.api.Test;

class RankingTest {
  private static final Calibration CALIBRATION =
      Calibration.read(
          "classpath:homeward/search/calibration/mobilefacenet-faceplugin@faceplugin-1.0.3.json");

  @Test
  void theShippedCalibrationPassesItsFittedPoints() {
    // 0.5 at the LAG FAR 1e-2 threshold, 0.9 at FAR 1e-3: the bands follow.
    assertThat(Calibration.sigmoid(CALIBRATION.logOdds(0.2408f, -1)))
        .isCloseTo(0.5f, within(0.01f));
    assertThat(Calibration.sigmoid(CALIBRATION.logOdds(0.3322f, 10)))
        .isCloseTo(0.9f, within(0.01f));
    assertThat(CALIBRATION.band(Calibration.sigmoid(CALIBRATION.logOdds(0.05f, -1))))
        .isEqualTo(Band.WEAK);
    assertThat(CALIBRATION.band(Calibration.sigmoid(CALIBRATION.logOdds(0.20f, -1))))
        .isEqualTo(Band.POSSIBLE);
    assertThat(CALIBRATION.band(Calibration.sigmoid(CALIBRATION.logOdds(0.28f, -1))))
        .isEqualTo(Band.PROBABLE);
    assertThat(CALIBRATION.band(Calibration.sigmoid(CALIBRATION.logOdds(0.45f, -1))))
        .isEqualTo(Band.STRONG);
    assertThat(CALIBRATION.version()).isEqualTo("lag-far-v0");
    assertThat(CALIBRATION.isFor("mobilefacenet-faceplugin", "faceplugin-1.0.3")).isTrue();
  }

  @Test
  void gapBandsAreChosenByYearsAndUnknownGapsHaveTheirOwn() {
    assertThat(CALIBRATION.gapBand(2).name()).isEqualTo("same-age");
    assertThat(CALIBRATION.gapBand(10).name()).isEqualTo("childhood");
    assertThat(CALIBRATION.gapBand(30).name()).isEqualTo("large");
    assertThat(CALIBRATION.gapBand(-1).name()).isEqualTo("unknown");
  }

  @Test
  void metadataIsSoftEvidenceThatReordersButNeverRemoves() {
    ProbeFacts child = new ProbeFacts(Side.MISSING, Sex.FEMALE, 2008, 2008, 4, 2012);
    IndexHit plausible = hit(1, "case-a", Sex.FEMALE, 2007, 2009, 0.30f);
    IndexHit wrongSex = hit(2, "case-b", Sex.MALE, 2008, 2008, 0.32f);
    IndexHit wrongYears = hit(3, "case-c", Sex.FEMALE, 1990, 1992, 0.31f);

    List<RankedCandidate> ranked =
        new Ranker(CALIBRATION, true).rank(List.of(wrongSex, wrongYears, plausible), child, 10);

    assertThat(ranked)
        .extracting(c -> c.attributes().caseRef())
        .containsExactly("case-a", "case-b", "case-c");
    RankedCandidate top = ranked.get(0);
    assertThat(top.evidence())
        .extracting(Evidence::kind)
        .contains(
            EvidenceKind.FACE_SIMILARITY,
            EvidenceKind.BIRTH_YEARS_OVERLAP,
            EvidenceKind.SEX_AGREES);
    // Birth years 16 years apart (floored at -3) weigh more than a recorded sex that disagrees
    // (-2).
    assertThat(ranked.get(1).evidence())
        .extracting(Evidence::kind)
        .contains(EvidenceKind.SEX_DISAGREES);
    assertThat(ranked.get(2).evidence())
        .extracting(Evidence::kind)
        .contains(EvidenceKind.BIRTH_YEARS_DISAGREE);

    List<RankedCandidate> faceOnly =
        new Ranker(CALIBRATION, false).rank(List.of(wrongSex, wrongYears, plausible), child, 10);
    assertThat(faceOnly)
        .extracting(c -> c.attributes().caseRef())
        .containsExactly("case-b", "case-c", "case-a");
  }

  @Test
  void aFoundPhotoTakenLongBeforeTheMissingPhotoCountsAgainst() {
    ProbeFacts missingChild = new ProbeFacts(Side.MISSING, Sex.UNKNOWN, 0, 0, 5, 2015);
    FaceAttributes earlier =
        new FaceAttributes(
            9, "case-x", Side.FOUND, Sex.UNKNOWN, 0, 0, -1, 2005, "", CaseStatus.OPEN);
    assertThat(MetadataEvidence.between(missingChild, earlier))
        .extracting(Evidence::kind)
        .containsExactly(EvidenceKind.FOUND_BEFORE_DISAPPEARED);
    FaceAttributes later =
        new FaceAttributes(
            9, "case-x", Side.FOUND, Sex.UNKNOWN, 0, 0, -1, 2024, "", CaseStatus.OPEN);
    assertThat(MetadataEvidence.between(missingChild, later))
        .extracting(Evidence::weight)
        .containsExactly(0f);
  }

  @Test
  void birthYearsComeFromAgeAndPhotoYearWhenNotRecorded() {
    ProbeFacts probe = new ProbeFacts(Side.FOUND, Sex.UNKNOWN, 0, 0, 25, 2030);
    FaceAttributes child =
        new FaceAttributes(4, "c", Side.MISSING, Sex.UNKNOWN, 0, 0, 3, 2008, "", CaseStatus.OPEN);
    assertThat(MetadataEvidence.between(probe, child))
        .extracting(Evidence::kind)
        .containsExactly(EvidenceKind.BIRTH_YEARS_OVERLAP, EvidenceKind.FOUND_AFTER_DISAPPEARED);
    assertThat(MetadataEvidence.ageGap(25, child)).isEqualTo(22f);
  }

  @Test
  void recordedDatesBeatTheEstimatedAgeForTheGap() {
    // The probe's stored age is an estimate (6); its case records birth in 2000 and a 2003 photo.
    ProbeFacts probe = new ProbeFacts(Side.MISSING, Sex.UNKNOWN, 2000, 2000, 6, 2003);
    // The candidate's estimate says 40; its recorded dates say 24 (born 1999-2001, photo 2024).
    FaceAttributes dated =
        new FaceAttributes(
            5, "c", Side.FOUND, Sex.UNKNOWN, 1999, 2001, 40, 2024, "", CaseStatus.OPEN);
    assertThat(MetadataEvidence.ageGap(probe, dated)).isEqualTo(21f);
    // Without recorded dates the estimates are the fallback.
    FaceAttributes undated =
        new FaceAttributes(6, "d", Side.FOUND, Sex.UNKNOWN, 0, 0, 40, 0, "", CaseStatus.OPEN);
    assertThat(MetadataEvidence.ageGap(probe, undated)).isEqualTo(37f);
    ProbeFacts estimatedOnly = new ProbeFacts(Side.MISSING, Sex.UNKNOWN, 0, 0, 6, 0);
    assertThat(MetadataEvidence.ageGap(estimatedOnly, undated)).isEqualTo(34f);
    // Nothing known on one side: unknown gap.
    assertThat(MetadataEvidence.ageGap(ProbeFacts.unknown(Side.MISSING), dated)).isEqualTo(-1f);
    // The ranker uses the same gap, so the candidate is calibrated with the recorded dates' band.
    IndexHit hit = new IndexHit(dated, 0.3f);
    assertThat(new Ranker(CALIBRATION, false).candidate(hit, probe).ageGapYears()).isEqualTo(21f);
  }

  @Test
  void severalPhotosOfOneCaseAgreeingLiftTheCase() {
    Ranker ranker = new Ranker(CALIBRATION, false);
    ProbeFacts p = ProbeFacts.unknown(Side.MISSING);
    List<List<IndexHit>> hits =
        List.of(
            List.of(
                hit(1, "twice", Sex.UNKNOWN, 0, 0, 0.27f),
                hit(2, "once", Sex.UNKNOWN, 0, 0, 0.29f)),
            List.of(hit(3, "twice", Sex.UNKNOWN, 0, 0, 0.26f)));

    var cases = ranker.rankCases(hits, List.of(p, p), 10);

    assertThat(cases).extracting(CaseCandidate::caseRef).containsExactly("twice", "once");
    assertThat(cases.get(0).matches()).hasSize(2);
    assertThat(cases.get(0).meanTopScore()).isCloseTo((0.27f + 0.26f) / 2, within(1e-5f));
    assertThat(cases.get(1).meanTopScore()).isCloseTo(0.29f / 2, within(1e-5f));
    assertThat(cases.get(0).evidence())
        .extracting(Evidence::kind)
        .contains(EvidenceKind.SEVERAL_PHOTOS_AGREE);
  }

  @Test
  void aSingleWeakSecondMatchIsNoAgreement() {
    // The second photo finds the case only far below the POSSIBLE band (cosine 0.05, WEAK alone):
    // the case keeps the first photo's score and no reason says that several photos agree.
    Ranker ranker = new Ranker(CALIBRATION, false);
    ProbeFacts p = ProbeFacts.unknown(Side.MISSING);
    List<List<IndexHit>> hits =
        List.of(
            List.of(hit(1, "found", Sex.UNKNOWN, 0, 0, 0.35f)),
            List.of(hit(1, "found", Sex.UNKNOWN, 0, 0, 0.05f)));

    CaseCandidate c = ranker.rankCases(hits, List.of(p, p), 10).get(0);

    assertThat(c.matches()).hasSize(2);
    assertThat(c.evidence())
        .extracting(Evidence::kind)
        .doesNotContain(EvidenceKind.SEVERAL_PHOTOS_AGREE);
    assertThat(c.calibratedScore())
        .isCloseTo(Calibration.sigmoid(CALIBRATION.logOdds(0.35f, -1)), within(1e-6f));
    assertThat(CALIBRATION.band(Calibration.sigmoid(CALIBRATION.logOdds(0.05f, -1))))
        .isEqualTo(Band.WEAK);
  }

  @Test
  void twoPhotosOfTheCandidateMatchedAtPossibleOrAboveAgree() {
    // One probe photo, but the found person's two photos both match it in the POSSIBLE band or
    // above; a third photo of the case matched weakly adds nothing.
    Ranker ranker = new Ranker(CALIBRATION, false);
    List<List<IndexHit>> hits =
        List.of(
            List.of(
                hit(1, "found", Sex.UNKNOWN, 0, 0, 0.30f),
                hit(2, "found", Sex.UNKNOWN, 0, 0, 0.27f),
                hit(3, "found", Sex.UNKNOWN, 0, 0, 0.02f)));

    CaseCandidate c = ranker.rankCases(hits, List.of(ProbeFacts.unknown(Side.MISSING)), 10).get(0);

    assertThat(c.evidence())
        .filteredOn(e -> e.kind() == EvidenceKind.SEVERAL_PHOTOS_AGREE)
        .extracting(Evidence::weight)
        .containsExactly(CALIBRATION.severalPhotosBonus());
    assertThat(CALIBRATION.severalPhotosBonus()).isEqualTo(0.5f);
  }

  @Test
  void theDefaultCalibrationIsTheFittedOneWithItsBonus() {
    Calibration fitted =
        Calibration.read(
            "classpath:homeward/search/calibration/"
                + "mobilefacenet-faceplugin@faceplugin-1.0.3_lag-agewccn-v1.json");
    assertThat(fitted.version()).isEqualTo("lag-fit-v1-agewccn");
    assertThat(fitted.severalPhotosBonus()).isBetween(0f, 3f);
    // The bands rise with the cosine: WEAK, POSSIBLE, PROBABLE, STRONG in turn.
    Band previous = Band.WEAK;
    for (float cosine = -0.2f; cosine <= 1f; cosine += 0.01f) {
      Band b = fitted.band(Calibration.sigmoid(fitted.logOdds(cosine, -1)));
      assertThat(b.ordinal()).isGreaterThanOrEqualTo(previous.ordinal());
      previous = b;
    }
    assertThat(previous).isEqualTo(Band.STRONG);
  }

  @Test
  void theShippedFileCountsAgreementFromItsOwnBand() {
    Calibration fitted =
        Calibration.read(
            "classpath:homeward/search/calibration/"
                + "mobilefacenet-faceplugin@faceplugin-1.0.3_lag-agewccn-v1.json");
    Ranker ranker = new Ranker(fitted, false);
    ProbeFacts p = ProbeFacts.unknown(Side.MISSING);
    float below = 0;
    float at = 0;
    // The lowest cosines of the band below the agreement band and of the agreement band.
    for (float c = 0f; c < 1f; c += 0.001f) {
      Band b = fitted.band(Calibration.sigmoid(fitted.logOdds(c, -1)));
      if (below == 0 && b.compareTo(fitted.agreementBand()) == -1 && b != Band.WEAK) {
        below = c + 0.002f;
      }
      if (at == 0 && b == fitted.agreementBand()) {
        at = c + 0.002f;
      }
    }
    assertThat(fitted.agreementBand()).isNotEqualTo(Band.WEAK);

    List<CaseCandidate> weak =
        ranker.rankCases(
            List.of(
                List.of(hit(1, "x", Sex.UNKNOWN, 0, 0, below)),
                List.of(hit(1, "x", Sex.UNKNOWN, 0, 0, below))),
            List.of(p, p),
            10);
    List<CaseCandidate> strong =
        ranker.rankCases(
            List.of(
                List.of(hit(1, "x", Sex.UNKNOWN, 0, 0, at)),
                List.of(hit(1, "x", Sex.UNKNOWN, 0, 0, at))),
            List.of(p, p),
            10);

    if (fitted.agreementBand() != Band.POSSIBLE) {
      assertThat(weak.get(0).evidence())
          .extracting(Evidence::kind)
          .doesNotContain(EvidenceKind.SEVERAL_PHOTOS_AGREE);
    }
    assertThat(strong.get(0).evidence())
        .filteredOn(e -> e.kind() == EvidenceKind.SEVERAL_PHOTOS_AGREE)
        .extracting(Evidence::weight)
        .containsExactly(fitted.severalPhotosBonus());
  }

  @Test
  void aCaseSearchWithSeveralPhotosTakesItsFittedPenaltyAndKeepsItsOrder() {
    Calibration fitted =
        Calibration.read(
            "classpath:homeward/search/calibration/"
                + "mobilefacenet-faceplugin@faceplugin-1.0.3_lag-agewccn-v1.json");
    assertThat(fitted.severalProbesPenalty()).isPositive();
    Ranker ranker = new Ranker(fitted, false);
    ProbeFacts p = ProbeFacts.unknown(Side.MISSING);
    List<List<IndexHit>> hits =
        List.of(
            List.of(hit(1, "a", Sex.UNKNOWN, 0, 0, 0.40f), hit(2, "b", Sex.UNKNOWN, 0, 0, 0.30f)),
            List.of(hit(3, "c", Sex.UNKNOWN, 0, 0, 0.20f)),
            List.of(hit(4, "d", Sex.UNKNOWN, 0, 0, 0.10f)));

    List<CaseCandidate> cases = ranker.rankCases(hits, List.of(p, p, p), 10);

    // Three probe photos: every candidate loses penalty * ln 3 of log-odds, the order stays.
    assertThat(cases).extracting(CaseCandidate::caseRef).containsExactly("a", "b", "c", "d");
    double expected = fitted.logOdds(0.40f, -1) - fitted.severalProbesPenalty() * Math.log(3);
    assertThat(cases.get(0).calibratedScore())
        .isCloseTo(Calibration.sigmoid(expected), within(1e-5f));
    assertThat(cases.get(0).evidence())
        .filteredOn(e -> e.kind() == EvidenceKind.FACE_SIMILARITY)
        .singleElement()
        .satisfies(e -> assertThat(e.weight()).isCloseTo((float) expected, within(1e-5f)));
    // A single photo searched as a case is banded as the photo alone.
    CaseCandidate alone = ranker.rankCases(List.of(hits.get(0)), List.of(p), 10).get(0);
    assertThat(alone.calibratedScore())
        .isCloseTo(Calibration.sigmoid(fitted.logOdds(0.40f, -1)), within(1e-6f));
  }

  @Test
  void eachMatchOfACaseNamesTheProbePhotoItIsTheBestMatchOf() {
    Ranker ranker = new Ranker(CALIBRATION, false);
    ProbeFacts p = ProbeFacts.unknown(Side.MISSING);
    List<List<IndexHit>> hits =
        List.of(
            List.of(hit(1, "case", Sex.UNKNOWN, 0, 0, 0.20f)),
            List.of(hit(2, "case", Sex.UNKNOWN, 0, 0, 0.30f)));

    CaseCandidate c = ranker.rankCases(hits, List.of(p, p), 10).get(0);

    assertThat(c.matches()).extracting(m -> m.attributes().faceId()).containsExactly(2L, 1L);
    assertThat(c.matchProbes()).containsExactly(1, 0);
  }

  private static IndexHit hit(long id, String caseRef, Sex sex, int from, int to, float score) {
    return new IndexHit(
        new FaceAttributes(id, caseRef, Side.FOUND, sex, from, to, -1, 0, "", CaseStatus.OPEN),
        score);
  }
}
