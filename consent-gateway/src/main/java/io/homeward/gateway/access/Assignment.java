package io.homeward.gateway.access;

import io.homeward.gateway.domain.Role;
import java.time.Instant;

/**
 * One organisation's role (or one named user of it) given access to a case by the organisation that
 * registered it.
 *
 * @param id the assignment's id ({@code g...})
 * @param caseId the case
 * @param organisation the assignee organisation
 * @param subject the assignee user, or null for every user of the organisation in that role
 * @param role the role the access is for (an examiner or police)
 * @param assignedBy who assigned it
 * @param assignedAt when
 * @param revokedBy who revoked it, or null while in force
 * @param revokedAt when it was revoked, or null while in force
 */
public record Assignment(
    String id,
    String caseId,
    String organisation,
    String subject,
    Role role,
    String assignedBy,
    Instant assignedAt,
    String revokedBy,
    Instant revokedAt) {
  public boolean inForce() {
    return revokedAt == null;
  }
}
