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
 */
public record BrowserSession(
    String idHash,
    String subject,
    String csrfHash,
    String authMethod,
    Instant createdAt,
    Instant lastSeenAt,
    Instant endedAt) {}
