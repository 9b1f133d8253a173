package io.homeward.gateway.accounts;

import io.homeward.gateway.domain.Role;
import io.homeward.gateway.store.LocalAccount;
import java.util.EnumSet;
import java.util.Set;

/**
 * An open browser session of a request.
 *
 * @param idHash the hash of its id (never the id itself)
 * @param account the account, as read for this request
 * @param authMethod how the user signed in, for the audit
 * @param csrfValid whether the request carried the session's CSRF token
 */
public record Session(String idHash, LocalAccount account, String authMethod, boolean csrfValid) {
  /** Roles that reach faces, evidence or the audit log, or that manage users: a second factor. */
  public static final Set<Role> SECOND_FACTOR_ROLES =
      EnumSet.of(Role.POLICE_INVESTIGATOR, Role.FACE_EXAMINER, Role.PRIVACY_OFFICER, Role.ADMIN);

  /** How a session opened at the organisation's identity provider signed in. */
  public static final String FEDERATED = "oidc";

  /**
   * Whether the session was opened at the organisation's identity provider (OpenID Connect): its
   * password and second factor are the provider's business.
   */
  public boolean federated() {
    return FEDERATED.equals(authMethod);
  }

  /** The role requires a second factor and none is enrolled yet. */
  public boolean secondFactorMissing() {
    return !federated() && SECOND_FACTOR_ROLES.contains(account.role()) && !account.totpEnrolled();
  }
}
