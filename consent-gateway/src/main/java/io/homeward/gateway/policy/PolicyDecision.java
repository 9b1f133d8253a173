package io.homeward.gateway.policy;

import java.util.List;

/**
 * A policy decision and what decided it, for the audit record.
 *
 * @param allowed whether the request may go ahead
 * @param policyIds the ids of the policies that decided (the permits that allowed, or the forbids
 *     that refused); empty for a default deny
 * @param policyVersion the version of the policy set that decided
 */
public record PolicyDecision(boolean allowed, List<String> policyIds, String policyVersion) {
  public PolicyDecision {
    policyIds = List.copyOf(policyIds);
  }
}
