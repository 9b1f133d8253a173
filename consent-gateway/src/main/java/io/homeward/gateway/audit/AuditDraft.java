package io.homeward.gateway.audit;

import io.homeward.gateway.domain.AgeBands;
import io.homeward.gateway.domain.Display;
import io.homeward.gateway.domain.Purpose;
import io.homeward.gateway.policy.Actor;
import io.homeward.gateway.policy.PolicyDecision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Collects an audit record's fields while a request runs. Not thread-safe: one per request. */
public final class AuditDraft {
  private final Actor actor;
  private final AuditAction action;
  private final String purpose;
  private String legalBasis;
  private String caseId;
  private String consentId;
  private String keySubject;
  private final List<String> subjectIds = new ArrayList<>();
  private String ageBand;
  private String probeHmac;
  private String modelVersion;
  private String threshold;
  private final List<String> candidates = new ArrayList<>();
  private String displayed;
  private final List<String> verdicts = new ArrayList<>();
  private boolean override;
  private String justification;
  private String detail;

  public AuditDraft(Actor actor, AuditAction action, Purpose purpose) {
    this.actor = actor;
    this.action = action;
    this.purpose = purpose == null ? "NONE" : purpose.name();
  }

  public AuditDraft legalBasis(String v) {
    legalBasis = v;
    return this;
  }

  public AuditDraft caseId(String v) {
    caseId = v;
    return this;
  }

  public AuditDraft consentId(String v) {
    consentId = v;
    return this;
  }

  /** The subject whose key seals the personal fields, also listed among the subjects. */
  public AuditDraft subject(String subjectId) {
    if (subjectId != null) {
      keySubject = subjectId;
      if (!subjectIds.contains(subjectId)) {
        subjectIds.add(subjectId);
      }
    }
    return this;
  }

  public AuditDraft ageBand(Float age) {
    ageBand = AgeBands.of(age);
    return this;
  }

  public AuditDraft probeHmac(String v) {
    probeHmac = v;
    return this;
  }

  public AuditDraft modelVersion(String v) {
    modelVersion = v;
    return this;
  }

  public AuditDraft threshold(String v) {
    threshold = v;
    return this;
  }

  public AuditDraft candidate(String v) {
    candidates.add(v);
    return this;
  }

  public AuditDraft displayed(Display v) {
    displayed = v.name();
    return this;
  }

  public AuditDraft verdict(String v) {
    verdicts.add(v);
    return this;
  }

  public AuditDraft override(String justificationText) {
    override = true;
    justification = justificationText;
    return this;
  }

  public AuditDraft justification(String v) {
    justification = v;
    return this;
  }

  public AuditDraft detail(String v) {
    detail = v;
    return this;
  }

  public AuditEntry build(Instant at, PolicyDecision decision, boolean allowed) {
    return new AuditEntry(
        at,
        actor.subject(),
        actor.actingAs().name(),
        actor.organisation(),
        actor.authMethod(),
        action,
        purpose,
        Optional.ofNullable(legalBasis),
        Optional.ofNullable(caseId),
        Optional.ofNullable(consentId),
        Optional.ofNullable(keySubject),
        subjectIds,
        Optional.ofNullable(ageBand),
        Optional.ofNullable(probeHmac),
        Optional.ofNullable(modelVersion),
        Optional.ofNullable(threshold),
        candidates,
        Optional.ofNullable(displayed),
        verdicts,
        allowed,
        decision == null ? List.of() : decision.policyIds(),
        decision == null ? "none" : decision.policyVersion(),
        override,
        Optional.ofNullable(justification),
        Optional.ofNullable(detail));
  }
}
