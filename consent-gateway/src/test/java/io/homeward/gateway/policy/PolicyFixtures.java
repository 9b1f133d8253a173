package io.homeward.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.homeward.gateway.domain.CaseStatus;
import io.homeward.gateway.domain.ConsentGiver;
import io.homeward.gateway.domain.LegalBasis;
import io.homeward.gateway.domain.Role;
import io.homeward.gateway.domain.Side;
import java.util.EnumSet;
import java.util.Optional;

/** Requests for policy tests: an actor of org-1 and facts that default to the safe, usual case. */
final class PolicyFixtures {
  static final String ORG = "org-1";

  /** The shipped policies with the default limits, loaded once for all tests. */
  static final CedarPolicyEngine ENGINE = CedarPolicyEngine.fromClasspath(PolicyLimits.DEFAULTS);

  private PolicyFixtures() {}

  static Actor actor(Role acting, Role... more) {
    EnumSet<Role> roles = EnumSet.of(acting, more);
    return new Actor("user-1", ORG, roles, acting, "oidc", false);
  }

  static PolicyDecision decide(PolicyRequest.Builder request) {
    PolicyDecision decision = ENGINE.decide(request.build());
    assertThat(decision.policyVersion()).isEqualTo(ENGINE.version());
    return decision;
  }

  static CaseSpec openCase(Side side) {
    return new CaseSpec(side);
  }

  static PolicyRequest.SubjectFacts age(int years) {
    return new PolicyRequest.SubjectFacts(Optional.of(years), false, false, false);
  }

  static PolicyRequest.SubjectFacts unknownAge() {
    return new PolicyRequest.SubjectFacts(Optional.empty(), false, false, false);
  }

  static PolicyRequest.SubjectFacts protectedPerson(int years) {
    return new PolicyRequest.SubjectFacts(Optional.of(years), true, false, false);
  }

  static PolicyRequest.SubjectFacts refusedDisclosure(int years) {
    return new PolicyRequest.SubjectFacts(Optional.of(years), false, true, false);
  }

  static PolicyRequest.SubjectFacts lackingCapacity(int years) {
    return new PolicyRequest.SubjectFacts(Optional.of(years), false, false, true);
  }

  static PolicyRequest.ConsentFacts consent(LegalBasis basis, ConsentGiver givenBy) {
    return new PolicyRequest.ConsentFacts(basis, givenBy, false, false, false, false);
  }

  static PolicyRequest.ConsentFacts verified(LegalBasis basis, ConsentGiver givenBy) {
    return new PolicyRequest.ConsentFacts(basis, givenBy, true, false, false, false);
  }

  static PolicyRequest.ConsentFacts emergency(boolean justificationGiven, boolean expired) {
    return new PolicyRequest.ConsentFacts(
        LegalBasis.VITAL_EMERGENCY, ConsentGiver.POLICE, false, justificationGiven, expired, false);
  }

  static PolicyRequest.ConsentFacts expired(LegalBasis basis, ConsentGiver givenBy) {
    return new PolicyRequest.ConsentFacts(basis, givenBy, true, false, true, false);
  }

  static PolicyRequest.ConsentFacts training(boolean trainingConsent) {
    return new PolicyRequest.ConsentFacts(
        LegalBasis.CONSENT, ConsentGiver.SUBJECT, true, false, false, trainingConsent);
  }

  static PolicyRequest.UsageFacts usage(int searchesToday, int probesForCase, boolean newProbe) {
    return new PolicyRequest.UsageFacts(searchesToday, probesForCase, newProbe);
  }

  static PolicyRequest.UsageFacts lightUsage() {
    return usage(0, 0, true);
  }

  static PolicyRequest.ReviewFacts review(
      int verdicts, boolean confirmed, boolean alreadyRecorded) {
    return new PolicyRequest.ReviewFacts(verdicts, confirmed, alreadyRecorded);
  }

  static void assertAllowed(PolicyDecision decision, String policyId) {
    assertThat(decision.allowed()).as("allowed, by %s", policyId).isTrue();
    assertThat(decision.policyIds()).contains(policyId);
  }

  static void assertRefused(PolicyDecision decision, String policyId) {
    assertThat(decision.allowed()).as("refused, by %s", policyId).isFalse();
    assertThat(decision.policyIds()).contains(policyId);
  }

  /** Refused because no permit applies (Cedar's default deny): no policy id decided it. */
  static void assertDefaultDenied(PolicyDecision decision) {
    assertThat(decision.allowed()).as("refused by default").isFalse();
    assertThat(decision.policyIds()).isEmpty();
  }

  /**
   * Case facts, OPEN, verified, of org-1, no police case, the requester acting for the case's side.
   */
  static final class CaseSpec {
    private final Side side;
    private CaseStatus status = CaseStatus.OPEN;
    private String organisation = ORG;
    private boolean verified = true;
    private boolean reportedByActor;
    private boolean policeCase;
    private Optional<Side> requesterSide;

    private CaseSpec(Side side) {
      this.side = side;
      this.requesterSide = Optional.of(side);
    }

    CaseSpec status(CaseStatus value) {
      status = value;
      return this;
    }

    CaseSpec organisation(String value) {
      organisation = value;
      return this;
    }

    CaseSpec unverified() {
      verified = false;
      return this;
    }

    CaseSpec reportedByActor() {
      reportedByActor = true;
      return this;
    }

    CaseSpec police() {
      policeCase = true;
      return this;
    }

    CaseSpec requesterSide(Side value) {
      requesterSide = Optional.ofNullable(value);
      return this;
    }

    PolicyRequest.CaseFacts build() {
      return new PolicyRequest.CaseFacts(
          side, status, organisation, verified, reportedByActor, policeCase, requesterSide);
    }
  }
}
