package io.homeward.gateway.auth;

import io.homeward.gateway.access.Accounts;
import io.homeward.gateway.accounts.Session;
import io.homeward.gateway.domain.Purpose;
import io.homeward.gateway.domain.Role;
import io.homeward.gateway.domain.Vocabulary;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.policy.Actor;
import io.homeward.gateway.store.LocalAccount;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.UriInfo;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is asking and why, from the verified bearer token (or, without one, a browser session) and
 * two headers: {@code Homeward-Role} (the one role this request acts in; optional when the token
 * grants one role) and {@code Homeward-Purpose} (required: every request names one purpose).
 *
 * <p>A session yields the same {@link Actor} as a bearer token for its account (subject: the
 * account id; its organisation; its one role). A state-changing request of a session must carry the
 * session's CSRF token; until the account has changed a temporary password and, for roles that need
 * one, enrolled a second factor, its session reaches only the session endpoints.
 */
@RequestScoped
public class RequestContext {
  public static final String ROLE_HEADER = "Homeward-Role";
  public static final String PURPOSE_HEADER = "Homeward-Purpose";
  // Methods that change nothing: a session needs no CSRF token for them.
  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

  private final JsonWebToken token;
  private final HttpHeaders headers;
  private final Accounts accounts;
  private final RefusalAudit refusals;
  private final UriInfo uri;
  private final SecurityIdentity identity;
  private final Request method;
  private Actor actor;

  @Inject
  public RequestContext(
      JsonWebToken token,
      HttpHeaders headers,
      Accounts accounts,
      RefusalAudit refusals,
      UriInfo uri,
      SecurityIdentity identity,
      Request method) {
    this.token = token;
    this.headers = headers;
    this.accounts = accounts;
    this.refusals = refusals;
    this.uri = uri;
    this.identity = identity;
    this.method = method;
  }

  /** The acting user; the account's lock state is read from the database. */
  public Actor actor() {
    if (actor == null) {
      if (!hasToken()) {
        Session session = session();
        if (session == null) {
          throw new GatewayException(ProblemType.UNAUTHENTICATED, "a bearer token is required");
        }
        actor = sessionActor(session);
        return actor;
      }
      String org = token.getClaim("org") == null ? "" : token.getClaim("org").toString();
      Set<Role> roles = roles(token.getGroups());
      if (roles.isEmpty()) {
        throw refused(
            org,
            new GatewayException(
                ProblemType.ROLE_NOT_GRANTED, "the token grants no Homeward role"));
      }
      Role acting;
      try {
        acting = actingRole(roles);
      } catch (GatewayException e) {
        throw refused(org, e);
      }
      if (org.isBlank()) {
        throw new GatewayException(
            ProblemType.UNAUTHENTICATED, "the token names no organisation (claim org)");
      }
      Actor built = new Actor(token.getSubject(), org, roles, acting, authMethod(), false);
      actor = built.withLocked(accounts.isLocked(built));
    }
    return actor;
  }

  /** The purpose the request names; a request from a known user without one is audited. */
  public Purpose purpose() {
    String value = headers.getHeaderString(PURPOSE_HEADER);
    if (value == null || value.isBlank()) {
      throw refusedWithoutPurpose(
          new GatewayException(
              ProblemType.PURPOSE_REQUIRED, "name the purpose in the Homeward-Purpose header"));
    }
    try {
      return Purpose.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw refusedWithoutPurpose(
          new GatewayException(
              ProblemType.PURPOSE_REQUIRED,
              "the purpose named is not known; accepted: " + Vocabulary.accepted(Purpose.class)));
    }
  }

  /**
   * Audits a refusal of a verified user before it is answered (a failed audit write answers 503
   * instead).
   */
  private GatewayException refused(String org, GatewayException e) {
    return refused(token.getSubject(), org, authMethod(), e);
  }

  private GatewayException refused(
      String subject, String org, String authMethod, GatewayException e) {
    refusals.record(
        subject,
        org,
        headers.getHeaderString(ROLE_HEADER),
        authMethod,
        headers.getHeaderString(PURPOSE_HEADER),
        uri.getPath(),
        "refused: " + e.type().name());
    return e;
  }

  private GatewayException refusedWithoutPurpose(GatewayException e) {
    if (!hasToken() && session() == null) {
      return e;
    }
    if (actor != null) {
      refusals.record(
          actor.subject(),
          actor.organisation(),
          actor.actingAs().name(),
          actor.authMethod(),
          null,
          uri.getPath(),
          "refused: " + e.type().name());
      return e;
    }
    // The purpose was asked for before the actor: establish who is asking (audited itself if it
    // fails), then record the missing purpose.
    actor();
    return refusedWithoutPurpose(e);
  }

  private boolean hasToken() {
    // A session's identity is no JSON web token (and asking for one would fail).
    if (session() != null) {
      return false;
    }
    return token != null && token.getRawToken() != null && token.getSubject() != null;
  }

  /**
   * The hash of the request's browser session id (what the session store keys on), or {@code null}
   * for a bearer request: what a session uploads that must go when it ends (rule 20) names it.
   */
  public String sessionHash() {
    Session session = session();
    return session == null ? null : session.idHash();
  }

  /** The request's browser session, or {@code null} (a bearer request, or none). */
  private Session session() {
    if (identity == null || identity.isAnonymous()) {
      return null;
    }
    return identity.getAttribute(SessionIdentityProvider.SESSION);
  }

  private Actor sessionActor(Session session) {
    LocalAccount account = session.account();
    String org = account.organisation();
    Role acting;
    try {
      acting = actingRole(EnumSet.of(account.role()));
    } catch (GatewayException e) {
      throw refused(account.subject(), org, session.authMethod(), e);
    }
    if (!SAFE_METHODS.contains(method.getMethod()) && !session.csrfValid()) {
      throw refused(
          account.subject(),
          org,
          session.authMethod(),
          new GatewayException(
              ProblemType.CSRF,
              "send the session's CSRF token in the "
                  + SessionAuthentication.CSRF_HEADER
                  + " header"));
    }
    if (account.mustChangePassword()) {
      throw new GatewayException(
          ProblemType.PASSWORD_CHANGE_REQUIRED,
          "change the temporary password first (POST /api/v1/session/password)");
    }
    if (session.secondFactorMissing()) {
      throw new GatewayException(
          ProblemType.SECOND_FACTOR_ENROLMENT_REQUIRED,
          "this role requires a second factor: enrol one first (POST /api/v1/session/totp)");
    }
    return new Actor(
        account.subject(),
        org,
        Set.of(account.role()),
        acting,
        session.authMethod(),
        account.locked());
  }

  private Role actingRole(Set<Role> roles) {
    String named = headers.getHeaderString(ROLE_HEADER);
    if (named == null || named.isBlank()) {
      if (roles.size() == 1) {
        return roles.iterator().next();
      }
      throw new GatewayException(
          ProblemType.ROLE_NOT_GRANTED,
          "the token grants several roles: name one in the Homeward-Role header");
    }
    Role role;
    try {
      role = Role.valueOf(named.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new GatewayException(
          ProblemType.ROLE_NOT_GRANTED,
          "the role named is not known; accepted: " + Vocabulary.accepted(Role.class));
    }
    if (!roles.contains(role)) {
      throw new GatewayException(
          ProblemType.ROLE_NOT_GRANTED, "the token does not grant the role named");
    }
    return role;
  }

  private static Set<Role> roles(Set<String> groups) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    if (groups != null) {
      for (String g : groups) {
        for (Role r : Role.values()) {
          if (r.name().equals(g)) {
            roles.add(r);
          }
        }
      }
    }
    return roles;
  }

  private String authMethod() {
    Object amr = token.getClaim("amr");
    if (amr instanceof List<?> list && !list.isEmpty()) {
      return String.valueOf(list.get(0));
    }
    if (amr != null) {
      String s = amr.toString().replaceAll("[\\[\\]\"]", "");
      if (!s.isBlank()) {
        return s.split(",")[0].trim();
      }
    }
    return "bearer";
  }
}
