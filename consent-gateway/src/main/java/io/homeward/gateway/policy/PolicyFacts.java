package io.homeward.gateway.policy;

import io.homeward.gateway.domain.Side;
import io.homeward.gateway.store.CaseRecord;
import io.homeward.gateway.store.ConsentRecord;
import io.homeward.gateway.store.SubjectRecord;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Builds the policy's facts from stored records (public for the scope checks in {@code access}).
 */
public final class PolicyFacts {
  private PolicyFacts() {}

  public static PolicyRequest.CaseFacts caseFacts(
      CaseRecord c, Actor actor, Optional<Side> requester) {
    return new PolicyRequest.CaseFacts(
        c.side(),
        c.status(),
        c.organisation(),
        c.verified(),
        c.reportedBy().equals(actor.subject()),
        c.policeCase(),
        requester);
  }

  /**
   * The subject's age for the consent rules: now, except for a MISSING person, whose family
   * registers them as they were when they disappeared (they cannot consent themselves, and a child
   * missing for twenty years is still the family's child to report).
   */
  public static PolicyRequest.SubjectFacts subjectNow(SubjectRecord s, Instant now) {
    Integer age = s.ageIn(now.atZone(ZoneOffset.UTC).getYear());
    if (s.missingSince() != null && s.birthYearTo() != null) {
      age = s.ageIn(s.missingSince().getYear());
    }
    return new PolicyRequest.SubjectFacts(
        Optional.ofNullable(age),
        s.protectedPerson(),
        s.disclosureRefused(),
        s.lacksCapacity(),
        s.guardianFlagged());
  }

  public static PolicyRequest.SubjectFacts subjectAt(SubjectRecord s, Float ageAtPhoto) {
    return new PolicyRequest.SubjectFacts(
        Optional.ofNullable(ageAtPhoto == null ? null : (int) Math.floor(ageAtPhoto)),
        s.protectedPerson(),
        s.disclosureRefused(),
        s.lacksCapacity());
  }

  /** The strongest basis in force: a verified or police basis before an unverified consent. */
  public static Optional<ConsentRecord> basisInForce(List<ConsentRecord> consents, Instant now) {
    ConsentRecord best = null;
    for (ConsentRecord c : consents) {
      if (!c.activeAt(now)) {
        continue;
      }
      if (best == null || rank(c) > rank(best)) {
        best = c;
      }
    }
    return Optional.ofNullable(best);
  }

  private static int rank(ConsentRecord c) {
    return switch (c.basis()) {
          case STATUTORY_DUTY -> 4;
          case VITAL_EMERGENCY -> 3;
          default -> 1;
        }
        + (c.verified() ? 1 : 0);
  }

  public static PolicyRequest.ConsentFacts consentFacts(ConsentRecord c, Instant now) {
    return new PolicyRequest.ConsentFacts(
        c.basis(),
        c.givenBy(),
        c.verified(),
        c.justificationSealed() != null,
        !c.activeAt(now),
        c.trainingConsent());
  }
}
