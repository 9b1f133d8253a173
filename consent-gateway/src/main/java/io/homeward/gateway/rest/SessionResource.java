package io.homeward.gateway.rest;

import io.homeward.gateway.accounts.AccountSettings;
import io.homeward.gateway.accounts.AccountView;
import io.homeward.gateway.accounts.FederatedSignIn;
import io.homeward.gateway.accounts.Session;
import io.homeward.gateway.accounts.Sessions;
import io.homeward.gateway.accounts.SignIn;
import io.homeward.gateway.accounts.SignedIn;
import io.homeward.gateway.auth.SessionAuthentication;
import io.homeward.gateway.config.AccountsConfig;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.search.OneTimeSearch;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Signing in and out of the web UI, and what a signed-in user changes about their own account. The
 * session travels in an HttpOnly, SameSite=Strict cookie; every state-changing call here except
 * signing in carries the session's CSRF token in {@code Homeward-CSRF}. These calls stay open to a
 * session whose temporary password or second factor is still pending.
 */
@Path("/api/v1/session")
@Tag(name = "session")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {
  private final SignIn signIn;
  private final FederatedSignIn federated;
  private final Sessions sessions;
  private final AccountSettings settings;
  private final OneTimeSearch oneTimeSearch;
  private final SessionCookies cookies;
  private final URI signInPage;

  public SessionResource(
      SignIn signIn,
      FederatedSignIn federated,
      Sessions sessions,
      AccountSettings settings,
      OneTimeSearch oneTimeSearch,
      SessionCookies cookies,
      AccountsConfig config) {
    this.signIn = signIn;
    this.federated = federated;
    this.sessions = sessions;
    this.settings = settings;
    this.oneTimeSearch = oneTimeSearch;
    this.cookies = cookies;
    this.signInPage = URI.create(config.publicUrl().replaceAll("/+$", "") + "/signin");
  }

  /** Credentials; {@code totp} once the account has a second factor. */
  public record Credentials(String username, String password, String totp) {}

  /**
   * The signed-in account as its page needs it; {@code identityProvider}: signed in at the
   * organisation's identity provider (no username, password or second factor here).
   */
  public record SessionAccount(
      String id,
      String username,
      String role,
      String organisation,
      String locale,
      boolean totpEnrolled,
      boolean mustChangePassword,
      boolean secondFactorRequired,
      boolean identityProvider) {}

  /** A session's page data. */
  public record SessionView(SessionAccount account, String csrfToken, long idleTimeoutSeconds) {}

  /** The code from the authenticator app. */
  public record Code(String code) {}

  /** A password change. */
  public record PasswordChange(String current, String next) {}

  /** A language: {@code zh-CN} or {@code en}. */
  public record LocaleChoice(String locale) {}

  /**
   * A session of the identity provider signed out: where the browser signs out at the provider too
   * (RP-initiated logout), when the provider offers it.
   */
  public record SignedOut(String providerLogout) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Sign in: opens a session (cookie) and returns its CSRF token")
  public Response signIn(Credentials body) {
    if (!federated.localAccountsEnabled()) {
      throw new GatewayException(
          ProblemType.NOT_FOUND,
          "local accounts are disabled: sign in at the organisation's identity provider");
    }
    if (body == null) {
      throw new GatewayException(ProblemType.INVALID_REQUEST, "username and password are required");
    }
    SignedIn s = signIn.signIn(body.username(), body.password(), body.totp());
    return Response.ok(view(s))
        .header("Set-Cookie", cookies.session(s.sessionId()))
        .header("Cache-Control", "no-store")
        .build();
  }

  @GET
  @Operation(summary = "The signed-in account and the session's CSRF token")
  public Response current(
      @CookieParam(SessionAuthentication.COOKIE) String id,
      @HeaderParam(SessionAuthentication.CSRF_HEADER) String csrf) {
    Session session = require(id, csrf, false);
    return Response.ok(view(sessions.describe(id, session)))
        .header("Cache-Control", "no-store")
        .build();
  }

  @DELETE
  @Operation(summary = "Sign out: the session ends on the server and the cookie is cleared")
  public Response signOut(
      @CookieParam(SessionAuthentication.COOKIE) String id,
      @HeaderParam(SessionAuthentication.CSRF_HEADER) String csrf) {
    Session session = require(id, csrf, true);
    // Rule 20: strangers' photos this session uploaded for a search attached to no case go with it.
    oneTimeSearch.endSession(session.idHash());
    if (session.federated()) {
      Optional<URI> logout = federated.signOut(session, signInPage);
      if (logout.isPresent()) {
        return Response.ok(new SignedOut(logout.get().toString()), MediaType.APPLICATION_JSON)
            .header("Set-Cookie", cookies.cleared())
            .header("Cache-Control", "no-store")
            .build();
      }
    } else {
      sessions.end(session);
    }
    return Response.noContent().header("Set-Cookie", cookies.cleared()).build();
  }

  @POST
  @Path("totp")
  @Operation(summary = "Begin enrolling an authenticator app: its secret and otpauth URI")
  public Response startTotp(
      @CookieParam(SessionAuthentication.COOKIE) String id,
      @HeaderParam(SessionAuthentication.CSRF_HEADER) String csrf) {
    AccountSettings.Enrolment e = settings.startTotp(require(id, csrf, true));
    return Response.ok(e).header("Cache-Control", "no-store").build();
  }

  @POST
  @Path("totp/confirm")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Confirm the enrolment with the app's current code")
  public Response confirmTotp(
      @CookieParam(SessionAuthentication.COOKIE) String id,
      @HeaderParam(SessionAuthentication.CSRF_HEADER) String csrf,
      Code body) {
    Session session = require(id, csrf, true);
    settings.confirmTotp(session, body == null ? null : body.code());
    return Response.noContent().build();
  }

  @POST
  @Path("password")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Change the password (the account's other sessions end)")
  public Response changePassword(
      @CookieParam(SessionAuthentication.COOKIE) String id,
      @HeaderParam(SessionAuthentication.CSRF_HEADER) String csrf,
      PasswordChange body) {
    Session session = require(id, csrf, true);
    if (body == null || body.current() == null || body.next() == null) {
      throw new GatewayException(ProblemType.INVALID_REQUEST, "current and next are required");
    }
    settings.changePassword(session, body.current(), body.next());
    return Response.noContent().build();
  }

  @PUT
  @Path("locale")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Choose the UI language: zh-CN or en")
  public Response setLocale(
      @CookieParam(SessionAuthentication.COOKIE) String id,
      @HeaderParam(SessionAuthentication.CSRF_HEADER) String csrf,
      LocaleChoice body) {
    Session session = require(id, csrf, true);
    settings.setLocale(session, body == null ? null : body.locale());
    return Response.noContent().build();
  }

  private Session require(String id, String csrf, boolean stateChanging) {
    Session session =
        sessions
            .resolve(id, csrf)
            .orElseThrow(
                () ->
                    new GatewayException(ProblemType.UNAUTHENTICATED, "no session: sign in again"));
    if (stateChanging && !session.csrfValid()) {
      throw new GatewayException(
          ProblemType.CSRF,
          "send the session's CSRF token in the " + SessionAuthentication.CSRF_HEADER + " header");
    }
    return session;
  }

  private SessionView view(SignedIn s) {
    AccountView a = s.account();
    return new SessionView(
        new SessionAccount(
            a.id(),
            a.username(),
            a.role().name(),
            a.organisation(),
            a.locale(),
            a.totpEnrolled(),
            a.mustChangePassword(),
            // The identity provider keeps the password and the second factor of its users.
            !s.federated() && Session.SECOND_FACTOR_ROLES.contains(a.role()),
            s.federated()),
        s.csrfToken(),
        s.idleTimeoutSeconds());
  }
}
