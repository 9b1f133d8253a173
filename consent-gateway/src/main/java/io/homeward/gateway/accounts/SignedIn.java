package io.homeward.gateway.accounts;

/**
 * A session just opened, or read again by its page.
 *
 * @param sessionId the cookie's value (shown to nobody: it goes into the HttpOnly cookie)
 * @param csrfToken the token state-changing requests carry in {@code Homeward-CSRF}
 * @param account the signed-in account
 * @param idleTimeoutSeconds after this long without a request the session ends
 * @param federated whether it was opened at the organisation's identity provider (which then keeps
 *     the password and second factor)
 */
public record SignedIn(
    String sessionId,
    String csrfToken,
    AccountView account,
    long idleTimeoutSeconds,
    boolean federated) {}
