package io.homeward.gateway.auth;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * The browser's way in: the {@value #COOKIE} cookie names a session (see {@code
 * accounts.Sessions}). Runs after the bearer token mechanism and only for requests without an
 * {@code Authorization} header, so every bearer request is handled exactly as before.
 */
@ApplicationScoped
public class SessionAuthentication implements HttpAuthenticationMechanism {
  /** The session cookie's name. */
  public static final String COOKIE = "homeward_session";

  /** The header a state-changing request of a session carries its CSRF token in. */
  public static final String CSRF_HEADER = "Homeward-CSRF";

  @Override
  public Uni<SecurityIdentity> authenticate(
      RoutingContext context, IdentityProviderManager identities) {
    Cookie cookie = context.request().getCookie(COOKIE);
    if (cookie == null || context.request().getHeader("Authorization") != null) {
      return Uni.createFrom().nullItem();
    }
    SessionAuthenticationRequest request =
        new SessionAuthenticationRequest(
            cookie.getValue(), context.request().getHeader(CSRF_HEADER));
    HttpSecurityUtils.setRoutingContextAttribute(request, context);
    return identities.authenticate(request);
  }

  @Override
  public Uni<ChallengeData> getChallenge(RoutingContext context) {
    return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
  }

  @Override
  public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
    return Set.of(SessionAuthenticationRequest.class);
  }

  @Override
  public int getPriority() {
    // Below the bearer token mechanism's default: a request with a token never reaches here.
    return DEFAULT_PRIORITY - 100;
  }
}
