package io.homeward.gateway.policy;

import static io.homeward.gateway.domain.CaseStatus.CLOSED;
import static io.homeward.gateway.domain.CaseStatus.PENDING;
import static io.homeward.gateway.domain.ConsentGiver.CARETAKER;
import static io.homeward.gateway.domain.ConsentGiver.GUARDIAN;
import static io.homeward.gateway.domain.ConsentGiver.POLICE;
import static io.homeward.gateway.domain.ConsentGiver.STATUTORY_WELFARE_GUARDIAN;
import static io.homeward.gateway.domain.ConsentGiver.SUBJECT;
import static io.homeward.gateway.domain.LegalBasis.CONSENT;
import static io.homeward.gateway.domain.LegalBasis.GUARDIAN_CONSENT;
import static io.homeward.gateway.domain.LegalBasis.STATUTORY_DUTY;
import static io.homeward.gateway.domain.Purpose.ADMINISTRATION;
import static io.homeward.gateway.domain.Purpose.CANDIDATE_VERIFICATION;
import static io.homeward.gateway.domain.Purpose.DATA_PROTECTION;
import static io.homeward.gateway.domain.Purpose.FAMILY_TRACING;
import static io.homeward.gateway.domain.Purpose.IDENTIFICATION;
import static io.homeward.gateway.domain.Purpose.PRIVACY_AUDIT;
import static io.homeward.gateway.domain.Role.ADMIN;
import static io.homeward.gateway.domain.Role.FACE_EXAMINER;
import static io.homeward.gateway.domain.Role.NGO_CASEWORKER;
import static io.homeward.gateway.domain.Role.NGO_VOLUNTEER;
import static io.homeward.gateway.domain.Role.POLICE_INVESTIGATOR;
import static io.homeward.gateway.domain.Role.PRIVACY_OFFICER;
import static io.homeward.gateway.domain.Side.FOUND;
import static io.homeward.gateway.domain.Side.MISSING;
import static io.homeward.gateway.policy.PolicyFixtures.actor;
import static io.homeward.gateway.policy.PolicyFixtures.age;
import static io.homeward.gateway.policy.PolicyFixtures.assertAllowed;
import static io.homeward.gateway.policy.PolicyFixtures.assertDefaultDenied;
import static io.homeward.gateway.policy.PolicyFixtures.assertRefused;
import static io.homeward.gateway.policy.PolicyFixtures.consent;
import static io.homeward.gateway.policy.PolicyFixtures.decide;
import static io.homeward.gateway.policy.PolicyFixtures.emergency;
import static io.homeward.gateway.policy.PolicyFixtures.expired;
import static io.homeward.gateway.policy.PolicyFixtures.lackingCapacity;
import static io.homeward.gateway.policy.PolicyFixtures.lightUsage;
import static io.homeward.gateway.policy.PolicyFixtures.openCase;
import static io.homeward.gateway.policy.PolicyFixtures.protectedPerson;
import static io.homeward.gateway.policy.PolicyFixtures.refusedDisclosure;
import static io.homeward.gateway.policy.PolicyFixtures.review;
import static io.homeward.gateway.policy.PolicyFixtures.training;
import static io.homeward.gateway.policy.PolicyFixtures.unknownAge;
import static io.homeward.gateway.policy.PolicyFixtures.usage;
import static io.homeward.gateway.policy.PolicyFixtures.verified;
import static org.assertj.core.api.Assertions.assertThat;

import io.homeward.gateway.domain.CaseStatus;
import io.homeward.gateway.domain.PhotoSource;
import io.homeward.gateway.domain.Role;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** PRIVACY.md rules 1-17, each with an allowed and a refused case, against the shipped policies. */
class PrivacyPolicyRulesTest {

  /** A family photo under the subject's own consent: the usual enrolment. */
  private static PolicyRequest.Builder enrolAdult(Role role) {
    return PolicyRequest.of(actor(role), Action.ENROL_PHOTO)
        .purpose(FAMILY_TRACING)
        .caseFacts(openCase(MISSING).status(PENDING).build())
        .subject(age(30))
        .consent(consent(CONSENT, SUBJECT))
        .photoSource(PhotoSource.FAMILY);
  }

  private static PolicyRequest.Builder search(Role role) {
    return PolicyRequest.of(actor(role), Action.SEARCH)
        .purpose(FAMILY_TRACING)
        .caseFacts(openCase(MISSING).build())
        .usage(lightUsage());
  }

  @Nested
  class Rule1DefaultDenyPurposeAndLegalBasis {
    @Test
    void enrolmentWithPurposeLegalBasisAndConsentIsAllowed() {
      assertAllowed(decide(enrolAdult(NGO_CASEWORKER)), "rule-2-5-permit-enrol-subject-consent");
    }

    @Test
    void requestWithoutPurposeIsRefused() {
      PolicyRequest.Builder request =
          PolicyRequest.of(actor(NGO_CASEWORKER), Action.ENROL_PHOTO)
              .caseFacts(openCase(MISSING).status(PENDING).build())
              .subject(age(30))
              .consent(consent(CONSENT, SUBJECT))
              .photoSource(PhotoSource.FAMILY);
      assertRefused(decide(request), "rule-1-forbid-no-purpose");
    }

    @Test
    void enrolmentWithoutLegalBasisIsRefused() {
      PolicyRequest.Builder request =
          PolicyRequest.of(actor(NGO_CASEWORKER), Action.ENROL_PHOTO)
              .purpose(FAMILY_TRACING)
              .caseFacts(openCase(MISSING).status(PENDING).build())
              .subject(age(30))
              .photoSource(PhotoSource.FAMILY);
      assertRefused(decide(request), "rule-1-forbid-no-legal-basis");
    }

    @Test
    void purposeMustFitTheAction() {
      assertRefused(
          decide(search(NGO_CASEWORKER).purpose(ADMINISTRATION)),
          "rule-1-forbid-purpose-mismatch-case-work");
      assertAllowed(
          decide(search(FACE_EXAMINER).purpose(CANDIDATE_VERIFICATION)), "rule-9-permit-search");
      assertAllowed(
          decide(search(POLICE_INVESTIGATOR).purpose(IDENTIFICATION)), "rule-9-permit-search");
    }

    @Test
    void registeringACaseWithoutALegalBasisIsRefused() {
      assertRefused(
          decide(
              PolicyRequest.of(actor(NGO_CASEWORKER), Action.CREATE_CASE)
                  .purpose(FAMILY_TRACING)
                  .subject(age(30))
                  .caseFacts(openCase(MISSING).status(PENDING).reportedByActor().build())),
          "rule-1-forbid-no-legal-basis");
    }

    @Test
    void actionNoPolicyPermitsIsDeniedByDefault() {
      PolicyRequest.Builder request =
          PolicyRequest.of(actor(FACE_EXAMINER), Action.CREATE_CASE)
              .purpose(IDENTIFICATION)
              .subject(age(30))
              .consent(consent(CONSENT, SUBJECT))
              .caseFacts(openCase(FOUND).status(PENDING).build());
      assertDefaultDenied(decide(request));
    }
  }

  @Nested
  class Rule2LegalBases {
    @Test
    void adultConsentsForThemselves() {
      assertAllowed(decide(enrolAdult(NGO_VOLUNTEER)), "rule-2-5-permit-enrol-subject-consent");
    }

    @Test
    void consentGivenBySomeoneElseIsRefused() {
      assertRefused(
          decide(enrolAdult(NGO_CASEWORKER).consent(consent(CONSENT, GUARDIAN))),
          "rule-2-forbid-consent-not-given-by-subject");
    }

    @Test
    void guardianConsentForChildUnder14OrAdultLackingCapacity() {
      assertAllowed(
          decide(
              enrolAdult(NGO_CASEWORKER)
                  .subject(age(9))
                  .consent(consent(GUARDIAN_CONSENT, GUARDIAN))),
          "rule-2-permit-enrol-guardian-consent");
      assertAllowed(
          decide(
              enrolAdult(NGO_CASEWORKER)
                  .subject(lackingCapacity(40))
                  .consent(consent(GUARDIAN_CONSENT, GUARDIAN))),
          "rule-2-permit-enrol-guardian-consent");
    }

    @Test
    void guardianConsentForCapableAdultIsNotABasis() {
      assertDefaultDenied(
          decide(enrolAdult(NGO_CASEWORKER).consent(consent(GUARDIAN_CONSENT, GUARDIAN))));
    }

    @Test
    void guardianConsentFromNonGuardianIsRefused() {
      assertRefused(
          decide(
              enrolAdult(NGO_CASEWORKER)
                  .subject(age(9))
                  .consent(consent(GUARDIAN_CONSENT, POLICE))),
          "rule-2-forbid-guardian-consent-not-by-guardian");
    }

    @Test
    void statutoryDutyNeedsPoliceCaseAndInvestigator() {
      PolicyRequest.Builder police =
          enrolAdult(POLICE_INVESTIGATOR)
              .purpose(IDENTIFICATION)
              .caseFacts(openCase(MISSING).status(PENDING).police().build())
              .consent(consent(STATUTORY_DUTY, POLICE));
      assertAllowed(decide(police), "rule-2-permit-enrol-statutory-duty");

      PolicyRequest.Builder noCase =
          enrolAdult(POLICE_INVESTIGATOR).consent(consent(STATUTORY_DUTY, POLICE));
      assertRefused(
          decide(noCase), "rule-2-forbid-police-basis-without-police-case-or-investigator");

      PolicyRequest.Builder caseworker =
          enrolAdult(NGO_CASEWORKER)
              .caseFacts(openCase(MISSING).status(PENDING).police().build())
              .consent(consent(STATUTORY_DUTY, POLICE));
      assertRefused(
          decide(caseworker), "rule-2-forbid-police-basis-without-police-case-or-investigator");
    }

    @Test
    void vitalEmergencyIsPoliceOnlyJustifiedAndUnexpired() {
      PolicyRequest.Builder request =
          enrolAdult(POLICE_INVESTIGATOR)
              .caseFacts(openCase(MISSING).status(PENDING).police().build())
              .consent(emergency(true, false));
      assertAllowed(decide(request), "rule-2-permit-enrol-vital-emergency");
      assertRefused(
          decide(request.consent(emergency(false, false))),
          "rule-2-forbid-vital-emergency-without-justification");
      assertRefused(
          decide(request.consent(emergency(true, true))),
          "rule-2-forbid-expired-or-withdrawn-basis");
      assertRefused(
          decide(
              enrolAdult(NGO_CASEWORKER)
                  .caseFacts(openCase(MISSING).status(PENDING).police().build())
                  .consent(emergency(true, false))),
          "rule-2-forbid-police-basis-without-police-case-or-investigator");
    }

    @Test
    void withdrawnConsentIsRefused() {
      assertRefused(
          decide(enrolAdult(NGO_CASEWORKER).consent(expired(CONSENT, SUBJECT))),
          "rule-2-forbid-expired-or-withdrawn-basis");
    }
  }

  @Nested
  class Rule3UnderFourteen {
    private PolicyRequest.Builder activateChild(Role role) {
      return PolicyRequest.of(actor(role), Action.ACTIVATE_CASE)
          .purpose(FAMILY_TRACING)
          .caseFacts(openCase(MISSING).status(PENDING).build())
          .subject(age(6));
    }

    @Test
    void unverifiedGuardianConsentIsStoredButNotActivated() {
      PolicyRequest.Builder enrol =
          enrolAdult(NGO_VOLUNTEER).subject(age(6)).consent(consent(GUARDIAN_CONSENT, GUARDIAN));
      assertAllowed(decide(enrol), "rule-2-permit-enrol-guardian-consent");
      assertRefused(
          decide(activateChild(NGO_CASEWORKER).consent(consent(GUARDIAN_CONSENT, GUARDIAN))),
          "rule-3-forbid-activate-child-without-verified-guardian-consent-or-police-case");
    }

    @Test
    void unknownAgeCountsAsUnder14() {
      assertRefused(
          decide(
              activateChild(NGO_CASEWORKER)
                  .subject(unknownAge())
                  .consent(consent(GUARDIAN_CONSENT, GUARDIAN))),
          "rule-3-forbid-activate-child-without-verified-guardian-consent-or-police-case");
    }

    @Test
    void verifiedGuardianConsentActivates() {
      assertAllowed(
          decide(activateChild(NGO_CASEWORKER).consent(verified(GUARDIAN_CONSENT, GUARDIAN))),
          "rule-3-permit-activate-verified-guardian-consent");
    }

    @Test
    void policeCaseActivates() {
      PolicyRequest.Builder request =
          activateChild(POLICE_INVESTIGATOR)
              .caseFacts(openCase(MISSING).status(PENDING).police().build())
              .consent(consent(STATUTORY_DUTY, POLICE));
      assertAllowed(decide(request), "rule-3-permit-activate-police-case");
    }

    @Test
    void volunteerCannotActivate() {
      assertDefaultDenied(
          decide(activateChild(NGO_VOLUNTEER).consent(verified(GUARDIAN_CONSENT, GUARDIAN))));
    }

    @Test
    void caseworkerVerifiesConsentButNeverTheReporter() {
      PolicyRequest.Builder verify =
          PolicyRequest.of(actor(NGO_CASEWORKER), Action.VERIFY_CONSENT)
              .purpose(FAMILY_TRACING)
              .caseFacts(openCase(MISSING).status(PENDING).build());
      assertAllowed(decide(verify), "rule-3-permit-verify-consent");
      assertRefused(
          decide(verify.caseFacts(openCase(MISSING).status(PENDING).reportedByActor().build())),
          "rule-3-forbid-verify-consent-by-reporter");
      assertDefaultDenied(
          decide(
              PolicyRequest.of(actor(NGO_VOLUNTEER), Action.VERIFY_CONSENT)
                  .purpose(FAMILY_TRACING)
                  .caseFacts(openCase(MISSING).status(PENDING).build())));
    }

    @Test
    void pendingCaseIsNotSearched() {
      assertRefused(
          decide(search(NGO_CASEWORKER).caseFacts(openCase(MISSING).status(PENDING).build())),
          "rule-9-forbid-search-outside-open-case");
    }
  }

  @Nested
  class Rule4FoundChildren {
    private PolicyRequest.Builder enrolFoundChild(Role role) {
      return PolicyRequest.of(actor(role), Action.ENROL_PHOTO)
          .purpose(IDENTIFICATION)
          .caseFacts(openCase(FOUND).status(PENDING).build())
          .subject(age(9))
          .photoSource(PhotoSource.SUBJECT);
    }

    @Test
    void statutoryWelfareGuardianMayEnrolFoundChild() {
      assertAllowed(
          decide(
              enrolFoundChild(NGO_CASEWORKER)
                  .consent(consent(GUARDIAN_CONSENT, STATUTORY_WELFARE_GUARDIAN))),
          "rule-2-permit-enrol-guardian-consent");
    }

    @Test
    void policeCaseMayEnrolFoundChildOfUnknownAge() {
      assertAllowed(
          decide(
              enrolFoundChild(POLICE_INVESTIGATOR)
                  .caseFacts(openCase(FOUND).status(PENDING).police().build())
                  .subject(unknownAge())
                  .consent(consent(STATUTORY_DUTY, POLICE))),
          "rule-2-permit-enrol-statutory-duty");
    }

    @Test
    void caretakerConsentAloneIsRefused() {
      PolicyDecision decision =
          decide(enrolFoundChild(NGO_CASEWORKER).consent(consent(GUARDIAN_CONSENT, CARETAKER)));
      assertRefused(decision, "rule-4-forbid-caretaker-consent");
      assertThat(decision.policyIds())
          .contains("rule-4-forbid-found-child-without-police-case-or-welfare-guardian");
    }

    @Test
    void parentConsentForFoundChildWithoutPoliceOrWelfareGuardianIsRefused() {
      assertRefused(
          decide(enrolFoundChild(NGO_CASEWORKER).consent(consent(GUARDIAN_CONSENT, GUARDIAN))),
          "rule-4-forbid-found-child-without-police-case-or-welfare-guardian");
    }
  }

  @Nested
  class Rule5FourteenToSeventeen {
    @Test
    void sixteenYearOldConsentsForThemselves() {
      assertAllowed(
          decide(enrolAdult(NGO_CASEWORKER).subject(age(16))),
          "rule-2-5-permit-enrol-subject-consent");
      PolicyRequest.Builder activate =
          PolicyRequest.of(actor(NGO_CASEWORKER), Action.ACTIVATE_CASE)
              .purpose(FAMILY_TRACING)
              .caseFacts(openCase(MISSING).status(PENDING).build())
              .subject(age(16))
              .consent(consent(CONSENT, SUBJECT));
      assertAllowed(decide(activate), "rule-3-permit-activate-subject-consent");
    }

    @Test
    void thirteenYearOldCannotConsentAlone() {
      assertRefused(
          decide(enrolAdult(NGO_CASEWORKER).subject(age(13))),
          "rule-2-forbid-own-consent-under-14-or-lacking-capacity");
    }

    @Test
    void foundSixteenYearOldConsentsUnderPoliceCase() {
      // Rule 4 still applies on the found side: own consent, but only under a police case.
      PolicyRequest.Builder request =
          enrolAdult(NGO_CASEWORKER)
              .caseFacts(openCase(FOUND).status(PENDING).police().build())
              .subject(age(16))
              .photoSource(PhotoSource.SUBJECT);
      assertAllowed(decide(request), "rule-2-5-permit-enrol-subject-consent");
      assertRefused(
          decide(request.caseFacts(openCase(FOUND).status(PENDING).build())),
          "rule-4-forbid-found-child-without-police-case-or-welfare-guardian");
    }
  }

  @Nested
  class Rule6QuarantinedFamilyReports {
    private PolicyRequest.Builder viewCandidates(Role role, PolicyFixtures.CaseSpec spec) {
      return PolicyRequest.of(actor(role), Action.VIEW_CANDIDATES)
          .purpose(FAMILY_TRACING)
          .caseFacts(spec.build());
    }

    @Test
    void unverifiedCaseCandidatesGoToCaseworkerPoliceAndExaminer() {
      for (Role role : new Role[] {NGO_CASEWORKER, POLICE_INVESTIGATOR, FACE_EXAMINER}) {
        assertAllowed(
            decide(viewCandidates(role, openCase(MISSING).unverified())),
            "rule-6-permit-view-candidates");
      }
    }

    @Test
    void neverToTheReporter() {
      assertRefused(
          decide(viewCandidates(NGO_CASEWORKER, openCase(MISSING).unverified().reportedByActor())),
          "rule-6-forbid-unverified-case-candidates-to-reporter");
      // nor any other view of a candidate
      assertRefused(
          decide(
              PolicyRequest.of(actor(NGO_CASEWORKER), Action.VIEW_IMAGE_BLURRED)
                  .purpose(FAMILY_TRACING)
                  .caseFacts(openCase(MISSING).unverified().reportedByActor().build())
                  .subject(age(20))),
          "rule-6-forbid-unverified-case-candidates-to-reporter");
    }

    @Test
    void neverToAVolunteer() {
      assertRefused(
          decide(viewCandidates(NGO_VOLUNTEER, openCase(MISSING).unverified())),
          "rule-6-forbid-unverified-case-candidates-to-volunteer");
    }

    @Test
    void verifiedCaseReporterWhoIsACaseworkerSeesCandidates() {
      assertAllowed(
          decide(viewCandidates(NGO_CASEWORKER, openCase(MISSING).reportedByActor())),
          "rule-6-permit-view-candidates");
    }
  }

  @Nested
  class Rule7PhotoSources {
    @ParameterizedTest
    @EnumSource(
        value = PhotoSource.class,
        names = {"SCRAPED", "SOCIAL_MEDIA", "STREET"})
    void scrapedSocialMediaAndStreetPhotosAreNeverEnrolled(PhotoSource source) {
      assertRefused(
          decide(enrolAdult(NGO_CASEWORKER).photoSource(source)),
          "rule-7-forbid-enrol-scraped-social-media-or-street-photo");
    }

    @ParameterizedTest
    @EnumSource(
        value = PhotoSource.class,
        names = {"FAMILY", "SUBJECT", "POLICE", "DOCUMENT"})
    void ownFamilyPoliceAndDocumentPhotosAreEnrolled(PhotoSource source) {
      assertAllowed(
          decide(enrolAdult(NGO_CASEWORKER).photoSource(source)),
          "rule-2-5-permit-enrol-subject-consent");
    }

    @Test
    void photoOfUnknownSourceIsRefused() {
      PolicyRequest.Builder request =
          PolicyRequest.of(actor(NGO_CASEWORKER), Action.ENROL_PHOTO)
              .purpose(FAMILY_TRACING)
              .caseFacts(openCase(MISSING).status(PENDING).build())
              .subject(age(30))
              .consent(consent(CONSENT, SUBJECT));
      assertRefused(decide(request), "rule-7-forbid-enrol-unknown-photo-source");
    }

    private PolicyRequest.Builder oneTimeSearch(Role role) {
      return PolicyRequest.of(actor(role), Action.ONE_TIME_SEARCH)
          .purpose(IDENTIFICATION)
          .photoSource(PhotoSource.STREET)
          .subject(unknownAge())
          .usage(lightUsage());
    }

    @Test
    void streetPhotoOneTimeSearchByPoliceOrCaseworker() {
      assertAllowed(
          decide(oneTimeSearch(POLICE_INVESTIGATOR)), "rule-7-permit-one-time-search-street-photo");
      assertAllowed(
          decide(oneTimeSearch(NGO_CASEWORKER)), "rule-7-permit-one-time-search-street-photo");
    }

    @Test
    void streetPhotoOneTimeSearchByOthersIsRefused() {
      assertRefused(
          decide(oneTimeSearch(NGO_VOLUNTEER)), "rule-7-forbid-one-time-search-by-other-roles");
      assertRefused(
          decide(oneTimeSearch(FACE_EXAMINER)), "rule-7-forbid-one-time-search-by-other-roles");
    }
  }

  @Nested
  class Rule8Training {
    private PolicyRequest.Builder train(PolicyRequest.ConsentFacts consent) {
      PolicyRequest.Builder request =
          PolicyRequest.of(actor(ADMIN), Action.USE_FOR_TRAINING)
              .purpose(ADMINISTRATION)
              .caseFacts(openCase(MISSING).build());
      return consent == null ? request : request.consent(consent);
    }

    @Test
    void separateTrainingConsentAllowsTraining() {
      assertAllowed(decide(train(training(true))), "rule-8-permit-training-with-separate-consent");
    }

    @Test
    void enrolmentConsentAloneIsNotTrainingConsent() {
      assertRefused(
          decide(train(training(false))), "rule-8-forbid-training-without-separate-consent");
      assertRefused(decide(train(null)), "rule-8-forbid-training-without-separate-consent");
    }
  }

  @Nested
  class Rule9WhoSearches {
    @ParameterizedTest
    @EnumSource(
        value = Role.class,
        names = {"NGO_CASEWORKER", "POLICE_INVESTIGATOR", "FACE_EXAMINER"})
    void searchingRolesSearchWithinAnOpenCase(Role role) {
      assertAllowed(decide(search(role)), "rule-9-permit-search");
    }

    @Test
    void volunteersNeverSearch() {
      assertRefused(decide(search(NGO_VOLUNTEER)), "rule-9-forbid-search-by-other-roles");
    }

    @Test
    void noSearchWithoutACaseOrOnAClosedCase() {
      PolicyRequest.Builder noCase =
          PolicyRequest.of(actor(NGO_CASEWORKER), Action.SEARCH)
              .purpose(FAMILY_TRACING)
              .usage(lightUsage());
      assertRefused(decide(noCase), "rule-9-forbid-search-outside-open-case");
      assertRefused(
          decide(search(POLICE_INVESTIGATOR).caseFacts(openCase(MISSING).status(CLOSED).build())),
          "rule-9-forbid-search-outside-open-case");
    }
  }

  @Nested
  class Rule10RawScores {
    private PolicyRequest.Builder scores(Role role) {
      return PolicyRequest.of(actor(role), Action.VIEW_SCORES)
          .purpose(CANDIDATE_VERIFICATION)
          .caseFacts(openCase(MISSING).build());
    }

    @Test
    void policeAndExaminersSeeRawScores() {
      assertAllowed(decide(scores(POLICE_INVESTIGATOR)), "rule-10-permit-view-scores");
      assertAllowed(decide(scores(FACE_EXAMINER)), "rule-10-permit-view-scores");
    }

    @Test
    void ngoRolesSeeBandsOnly() {
      assertRefused(decide(scores(NGO_CASEWORKER)), "rule-10-forbid-raw-scores-for-ngo-roles");
      assertRefused(decide(scores(NGO_VOLUNTEER)), "rule-10-forbid-raw-scores-for-ngo-roles");
    }
  }

  @Nested
  class Rule11Images {
    private PolicyRequest.Builder view(
        Action action, Role role, PolicyRequest.SubjectFacts subject) {
      return PolicyRequest.of(actor(role), action)
          .purpose(CANDIDATE_VERIFICATION)
          .caseFacts(openCase(MISSING).build())
          .subject(subject);
    }

    @Test
    void minorUnblurredOnlyForPoliceAndExaminers() {
      assertAllowed(
          decide(view(Action.VIEW_IMAGE_CLEAR, POLICE_INVESTIGATOR, age(8))),
          "rule-11-permit-view-clear-police-examiner");
      assertAllowed(
          decide(view(Action.VIEW_IMAGE_CLEAR, FACE_EXAMINER, unknownAge())),
          "rule-11-permit-view-clear-police-examiner");
      assertRefused(
          decide(view(Action.VIEW_IMAGE_CLEAR, NGO_CASEWORKER, age(8))),
          "rule-11-forbid-clear-minor-image-for-ngo-roles");
      assertRefused(
          decide(view(Action.VIEW_IMAGE_CLEAR, NGO_CASEWORKER, unknownAge())),
          "rule-11-forbid-clear-minor-image-for-ngo-roles");
    }

    @Test
    void caseworkerSeesAdultUnblurredAndMinorBlurred() {
      assertAllowed(
          decide(view(Action.VIEW_IMAGE_CLEAR, NGO_CASEWORKER, age(25))),
          "rule-11-permit-view-clear-adult-caseworker");
      assertAllowed(
          decide(view(Action.VIEW_IMAGE_BLURRED, NGO_CASEWORKER, age(8))),
          "rule-11-permit-view-blurred");
    }

    @Test
    void volunteersSeeNoImages() {
      assertRefused(
          decide(view(Action.VIEW_IMAGE_BLURRED, NGO_VOLUNTEER, age(25))),
          "rule-11-forbid-images-for-volunteers");
      assertRefused(
          decide(view(Action.VIEW_IMAGE_CLEAR, NGO_VOLUNTEER, age(25))),
          "rule-11-forbid-images-for-volunteers");
    }

    @Test
    void imagesOnlyOnAnOpenCase() {
      assertRefused(
          decide(
              view(Action.VIEW_IMAGE_CLEAR, FACE_EXAMINER, age(8))
                  .caseFacts(openCase(MISSING).status(PENDING).build())),
          "rule-11-forbid-images-outside-open-case");
    }
  }

  @Nested
  class Rule12TwoPersonRule {
    private PolicyRequest.Builder step(Action action, Role role, PolicyRequest.ReviewFacts review) {
      PolicyRequest.Builder request =
          PolicyRequest.of(actor(role), action)
              .purpose(CANDIDATE_VERIFICATION)
              .caseFacts(openCase(MISSING).build());
      return review == null ? request : request.review(review);
    }

    @Test
    void examinerRecordsOneVerdictPerItem() {
      assertAllowed(
          decide(step(Action.RECORD_VERDICT, FACE_EXAMINER, review(1, false, false))),
          "rule-12-permit-record-verdict");
      assertRefused(
          decide(step(Action.RECORD_VERDICT, FACE_EXAMINER, review(1, false, true))),
          "rule-12-forbid-second-verdict-by-same-examiner");
      assertRefused(
          decide(step(Action.RECORD_VERDICT, POLICE_INVESTIGATOR, review(0, false, false))),
          "rule-12-forbid-verdict-by-non-examiner");
    }

    @Test
    void familyNotifiedOnlyAfterTwoPotentialCandidateVerdicts() {
      assertAllowed(
          decide(step(Action.NOTIFY_FAMILY, NGO_CASEWORKER, review(2, false, false))),
          "rule-12-permit-notify-family");
      assertRefused(
          decide(step(Action.NOTIFY_FAMILY, NGO_CASEWORKER, review(1, false, false))),
          "rule-12-forbid-notify-before-two-potential-candidate-verdicts");
      assertRefused(
          decide(step(Action.NOTIFY_FAMILY, POLICE_INVESTIGATOR, null)),
          "rule-12-forbid-review-step-without-review-facts");
    }

    @Test
    void reunifiedOnlyAfterConfirmation() {
      assertAllowed(
          decide(step(Action.MARK_REUNIFIED, POLICE_INVESTIGATOR, review(2, true, false))),
          "rule-12-permit-mark-reunified");
      assertRefused(
          decide(step(Action.MARK_REUNIFIED, POLICE_INVESTIGATOR, review(2, false, false))),
          "rule-12-forbid-reunified-without-confirmation");
    }

    @Test
    void confirmationRecordedByPoliceOrExaminer() {
      assertAllowed(
          decide(step(Action.RECORD_CONFIRMATION, POLICE_INVESTIGATOR, null)),
          "rule-12-permit-record-confirmation");
      assertAllowed(
          decide(step(Action.RECORD_CONFIRMATION, FACE_EXAMINER, null)),
          "rule-12-permit-record-confirmation");
      assertDefaultDenied(decide(step(Action.RECORD_CONFIRMATION, NGO_CASEWORKER, null)));
    }
  }

  @Nested
  class Rule13FoundPersonsLocation {
    private PolicyRequest.Builder location(Role role, PolicyFixtures.CaseSpec spec) {
      return PolicyRequest.of(actor(role), Action.VIEW_LOCATION)
          .purpose(IDENTIFICATION)
          .caseFacts(spec.build())
          .subject(age(19));
    }

    @Test
    void policeActingForTheFoundSideSeeTheLocation() {
      assertAllowed(
          decide(location(POLICE_INVESTIGATOR, openCase(FOUND))),
          "rule-13-permit-view-location-police");
    }

    @Test
    void neverToARequesterActingForAMissingCase() {
      assertRefused(
          decide(location(POLICE_INVESTIGATOR, openCase(MISSING))),
          "rule-13-forbid-location-to-missing-side-requester");
      assertRefused(
          decide(location(POLICE_INVESTIGATOR, openCase(FOUND).requesterSide(null))),
          "rule-13-forbid-location-to-missing-side-requester");
    }

    @Test
    void neverWhenTheSubjectRefusedDisclosure() {
      assertRefused(
          decide(location(POLICE_INVESTIGATOR, openCase(FOUND)).subject(refusedDisclosure(19))),
          "rule-13-forbid-location-disclosure-refused");
    }

    @Test
    void neverToNgoRoles() {
      assertRefused(
          decide(location(NGO_CASEWORKER, openCase(FOUND))),
          "rule-13-forbid-location-for-ngo-roles");
    }
  }

  @Nested
  class Rule14ProtectedPersons {
    private PolicyRequest.Builder show(Role role, PolicyRequest.SubjectFacts subject) {
      return PolicyRequest.of(actor(role), Action.SHOW_CANDIDATE)
          .purpose(FAMILY_TRACING)
          .caseFacts(openCase(MISSING).build())
          .subject(subject);
    }

    @Test
    void ordinaryCandidateIsShown() {
      assertAllowed(decide(show(NGO_CASEWORKER, age(20))), "rule-14-permit-show-candidate");
    }

    @ParameterizedTest
    @EnumSource(
        value = Role.class,
        names = {"NGO_CASEWORKER", "POLICE_INVESTIGATOR", "FACE_EXAMINER"})
    void protectedPersonIsNeverShown(Role role) {
      assertRefused(
          decide(show(role, protectedPerson(20))), "rule-14-forbid-show-protected-person");
    }
  }

  @Nested
  class Rule15ExportAndPublication {
    @ParameterizedTest
    @EnumSource(Role.class)
    void nobodyExportsAnImage(Role role) {
      PolicyRequest.Builder request =
          PolicyRequest.of(actor(role), Action.EXPORT_IMAGE)
              .purpose(FAMILY_TRACING)
              .caseFacts(openCase(MISSING).build())
              .subject(age(30));
      assertRefused(decide(request), "rule-15-forbid-export-image");
    }

    private PolicyRequest.Builder alert(Role role, PolicyFixtures.CaseSpec spec) {
      return PolicyRequest.of(actor(role), Action.PUBLISH_ALERT)
          .purpose(FAMILY_TRACING)
          .caseFacts(spec.build());
    }

    @Test
    void policeAlertForAnOpenMissingCase() {
      assertAllowed(
          decide(alert(POLICE_INVESTIGATOR, openCase(MISSING))), "rule-15-permit-publish-alert");
    }

    @Test
    void noAlertByOthersOrForOtherCases() {
      String forbid = "rule-15-forbid-publish-alert-unless-police-on-open-missing-case";
      assertRefused(decide(alert(NGO_CASEWORKER, openCase(MISSING))), forbid);
      assertRefused(decide(alert(POLICE_INVESTIGATOR, openCase(FOUND))), forbid);
      assertRefused(
          decide(alert(POLICE_INVESTIGATOR, openCase(MISSING).status(CaseStatus.FOUND))), forbid);
    }
  }

  @Nested
  class Rule16RateLimitsAndLocking {
    @Test
    void searchesUnderTheLimitsAreAllowed() {
      assertAllowed(
          decide(search(NGO_CASEWORKER).usage(usage(29, 19, true))), "rule-9-permit-search");
      // a probe already searched for the case does not count again
      assertAllowed(
          decide(search(NGO_CASEWORKER).usage(usage(0, 20, false))), "rule-9-permit-search");
    }

    @Test
    void thirtiethSearchOfTheDayIsRefused() {
      assertRefused(
          decide(search(NGO_CASEWORKER).usage(usage(30, 0, false))),
          "rule-16-forbid-search-daily-limit");
    }

    @Test
    void twentyFirstDistinctProbeIsRefused() {
      assertRefused(
          decide(search(POLICE_INVESTIGATOR).usage(usage(0, 20, true))),
          "rule-16-forbid-search-probe-limit");
    }

    @Test
    void searchWithoutUsageCountsIsRefused() {
      PolicyRequest.Builder request =
          PolicyRequest.of(actor(NGO_CASEWORKER), Action.SEARCH)
              .purpose(FAMILY_TRACING)
              .caseFacts(openCase(MISSING).build());
      assertRefused(decide(request), "rule-16-forbid-search-without-usage-counts");
    }

    @Test
    void lockedAccountIsRefusedEverything() {
      PolicyRequest.Builder request = search(NGO_CASEWORKER);
      PolicyRequest locked =
          PolicyRequest.of(actor(NGO_CASEWORKER).withLocked(true), Action.SEARCH)
              .purpose(FAMILY_TRACING)
              .caseFacts(openCase(MISSING).build())
              .usage(lightUsage())
              .build();
      assertAllowed(decide(request), "rule-9-permit-search");
      assertRefused(PolicyFixtures.ENGINE.decide(locked), "rule-16-forbid-locked-account");
      PolicyRequest lockedOfficer =
          PolicyRequest.of(actor(PRIVACY_OFFICER).withLocked(true), Action.READ_AUDIT)
              .purpose(PRIVACY_AUDIT)
              .build();
      assertRefused(PolicyFixtures.ENGINE.decide(lockedOfficer), "rule-16-forbid-locked-account");
    }

    @Test
    void onlyPrivacyOfficersUnlock() {
      PolicyRequest.Builder unlock =
          PolicyRequest.of(actor(PRIVACY_OFFICER), Action.UNLOCK_ACCOUNT).purpose(PRIVACY_AUDIT);
      assertAllowed(decide(unlock), "rule-16-permit-unlock-account-by-privacy-officer");
      assertDefaultDenied(
          decide(PolicyRequest.of(actor(ADMIN), Action.UNLOCK_ACCOUNT).purpose(PRIVACY_AUDIT)));
    }

    @Test
    void limitsComeFromConfiguration() {
      CedarPolicyEngine strict = CedarPolicyEngine.fromClasspath(new PolicyLimits(5, 2));
      assertRefused(
          strict.decide(search(NGO_CASEWORKER).usage(usage(5, 0, false)).build()),
          "rule-16-forbid-search-daily-limit");
      assertRefused(
          strict.decide(search(NGO_CASEWORKER).usage(usage(0, 2, true)).build()),
          "rule-16-forbid-search-probe-limit");
      assertAllowed(
          strict.decide(search(NGO_CASEWORKER).usage(usage(4, 1, true)).build()),
          "rule-9-permit-search");
    }
  }

  @Nested
  class Rule17FailClosed {
    @Test
    void missingFactsAreTheUnsafeCase() {
      // no purpose, no subject facts, no usage counts: each refused, never allowed by omission
      assertRefused(
          decide(
              PolicyRequest.of(actor(POLICE_INVESTIGATOR), Action.READ_CASE)
                  .caseFacts(openCase(MISSING).build())),
          "rule-1-forbid-no-purpose");
      assertRefused(
          decide(
              PolicyRequest.of(actor(FACE_EXAMINER), Action.SHOW_CANDIDATE)
                  .purpose(CANDIDATE_VERIFICATION)
                  .caseFacts(openCase(MISSING).build())),
          "rule-14-forbid-show-protected-person");
      assertRefused(
          decide(
              PolicyRequest.of(actor(NGO_CASEWORKER), Action.VIEW_IMAGE_CLEAR)
                  .purpose(FAMILY_TRACING)
                  .caseFacts(openCase(MISSING).build())),
          "rule-11-forbid-clear-minor-image-for-ngo-roles");
    }

    @Test
    void aCompleteRequestIsAllowed() {
      assertAllowed(
          decide(
              PolicyRequest.of(actor(POLICE_INVESTIGATOR), Action.READ_CASE)
                  .purpose(IDENTIFICATION)
                  .caseFacts(openCase(MISSING).build())),
          "roles-permit-read-case");
    }

    // Evaluation errors: CedarPolicyEngineTest.evaluationErrorDeniesEvenWhenAPermitMatches.
  }

  @Nested
  class RolesAndCaseAdministration {
    @ParameterizedTest
    @EnumSource(
        value = Action.class,
        names = {
          "SEARCH",
          "ONE_TIME_SEARCH",
          "SHOW_CANDIDATE",
          "VIEW_SCORES",
          "VIEW_IMAGE_CLEAR",
          "VIEW_IMAGE_BLURRED",
          "VIEW_LOCATION",
          "VIEW_CANDIDATES",
          "ENROL_PHOTO"
        })
    void privacyOfficersAndAdminsNeverGetFaceData(Action action) {
      for (Role role : new Role[] {PRIVACY_OFFICER, ADMIN}) {
        PolicyRequest.Builder request =
            PolicyRequest.of(actor(role), action)
                .purpose(FAMILY_TRACING)
                .caseFacts(openCase(FOUND).build())
                .subject(age(30))
                .usage(lightUsage())
                .photoSource(PhotoSource.STREET);
        assertRefused(decide(request), "roles-forbid-face-data-for-privacy-officer-and-admin");
      }
    }

    @Test
    void privacyOfficersAndNobodyElseBrowseTheAuditRecords() {
      assertAllowed(
          decide(
              PolicyRequest.of(actor(PRIVACY_OFFICER), Action.READ_AUDIT_RECORDS)
                  .purpose(PRIVACY_AUDIT)),
          "roles-permit-privacy-officer-read-audit-records");
      for (Role role : Role.values()) {
        if (role != PRIVACY_OFFICER) {
          assertDefaultDenied(
              decide(
                  PolicyRequest.of(actor(role), Action.READ_AUDIT_RECORDS).purpose(PRIVACY_AUDIT)));
        }
      }
      // Rule 1: the purpose is a privacy audit, nothing else.
      assertRefused(
          decide(
              PolicyRequest.of(actor(PRIVACY_OFFICER), Action.READ_AUDIT_RECORDS)
                  .purpose(FAMILY_TRACING)),
          "rule-1-forbid-purpose-mismatch-privacy-oversight");
    }

    @Test
    void theCaseRolesListCasesAndAdministratorsDoNot() {
      for (Role role :
          new Role[] {
            NGO_VOLUNTEER, NGO_CASEWORKER, POLICE_INVESTIGATOR, FACE_EXAMINER, PRIVACY_OFFICER
          }) {
        assertAllowed(
            decide(PolicyRequest.of(actor(role), Action.LIST_CASES).purpose(FAMILY_TRACING)),
            "roles-permit-list-cases");
      }
      assertDefaultDenied(
          decide(PolicyRequest.of(actor(ADMIN), Action.LIST_CASES).purpose(ADMINISTRATION)));
    }

    @Test
    void privacyOfficerReadsAuditAlertsAndCaseMetadata() {
      assertAllowed(
          decide(
              PolicyRequest.of(actor(PRIVACY_OFFICER), Action.READ_AUDIT).purpose(PRIVACY_AUDIT)),
          "roles-permit-privacy-officer-audit-and-alerts");
      assertAllowed(
          decide(
              PolicyRequest.of(actor(PRIVACY_OFFICER), Action.REVIEW_ALERTS)
                  .purpose(PRIVACY_AUDIT)),
          "roles-permit-privacy-officer-audit-and-alerts");
      assertAllowed(
          decide(
              PolicyRequest.of(actor(PRIVACY_OFFICER), Action.READ_CASE)
                  .purpose(PRIVACY_AUDIT)
                  .caseFacts(openCase(MISSING).organisation("org-9").build())),
          "roles-permit-read-case");
      assertRefused(
          decide(
              PolicyRequest.of(actor(PRIVACY_OFFICER), Action.READ_AUDIT).purpose(ADMINISTRATION)),
          "rule-1-forbid-purpose-mismatch-privacy-oversight");
      assertDefaultDenied(
          decide(
              PolicyRequest.of(actor(NGO_CASEWORKER), Action.READ_AUDIT).purpose(PRIVACY_AUDIT)));
    }

    @Test
    void adminChangesConfigurationOnly() {
      assertAllowed(
          decide(
              PolicyRequest.of(actor(ADMIN), Action.CHANGE_CONFIGURATION).purpose(ADMINISTRATION)),
          "roles-permit-admin-change-configuration");
      assertDefaultDenied(
          decide(
              PolicyRequest.of(actor(PRIVACY_OFFICER), Action.CHANGE_CONFIGURATION)
                  .purpose(ADMINISTRATION)));
      assertRefused(
          decide(
              PolicyRequest.of(actor(ADMIN), Action.READ_CASE)
                  .purpose(ADMINISTRATION)
                  .caseFacts(openCase(MISSING).build())),
          "rule-1-forbid-purpose-mismatch-read-case");
    }

    @Test
    void adminManagesLocalAccountsForAdministrationOnly() {
      assertAllowed(
          decide(PolicyRequest.of(actor(ADMIN), Action.MANAGE_ACCOUNTS).purpose(ADMINISTRATION)),
          "roles-permit-admin-manage-accounts");
      assertRefused(
          decide(PolicyRequest.of(actor(ADMIN), Action.MANAGE_ACCOUNTS).purpose(FAMILY_TRACING)),
          "rule-1-forbid-purpose-mismatch-administration");
      for (Role role : new Role[] {PRIVACY_OFFICER, NGO_CASEWORKER, POLICE_INVESTIGATOR}) {
        assertDefaultDenied(
            decide(PolicyRequest.of(actor(role), Action.MANAGE_ACCOUNTS).purpose(ADMINISTRATION)));
      }
    }

    @Test
    void actingRoleDecidesNotEveryRoleHeld() {
      PolicyRequest.Builder request =
          PolicyRequest.of(actor(PRIVACY_OFFICER, FACE_EXAMINER), Action.VIEW_SCORES)
              .purpose(CANDIDATE_VERIFICATION)
              .caseFacts(openCase(MISSING).build());
      assertRefused(decide(request), "roles-forbid-face-data-for-privacy-officer-and-admin");
    }

    @Test
    void casesAreCreatedByVolunteersCaseworkersAndPolice() {
      for (Role role : new Role[] {NGO_VOLUNTEER, NGO_CASEWORKER, POLICE_INVESTIGATOR}) {
        assertAllowed(
            decide(
                PolicyRequest.of(actor(role), Action.CREATE_CASE)
                    .purpose(FAMILY_TRACING)
                    .subject(age(30))
                    .consent(consent(CONSENT, SUBJECT))
                    .caseFacts(
                        openCase(MISSING).status(PENDING).unverified().reportedByActor().build())),
            "roles-permit-create-case");
      }
    }

    @Test
    void caseStatusChangedByCaseworkerOrPolice() {
      PolicyRequest.Builder change =
          PolicyRequest.of(actor(NGO_CASEWORKER), Action.CHANGE_CASE_STATUS)
              .purpose(DATA_PROTECTION)
              .caseFacts(openCase(MISSING).build());
      assertAllowed(decide(change), "roles-permit-change-case-status");
      assertDefaultDenied(
          decide(
              PolicyRequest.of(actor(NGO_VOLUNTEER), Action.CHANGE_CASE_STATUS)
                  .purpose(FAMILY_TRACING)
                  .caseFacts(openCase(MISSING).build())));
    }

    @Test
    void consentWithdrawnByCaseworkerPoliceOrPrivacyOfficer() {
      for (Role role : new Role[] {NGO_CASEWORKER, POLICE_INVESTIGATOR, PRIVACY_OFFICER}) {
        assertAllowed(
            decide(
                PolicyRequest.of(actor(role), Action.WITHDRAW_CONSENT)
                    .purpose(DATA_PROTECTION)
                    .caseFacts(openCase(MISSING).build())),
            "rule-18-permit-withdraw-consent");
      }
      assertRefused(
          decide(
              PolicyRequest.of(actor(NGO_CASEWORKER), Action.WITHDRAW_CONSENT)
                  .purpose(FAMILY_TRACING)
                  .caseFacts(openCase(MISSING).build())),
          "rule-1-forbid-purpose-mismatch-data-protection");
    }

    @Test
    void insiderCannotLookUpAnotherOrganisationsCase() {
      PolicyRequest.Builder own =
          PolicyRequest.of(actor(NGO_CASEWORKER), Action.READ_CASE)
              .purpose(FAMILY_TRACING)
              .caseFacts(openCase(MISSING).build());
      assertAllowed(decide(own), "roles-permit-read-case");
      assertRefused(
          decide(own.caseFacts(openCase(MISSING).organisation("org-2").build())),
          "threat-insider-forbid-ngo-roles-outside-own-organisation");
    }
  }

  /** Scope by organisation and case (issue 11, threat "an insider looking up a neighbour"). */
  @Nested
  class ScopeByOrganisationAndCase {
    private final PolicyRequest.AccessFacts party =
        new PolicyRequest.AccessFacts(true, false, false);
    private final PolicyRequest.AccessFacts assigned =
        new PolicyRequest.AccessFacts(false, true, false);
    private final PolicyRequest.AccessFacts candidate =
        new PolicyRequest.AccessFacts(false, false, true);
    private final PolicyRequest.AccessFacts outside =
        new PolicyRequest.AccessFacts(false, false, false);

    private PolicyRequest.Builder access(
        Role role, Action action, PolicyRequest.AccessFacts facts) {
      return PolicyRequest.of(actor(role), action)
          .purpose(role == FACE_EXAMINER ? CANDIDATE_VERIFICATION : FAMILY_TRACING)
          .caseFacts(openCase(MISSING).organisation("org-2").build())
          .access(facts);
    }

    @Test
    void aCaseIsReachedByItsOrganisationOrAnAssignment() {
      assertAllowed(
          decide(access(NGO_CASEWORKER, Action.ACCESS_CASE, party)),
          "scope-permit-case-party-or-assigned");
      assertAllowed(
          decide(access(POLICE_INVESTIGATOR, Action.ACCESS_CASE, assigned)),
          "scope-permit-case-party-or-assigned");
      assertAllowed(
          decide(access(FACE_EXAMINER, Action.ACCESS_CASE, assigned)),
          "scope-permit-case-party-or-assigned");
    }

    @Test
    void anotherOrganisationsCaseIsOutOfScopeForEveryRole() {
      for (Role role : Role.values()) {
        assertRefused(
            decide(access(role, Action.ACCESS_CASE, outside)),
            "scope-forbid-case-outside-organisation");
      }
      // A photo's candidate status never opens its case.
      assertRefused(
          decide(access(POLICE_INVESTIGATOR, Action.ACCESS_CASE, candidate)),
          "scope-forbid-case-outside-organisation");
      // An absent fact is the unsafe case.
      assertRefused(
          decide(
              PolicyRequest.of(actor(POLICE_INVESTIGATOR), Action.ACCESS_CASE)
                  .purpose(IDENTIFICATION)
                  .caseFacts(openCase(MISSING).build())),
          "scope-forbid-case-outside-organisation");
    }

    @Test
    void anAssignmentNeverExtendsAnNgoRole() {
      for (Role role : new Role[] {NGO_CASEWORKER, NGO_VOLUNTEER}) {
        for (Action action :
            new Action[] {Action.ACCESS_CASE, Action.ACCESS_PHOTO, Action.ACCESS_REVIEW}) {
          assertRefused(
              decide(access(role, action, assigned)), "scope-forbid-ngo-roles-by-assignment");
        }
      }
    }

    @Test
    void aPhotoIsReachedThroughItsCaseOrAsARedactedCandidate() {
      for (PolicyRequest.AccessFacts facts : new PolicyRequest.AccessFacts[] {party, candidate}) {
        assertAllowed(
            decide(access(NGO_CASEWORKER, Action.ACCESS_PHOTO, facts)),
            "scope-permit-photo-party-assigned-or-candidate");
      }
      assertAllowed(
          decide(access(FACE_EXAMINER, Action.ACCESS_PHOTO, assigned)),
          "scope-permit-photo-party-assigned-or-candidate");
      assertRefused(
          decide(access(NGO_CASEWORKER, Action.ACCESS_PHOTO, outside)),
          "scope-forbid-photo-outside-organisation");
      assertRefused(
          decide(access(POLICE_INVESTIGATOR, Action.ACCESS_PHOTO, outside)),
          "scope-forbid-photo-outside-organisation");
    }

    @Test
    void aReviewItemIsReachedThroughEitherOfItsCases() {
      assertAllowed(
          decide(access(NGO_CASEWORKER, Action.ACCESS_REVIEW, party)),
          "scope-permit-review-party-or-assigned");
      assertAllowed(
          decide(access(FACE_EXAMINER, Action.ACCESS_REVIEW, assigned)),
          "scope-permit-review-party-or-assigned");
      assertRefused(
          decide(access(FACE_EXAMINER, Action.ACCESS_REVIEW, outside)),
          "scope-forbid-review-outside-organisation");
      assertRefused(
          decide(access(FACE_EXAMINER, Action.ACCESS_REVIEW, candidate)),
          "scope-forbid-review-outside-organisation");
    }

    @Test
    void aPrivacyOfficerSeesTheAlertsOfTheirOrganisation() {
      assertAllowed(
          decide(
              PolicyRequest.of(actor(PRIVACY_OFFICER), Action.ACCESS_ALERT)
                  .purpose(PRIVACY_AUDIT)
                  .access(party)),
          "scope-permit-alert-own-organisation");
      assertRefused(
          decide(
              PolicyRequest.of(actor(PRIVACY_OFFICER), Action.ACCESS_ALERT)
                  .purpose(PRIVACY_AUDIT)
                  .access(outside)),
          "scope-forbid-alert-outside-organisation");
      // Other roles see no alerts at all.
      assertDefaultDenied(
          decide(
              PolicyRequest.of(actor(NGO_CASEWORKER), Action.ACCESS_ALERT)
                  .purpose(PRIVACY_AUDIT)
                  .access(party)));
    }

    @Test
    void theRegisteringCaseworkerOrPoliceAssignOthers() {
      assertAllowed(
          decide(access(NGO_CASEWORKER, Action.ASSIGN_CASE, party)),
          "scope-permit-assign-case-by-owning-caseworker-or-police");
      assertAllowed(
          decide(access(POLICE_INVESTIGATOR, Action.ASSIGN_CASE, party).purpose(IDENTIFICATION)),
          "scope-permit-assign-case-by-owning-caseworker-or-police");
      // A volunteer or an examiner of the organisation may not hand out access.
      assertDefaultDenied(decide(access(NGO_VOLUNTEER, Action.ASSIGN_CASE, party)));
      assertDefaultDenied(decide(access(FACE_EXAMINER, Action.ASSIGN_CASE, party)));
    }

    @Test
    void anAssigneeCannotPassTheCaseOn() {
      assertRefused(
          decide(access(POLICE_INVESTIGATOR, Action.ASSIGN_CASE, assigned).purpose(IDENTIFICATION)),
          "scope-forbid-assign-case-outside-owning-organisation");
      assertRefused(
          decide(access(NGO_CASEWORKER, Action.ASSIGN_CASE, outside)),
          "scope-forbid-assign-case-outside-owning-organisation");
    }
  }

  /** Issue 11: police-only facts and the review of alerts. */
  @Nested
  class PoliceOnlyFactsAndAlertReview {
    private PolicyRequest.Builder create(Role role, boolean policeCase, boolean guardianFlagged) {
      PolicyFixtures.CaseSpec c = openCase(MISSING).status(PENDING).unverified().reportedByActor();
      if (policeCase) {
        c.police();
      }
      return PolicyRequest.of(actor(role), Action.CREATE_CASE)
          .purpose(FAMILY_TRACING)
          .subject(
              new PolicyRequest.SubjectFacts(Optional.of(16), false, false, false, guardianFlagged))
          .consent(consent(CONSENT, SUBJECT))
          .caseFacts(c.build());
    }

    @Test
    void policeSetAPoliceCaseNumberAndFlagTheGuardian() {
      assertAllowed(decide(create(POLICE_INVESTIGATOR, true, true)), "roles-permit-create-case");
    }

    @Test
    void nobodyElseTypesAPoliceCaseNumber() {
      for (Role role : new Role[] {NGO_VOLUNTEER, NGO_CASEWORKER}) {
        assertRefused(
            decide(create(role, true, false)), "rule-2-5-forbid-police-only-facts-from-non-police");
      }
    }

    @Test
    void nobodyElseFlagsTheGuardian() {
      for (Role role : new Role[] {NGO_VOLUNTEER, NGO_CASEWORKER}) {
        assertRefused(
            decide(create(role, false, true)), "rule-2-5-forbid-police-only-facts-from-non-police");
        assertAllowed(decide(create(role, false, false)), "roles-permit-create-case");
      }
    }

    @Test
    void privacyOfficersAcknowledgeAndResolveAlerts() {
      for (Action action : new Action[] {Action.ACKNOWLEDGE_ALERT, Action.RESOLVE_ALERT}) {
        assertAllowed(
            decide(PolicyRequest.of(actor(PRIVACY_OFFICER), action).purpose(PRIVACY_AUDIT)),
            "roles-permit-privacy-officer-acknowledge-and-resolve-alerts");
        assertRefused(
            decide(PolicyRequest.of(actor(PRIVACY_OFFICER), action).purpose(FAMILY_TRACING)),
            "rule-1-forbid-purpose-mismatch-privacy-oversight");
        for (Role role : new Role[] {NGO_CASEWORKER, POLICE_INVESTIGATOR, ADMIN}) {
          assertDefaultDenied(decide(PolicyRequest.of(actor(role), action).purpose(PRIVACY_AUDIT)));
        }
      }
    }
  }
}
