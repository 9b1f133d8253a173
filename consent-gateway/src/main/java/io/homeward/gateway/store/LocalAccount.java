package io.homeward.gateway.store;

import io.homeward.gateway.domain.Role;
import java.time.Instant;

/**
 * A local account (one machine): a row of {@code accounts} with a username.
 *
 * @param subject the account id, the subject its sessions act as (never a name)
 * @param username the unique sign-in name (lower case)
 * @param role the one role the account holds
 * @param organisation its organisation id
 * @param passwordHash the Argon2id hash in PHC form
 * @param totpSecretSealed the confirmed TOTP secret, sealed; {@code null} when not enrolled
 * @param totpPendingSealed a TOTP secret being enrolled, sealed; {@code null} when none
 * @param totpLastStep the last time step a code was accepted for ({@code null}: none yet)
 * @param failedSignIns failed sign-ins since the last success or unlock
 * @param locked whether the account is locked (sign-in failures or rate limits)
 * @param mustChangePassword whether the password is a temporary one
 * @param locale the user's language ({@code null}: the default)
 * @param createdAt when it was created
 */
public record LocalAccount(
    String subject,
    String username,
    Role role,
    String organisation,
    String passwordHash,
    byte[] totpSecretSealed,
    byte[] totpPendingSealed,
    Long totpLastStep,
    int failedSignIns,
    boolean locked,
    boolean mustChangePassword,
    String locale,
    Instant createdAt) {

  public boolean totpEnrolled() {
    return totpSecretSealed != null;
  }
}
