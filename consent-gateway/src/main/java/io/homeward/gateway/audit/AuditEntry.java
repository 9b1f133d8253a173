package io.homeward.gateway.audit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One audit record before it is chained (PRIVACY.md "Audit record"). Fields marked personal are
 * encrypted with the key of {@code keySubject} before they are stored, so erasing that key makes
 * them unreadable while the chain still verifies.
 *
 * @param at when
 * @param actorId the token subject of who acted
 * @param role the role acted in
 * @param organisation the actor's organisation
 * @param authMethod how the actor authenticated
 * @param action what was done
 * @param purpose the purpose the request named
 * @param legalBasis the legal basis relied on, if any
 * @param caseId the case, if any
 * @param consentId the consent record, if any
 * @param keySubject the subject whose key encrypts the personal fields (empty: none are personal)
 * @param subjectIds pseudonymous subject ids (personal)
 * @param ageBand the subject's age band (e.g. {@code 0-5}, {@code 6-12}, {@code 13-17}, {@code
 *     18+})
 * @param probeHmac keyed hash of the probe image, never the image
 * @param modelVersion the vector space used
 * @param threshold the threshold (band) applied
 * @param candidates candidate ids and bands returned (personal), e.g. {@code face:123=PROBABLE}
 * @param displayed what was displayed: {@code CLEAR}, {@code BLURRED}, {@code METADATA}, {@code
 *     NONE}
 * @param verdicts reviewers and verdicts (personal), e.g. {@code examiner-sub=POTENTIAL_CANDIDATE}
 * @param allowed the decision
 * @param policyIds the ids of the deciding policies
 * @param policyVersion the version of the policy set
 * @param override whether a policy override was used
 * @param justification the override's or emergency's justification (personal)
 * @param detail a short, non-personal note (e.g. the refusal reason)
 */
public record AuditEntry(
    Instant at,
    String actorId,
    String role,
    String organisation,
    String authMethod,
    AuditAction action,
    String purpose,
    Optional<String> legalBasis,
    Optional<String> caseId,
    Optional<String> consentId,
    Optional<String> keySubject,
    List<String> subjectIds,
    Optional<String> ageBand,
    Optional<String> probeHmac,
    Optional<String> modelVersion,
    Optional<String> threshold,
    List<String> candidates,
    Optional<String> displayed,
    List<String> verdicts,
    boolean allowed,
    List<String> policyIds,
    String policyVersion,
    boolean override,
    Optional<String> justification,
    Optional<String> detail) {

  public AuditEntry {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(actorId, "actorId");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(organisation, "organisation");
    Objects.requireNonNull(authMethod, "authMethod");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(purpose, "purpose");
    subjectIds = List.copyOf(subjectIds);
    candidates = List.copyOf(candidates);
    verdicts = List.copyOf(verdicts);
    policyIds = List.copyOf(policyIds);
    Objects.requireNonNull(policyVersion, "policyVersion");
  }
}
