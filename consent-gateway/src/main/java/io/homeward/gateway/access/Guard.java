package io.homeward.gateway.access;

import io.homeward.gateway.audit.AuditDraft;
import io.homeward.gateway.audit.AuditLog;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.policy.PolicyDecision;
import io.homeward.gateway.policy.PolicyEngine;
import io.homeward.gateway.policy.PolicyRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Locale;

/**
 * Asks the policy, and on a refusal writes the audit record (in its own transaction: a refusal
 * stores nothing else) and fails the request. If that audit write fails, the request fails all the
 * same (rule 17).
 */
@ApplicationScoped
public class Guard {
  private final PolicyEngine policy;
  private final AuditLog audit;
  private final Clock clock;

  public Guard(PolicyEngine policy, AuditLog audit, Clock clock) {
    this.policy = policy;
    this.audit = audit;
    this.clock = clock;
  }

  /** Returns the allowing decision, or audits the refusal and throws 403. */
  public PolicyDecision require(PolicyRequest request, AuditDraft draft) {
    if (request.actor().locked()) {
      PolicyDecision decision = policy.decide(request);
      audit.append(draft.detail("account locked").build(clock.instant(), decision, false));
      throw new GatewayException(
          ProblemType.ACCOUNT_LOCKED, "the account is locked until a privacy officer reviews it");
    }
    PolicyDecision decision = policy.decide(request);
    if (!decision.allowed()) {
      audit.append(
          draft
              .detail("refused: " + request.action().name())
              .build(clock.instant(), decision, false));
      throw new GatewayException(
          ProblemType.POLICY_DENIED, "the privacy rules do not allow " + describe(request));
    }
    return decision;
  }

  /** Asks without failing (for choices such as blurred or clear, bands or scores). */
  public PolicyDecision ask(PolicyRequest request) {
    return policy.decide(request);
  }

  private static String describe(PolicyRequest request) {
    return request.action().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " here";
  }
}
