package io.homeward.gateway.rest;

import io.homeward.gateway.accounts.FederatedSignIn;
import io.homeward.gateway.accounts.SignedIn;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Cluster sign-in at the organisation's identity provider (OpenID Connect code flow; {@link
 * FederatedSignIn}). The browser goes to {@code GET /api/v1/session/oidc}, which sends it to the
 * provider with a short-lived sign-in cookie; the provider sends it back to the callback, which
 * opens a session like a local sign-in's.
 *
 * <p>The callback is a top-level navigation from the provider's site, so the SameSite=Strict
 * session cookie it sets would not be sent on a redirect that continues that navigation. It answers
 * a small page that moves on by itself instead: the next navigation starts on this site, and the
 * cookie goes with it. The sign-in cookie itself is SameSite=Lax, the one kind a cross-site
 * top-level GET carries, and lives only for the sign-in.
 */
@Path("/api/v1/session/oidc")
@Tag(name = "session")
public class OidcResource {
  /** The short-lived cookie holding the sign-in's sealed state, nonce and PKCE verifier. */
  static final String LOGIN_COOKIE = "homeward_oidc";

  private static final String COOKIE_PATH = "/api/v1/session/oidc";

  private static final String CONTINUE_PAGE =
      """
      <!doctype html>
      <html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0; url=/home">\
      <title>Homeward</title></head>
      <body><p><a href="/home">Homeward</a></p></body></html>
      """;

  private final FederatedSignIn signIn;
  private final SessionCookies cookies;

  public OidcResource(FederatedSignIn signIn, SessionCookies cookies) {
    this.signIn = signIn;
    this.cookies = cookies;
  }

  @GET
  @Operation(summary = "Begin signing in at the organisation's identity provider (a redirect)")
  public Response begin() {
    requireEnabled();
    FederatedSignIn.Start start;
    try {
      start = signIn.begin();
    } catch (FederatedSignIn.Refused e) {
      return toSignInPage(e);
    }
    return Response.seeOther(start.authorizationUrl())
        .header("Set-Cookie", loginCookie(start.loginCookie(), signIn.loginTimeoutSeconds()))
        .header("Cache-Control", "no-store")
        .build();
  }

  @GET
  @Path("callback")
  @Operation(summary = "The identity provider's redirect back: opens a session")
  public Response callback(
      @CookieParam(LOGIN_COOKIE) String login,
      @QueryParam("state") String state,
      @QueryParam("code") String code,
      @QueryParam("error") String error) {
    requireEnabled();
    SignedIn s;
    try {
      s = signIn.complete(login, state, code, error);
    } catch (FederatedSignIn.Refused e) {
      return toSignInPage(e);
    }
    return Response.ok(CONTINUE_PAGE, "text/html;charset=UTF-8")
        .header("Set-Cookie", cookies.session(s.sessionId()))
        .header("Set-Cookie", loginCookie("", 0))
        .header("Cache-Control", "no-store")
        .build();
  }

  private void requireEnabled() {
    if (!signIn.enabled()) {
      throw new GatewayException(
          ProblemType.NOT_FOUND, "sign-in at an identity provider is not configured");
    }
  }

  /** Back to the sign-in page, which says why (the reason's slug only: nothing about the user). */
  private Response toSignInPage(FederatedSignIn.Refused e) {
    // A relative Location (RFC 9110 allows it): Response.seeOther would make it absolute from the
    // request's Host header, which a proxy in front of the gateway may have rewritten.
    return Response.status(Response.Status.SEE_OTHER)
        .header("Location", "/signin?oidc=" + e.refusal().slug())
        .header("Set-Cookie", loginCookie("", 0))
        .header("Cache-Control", "no-store")
        .build();
  }

  private String loginCookie(String value, long maxAgeSeconds) {
    return LOGIN_COOKIE
        + "="
        + value
        + "; Path="
        + COOKIE_PATH
        + "; Max-Age="
        + maxAgeSeconds
        + "; HttpOnly; SameSite=Lax"
        + (cookies.secure() ? "; Secure" : "");
  }
}
