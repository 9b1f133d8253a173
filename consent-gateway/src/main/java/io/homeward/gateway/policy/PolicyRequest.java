package io.homeward.gateway.policy;

import io.homeward.gateway.domain.CaseStatus;
import io.homeward.gateway.domain.ConsentGiver;
import io.homeward.gateway.domain.LegalBasis;
import io.homeward.gateway.domain.PhotoSource;
import io.homeward.gateway.domain.Purpose;
import io.homeward.gateway.domain.Side;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a policy may look at for one decision. Facts that do not apply to an action are empty;
 * policies treat a missing fact as the unsafe case (an unknown age is a minor's).
 */
public record PolicyRequest(
    Actor actor,
    Action action,
    Optional<Purpose> purpose,
    Optional<CaseFacts> caseFacts,
    Optional<SubjectFacts> subject,
    Optional<ConsentFacts> consent,
    Optional<PhotoSource> photoSource,
    Optional<UsageFacts> usage,
    Optional<ReviewFacts> review,
    Optional<AccessFacts> access) {

  public PolicyRequest {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
  }

  public static Builder of(Actor actor, Action action) {
    return new Builder(actor, action);
  }

  /**
   * The case the request is about.
   *
   * @param side which registry
   * @param status its status
   * @param organisation the organisation that registered it
   * @param verified whether the case is verified (a family report without a verified case is
   *     quarantined, rule 6)
   * @param reportedBySubject whether the acting user is the one who reported it
   * @param policeCase whether a police case number is recorded
   * @param requesterSide for searches and views: the side of the case the requester acts for
   */
  public record CaseFacts(
      Side side,
      CaseStatus status,
      String organisation,
      boolean verified,
      boolean reportedBySubject,
      boolean policeCase,
      Optional<Side> requesterSide) {}

  /**
   * The person a request is about.
   *
   * @param ageYears age now (for consent rules) or at photo (for display rules); empty when
   *     unknown, which policies treat as a minor
   * @param protectedPerson in a shelter, or a victim or witness under protection (rule 14)
   * @param disclosureRefused an adult or a subject 14+ refused disclosure of their location (rule
   *     13)
   * @param lacksCapacity an adult lacking capacity (guardian consent applies, rule 2)
   * @param guardianFlagged police flagged the guardian: no guardian notice (rule 5); a police-only
   *     fact
   */
  public record SubjectFacts(
      Optional<Integer> ageYears,
      boolean protectedPerson,
      boolean disclosureRefused,
      boolean lacksCapacity,
      boolean guardianFlagged) {

    /** A subject whose guardian is not flagged. */
    public SubjectFacts(
        Optional<Integer> ageYears,
        boolean protectedPerson,
        boolean disclosureRefused,
        boolean lacksCapacity) {
      this(ageYears, protectedPerson, disclosureRefused, lacksCapacity, false);
    }
  }

  /**
   * The consent or legal basis a request relies on.
   *
   * @param basis the legal basis
   * @param givenBy who gave it
   * @param verified a caseworker checked the guardian's identity and relationship
   * @param justificationGiven a written justification is recorded (vital emergency)
   * @param expired the basis has expired (a vital emergency after 24 h) or was withdrawn
   * @param trainingConsent separate consent to use images for training (rule 8)
   */
  public record ConsentFacts(
      LegalBasis basis,
      ConsentGiver givenBy,
      boolean verified,
      boolean justificationGiven,
      boolean expired,
      boolean trainingConsent) {}

  /**
   * What the requester has used so far (rule 16), counted before this request.
   *
   * @param searchesToday searches by this user today
   * @param distinctProbesForCase distinct probe faces already searched for this case
   * @param newProbe whether this request adds a probe face not searched before for the case
   */
  public record UsageFacts(int searchesToday, int distinctProbesForCase, boolean newProbe) {}

  /**
   * A review item's state (rule 12).
   *
   * @param potentialCandidateVerdicts distinct examiners who recorded POTENTIAL_CANDIDATE
   * @param confirmationRecorded a DNA or document confirmation is recorded for the case
   * @param actorAlreadyRecorded the acting examiner already recorded a verdict on this item
   */
  public record ReviewFacts(
      int potentialCandidateVerdicts, boolean confirmationRecorded, boolean actorAlreadyRecorded) {}

  /**
   * Where the resource stands to the actor (scope by organisation and case, issue 11).
   *
   * @param party the actor's organisation registered the case (for a review item: either case)
   * @param assigned an assignment in force gives the actor's organisation and role (or the actor by
   *     name) the case (for a review item: either case)
   * @param candidateOfVisibleCase the photo is the candidate side of a review item or a search
   *     result of a case the actor may reach (shown only as that redacted candidate)
   */
  public record AccessFacts(boolean party, boolean assigned, boolean candidateOfVisibleCase) {
    /** Whether the case itself (not only a candidate of another case) is within reach. */
    public boolean reachesCase() {
      return party || assigned;
    }
  }

  /** Builds a request; every fact not set stays empty. */
  public static final class Builder {
    private final Actor actor;
    private final Action action;
    private Purpose purpose;
    private CaseFacts caseFacts;
    private SubjectFacts subject;
    private ConsentFacts consent;
    private PhotoSource photoSource;
    private UsageFacts usage;
    private ReviewFacts review;
    private AccessFacts access;

    private Builder(Actor actor, Action action) {
      this.actor = actor;
      this.action = action;
    }

    public Builder purpose(Purpose value) {
      this.purpose = value;
      return this;
    }

    public Builder caseFacts(CaseFacts value) {
      this.caseFacts = value;
      return this;
    }

    public Builder subject(SubjectFacts value) {
      this.subject = value;
      return this;
    }

    public Builder consent(ConsentFacts value) {
      this.consent = value;
      return this;
    }

    public Builder photoSource(PhotoSource value) {
      this.photoSource = value;
      return this;
    }

    public Builder usage(UsageFacts value) {
      this.usage = value;
      return this;
    }

    public Builder review(ReviewFacts value) {
      this.review = value;
      return this;
    }

    public Builder access(AccessFacts value) {
      this.access = value;
      return this;
    }

    public PolicyRequest build() {
      return new PolicyRequest(
          actor,
          action,
          Optional.ofNullable(purpose),
          Optional.ofNullable(caseFacts),
          Optional.ofNullable(subject),
          Optional.ofNullable(consent),
          Optional.ofNullable(photoSource),
          Optional.ofNullable(usage),
          Optional.ofNullable(review),
          Optional.ofNullable(access));
    }
  }
}
