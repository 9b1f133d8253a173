package io.homeward.gateway.auth;

import io.homeward.gateway.accounts.Session;
import io.homeward.gateway.accounts.Sessions;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns an open session into the request's identity (principal: the account id; role: the account's
 * one role), with the {@link Session} attached for {@link RequestContext}. A session that has ended
 * or timed out is not an identity: 401.
 */
@ApplicationScoped
public class SessionIdentityProvider implements IdentityProvider<SessionAuthenticationRequest> {
  /** The identity attribute holding the {@link Session}. */
  static final String SESSION = "homeward.session";

  private final Sessions sessions;

  public SessionIdentityProvider(Sessions sessions) {
    this.sessions = sessions;
  }

  @Override
  public Class<SessionAuthenticationRequest> getRequestType() {
    return SessionAuthenticationRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      SessionAuthenticationRequest request, AuthenticationRequestContext context) {
    return context.runBlocking(
        () -> {
          Session session =
              sessions
                  .resolve(request.sessionId(), request.csrfToken())
                  .orElseThrow(AuthenticationFailedException::new);
          return QuarkusSecurityIdentity.builder()
              .setPrincipal(new QuarkusPrincipal(session.account().subject()))
              .addRole(session.account().role().name())
              .addAttribute(SESSION, session)
              .build();
        });
  }
}
