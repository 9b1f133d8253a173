package io.homeward.gateway.store;

import java.time.Instant;

/**
 * A browser session as stored: hashes only.
 *
 * @param idHash SHA-256 (hex) of the session id in the cookie
 * @param subject the account it signs in
 * @param csrfHash SHA-256 (hex) of its CSRF token
 * @param authMethod how the user signed in ({@code password}, {@code password+totp})
 * @param createdAt when it began (the absolute lifetime counts from here)
 * @param lastSeenAt its last request (the idle timeout counts from here)
 * @param endedAt when it ended ({@code null} while open)
 * @param role the role of a session opened at the identity provider, from its ID token ({@code
 *     null} for a local account's session: the account holds it)
 * @param organisation the organisation of such a session, likewise
 */
public record BrowserSession(
    String idHash,
    String subject,
    String csrfHash,
    String authMethod,
    Instant createdAt,
    Instant lastSeenAt,
    Instant endedAt,
    String role,
    String organisation) {

  /** Whether the session was opened at the organisation's identity provider. */
  public boolean federated() {
    return role != null;
  }
}
