package io.homeward.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.homeward.gateway.client.AgeClass;
import io.homeward.gateway.client.EmbeddedFace;
import io.homeward.gateway.domain.AgeBands;
import io.homeward.gateway.domain.AgeBasis;
import io.homeward.gateway.domain.Sex;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.store.SubjectRecord;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A photo's age comes from facts; a typed number can only make a photo more protected. */
class PhotoAgeTest {
  private static SubjectRecord bornIn(Integer from, Integer to) {
    return new SubjectRecord(
        "s-1",
        "c-1",
        Sex.F,
        from,
        to,
        LocalDate.of(2019, 1, 1),
        null,
        null,
        false,
        false,
        false,
        false,
        true);
  }

  private static EmbeddedFace estimate(float years, float low, float high, AgeClass c) {
    return new EmbeddedFace(new float[] {1f}, "m", "v", 0.9f, years, low, high, c);
  }

  private static final EmbeddedFace NO_ESTIMATE =
      new EmbeddedFace(new float[] {1f}, "m", "v", 0.9f);

  @Test
  void finding4AChildBornIn2015TypedAsThirtyIsRefused() {
    Optional<PhotoAge> known = PhotoAge.fromBirthYears(bornIn(2015, 2015), 2018);
    assertThat(known).contains(new PhotoAge(2f, 3f, AgeBasis.BIRTH_YEARS));
    assertThatThrownBy(() -> PhotoAge.checkTyped(known, 30f))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.type()).isEqualTo(ProblemType.AGE_INCONSISTENT);
              assertThat(e.getMessage()).contains("expected 2 to 3");
            });
  }

  @Test
  void aTypedAgeInsideTheRangeIsAcceptedButDecidesNothing() {
    Optional<PhotoAge> known = PhotoAge.fromBirthYears(bornIn(2000, 2001), 2018);
    // Born 2000-2001: 16 to 18 in 2018; 18.9 is still inside the last year.
    PhotoAge.checkTyped(known, 16f);
    PhotoAge.checkTyped(known, 18.9f);
    assertThatThrownBy(() -> PhotoAge.checkTyped(known, 19f)).isInstanceOf(GatewayException.class);
    assertThatThrownBy(() -> PhotoAge.checkTyped(known, 15.9f))
        .isInstanceOf(GatewayException.class);
    // The rules decide on the youngest end: an adult-sounding typed age does not unblur a minor,
    // and an adult estimate does not either.
    assertThat(PhotoAge.decide(known, 18.5f, estimate(25, 22, 28, AgeClass.ADULT)).decisive())
        .isEqualTo(16f);
  }

  @Test
  void aPhotoYearBeforeBirthIsRefused() {
    assertThatThrownBy(() -> PhotoAge.fromBirthYears(bornIn(2015, 2016), 2014))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> assertThat(e.type()).isEqualTo(ProblemType.AGE_INCONSISTENT));
  }

  @Test
  void withoutBirthYearsOrPhotoYearTheRangeIsUnknown() {
    assertThat(PhotoAge.fromBirthYears(bornIn(null, null), 2018)).isEmpty();
    assertThat(PhotoAge.fromBirthYears(bornIn(2015, 2015), null)).isEmpty();
    // Nothing to check a typed age against: not refused here...
    PhotoAge.checkTyped(Optional.empty(), 30f);
  }

  @Test
  void withoutFactsOrEstimateATypedAdultAgeIsUnknownAndCountsAsAMinor() {
    PhotoAge age = PhotoAge.decide(Optional.empty(), 30f, NO_ESTIMATE);
    assertThat(age.basis()).isEqualTo(AgeBasis.UNKNOWN);
    assertThat(age.decisive()).isNull();
    assertThat(AgeBands.minorOrUnknown(age.decisive())).isTrue();
  }

  @Test
  void aTypedMinorsAgeIsBelievedBecauseItOnlyAddsProtection() {
    PhotoAge age = PhotoAge.decide(Optional.empty(), 5f, NO_ESTIMATE);
    assertThat(age).isEqualTo(new PhotoAge(5f, 5f, AgeBasis.TYPED_MINOR));
    PhotoAge lower = PhotoAge.decide(Optional.empty(), 12f, estimate(30, 26, 34, AgeClass.ADULT));
    assertThat(lower.decisive()).isEqualTo(12f);
  }

  @Test
  void theEstimatorDecidesWhenNothingElseIsKnown() {
    PhotoAge adult = PhotoAge.decide(Optional.empty(), 40f, estimate(30, 26, 34, AgeClass.ADULT));
    assertThat(adult).isEqualTo(new PhotoAge(26f, 34f, AgeBasis.ESTIMATE));
    PhotoAge minor = PhotoAge.decide(Optional.empty(), null, estimate(9, 6, 12, AgeClass.MINOR));
    assertThat(minor.decisive()).isEqualTo(6f);
  }

  @Test
  void anUncertainOrUnclassedEstimateCountsAsAMinorWhateverItsYears() {
    PhotoAge uncertain =
        PhotoAge.decide(Optional.empty(), null, estimate(19, 18.5f, 24, AgeClass.UNCERTAIN));
    assertThat(uncertain.decisive()).isLessThan(18f);
    PhotoAge unclassed = PhotoAge.decide(Optional.empty(), null, estimate(25, 22, 28, null));
    assertThat(unclassed.decisive()).isLessThan(18f);
    // An adult class with a low end under 18 is an adult: the class is the estimator's verdict.
    PhotoAge adult = PhotoAge.decide(Optional.empty(), null, estimate(20, 16, 24, AgeClass.ADULT));
    assertThat(adult.decisive()).isEqualTo(18f);
  }
}
