package io.homeward.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SimulatedMetadataTest {

  @Test
  void drawsAreDeterministicPerSubjectAndPhoto() {
    assertThat(SimulatedMetadata.birthYear("subject_a"))
        .isEqualTo(SimulatedMetadata.birthYear("subject_a"));
    assertThat(SimulatedMetadata.probe("subject_a", "a/y/1.png"))
        .isEqualTo(SimulatedMetadata.probe("subject_a", "a/y/1.png"));
    assertThat(SimulatedMetadata.gallery("subject_a", "a/2.png"))
        .isEqualTo(SimulatedMetadata.gallery("subject_a", "a/2.png"));
    assertThat(SimulatedMetadata.birthYearError("subject_a"))
        .isEqualTo(SimulatedMetadata.birthYearError("subject_a"));
  }

  @Test
  void birthYearsAgesAndPhotoYearsStayInTheDocumentedRanges() {
    int minBirth = Integer.MAX_VALUE;
    int maxBirth = Integer.MIN_VALUE;
    for (int i = 0; i < 2000; i++) {
      String subject = "subject_" + i;
      int birth = SimulatedMetadata.birthYear(subject);
      minBirth = Math.min(minBirth, birth);
      maxBirth = Math.max(maxBirth, birth);
      assertThat(birth).isBetween(1960, 2000);

      SimulatedMetadata.Facts young = SimulatedMetadata.probe(subject, subject + "/y/1.png");
      assertThat(young.ageAtPhoto()).isBetween(2, 12);
      assertThat(young.photoYear()).isEqualTo(birth + young.ageAtPhoto());
      assertThat(young.birthYearFrom()).isEqualTo(birth - 1);
      assertThat(young.birthYearTo()).isEqualTo(birth + 1);

      SimulatedMetadata.Facts adult = SimulatedMetadata.gallery(subject, subject + "/1.png");
      assertThat(adult.ageAtPhoto()).isBetween(20, 50);
      assertThat(adult.photoYear()).isEqualTo(birth + adult.ageAtPhoto());
      assertThat(adult.birthYearFrom()).isEqualTo(birth - 5);
      assertThat(adult.birthYearTo()).isEqualTo(birth + 5);
    }
    // Uniform over the whole range, not stuck in a corner of it.
    assertThat(minBirth).isLessThanOrEqualTo(1961);
    assertThat(maxBirth).isGreaterThanOrEqualTo(1999);
  }

  @Test
  void aboutOneSubjectInFiveMisremembersTheBirthYearByFiveToFifteenYears() {
    int noisy = 0;
    int n = 5000;
    for (int i = 0; i < n; i++) {
      String subject = "subject_" + i;
      int error = SimulatedMetadata.birthYearError(subject);
      SimulatedMetadata.Facts stated = SimulatedMetadata.noisyProbe(subject, subject + "/y/1.png");
      SimulatedMetadata.Facts truth = SimulatedMetadata.probe(subject, subject + "/y/1.png");
      if (error != 0) {
        noisy++;
        assertThat(Math.abs(error)).isBetween(5, 15);
      }
      // Only the stated birth year moves; age and photo year stay true.
      assertThat(stated.birthYearFrom()).isEqualTo(truth.birthYearFrom() + error);
      assertThat(stated.birthYearTo()).isEqualTo(truth.birthYearTo() + error);
      assertThat(stated.ageAtPhoto()).isEqualTo(truth.ageAtPhoto());
      assertThat(stated.photoYear()).isEqualTo(truth.photoYear());
    }
    assertThat((double) noisy / n).isBetween(0.18, 0.22);
  }
}
