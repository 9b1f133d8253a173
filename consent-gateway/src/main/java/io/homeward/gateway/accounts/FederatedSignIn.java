package io.homeward.gateway.accounts;

import io.homeward.gateway.audit.AuditAction;
import io.homeward.gateway.audit.AuditDraft;
import io.homeward.gateway.audit.AuditEntry;
import io.homeward.gateway.audit.AuditLog;
import io.homeward.gateway.client.OpenIdProvider;
import io.homeward.gateway.client.OpenIdProvider.ProviderException;
import io.homeward.gateway.config.OidcConfig;
import io.homeward.gateway.db.Database;
import io.homeward.gateway.domain.Role;
import io.homeward.gateway.policy.Actor;
import io.homeward.gateway.security.FieldSealer;
import io.homeward.gateway.store.LocalAccount;
import io.homeward.gateway.store.LocalAccountStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;

/**
 * Signing in at the organisation's identity provider (a cluster): the OpenID Connect authorization
 * code flow with PKCE (S256), {@code state} and {@code nonce}. What the flow must remember between
 * the two legs (state, nonce, PKCE verifier, when it began) travels sealed in a short-lived cookie
 * of the browser that began it, so the callback works on any gateway replica and a callback in
 * another browser (login CSRF) is refused. The verified ID token's roles and organisation are read
 * as the bearer API reads a token's; the session that opens acts exactly like such a token.
 *
 * <p>Like local sign-ins: every sign-in and sign-out is audited, and so is every refusal of a user
 * the provider vouched for (an unknown role, no organisation, a locked account). Refusals before
 * the provider vouched for anyone (a wrong state, a refused code, a forged token) are logged
 * without ids and not audited, as a local sign-in with an unknown username is not: anyone could
 * flood the audit log with them.
 */
@ApplicationScoped
public class FederatedSignIn {
  private static final Logger LOG = Logger.getLogger(FederatedSignIn.class);

  /** The sealed field the sign-in cookie is sealed as (associated data: never opens as another). */
  private static final String FIELD = "oidc.login";

  private static final String VERSION = "v1";

  private final OpenIdProvider provider;
  private final OidcConfig config;
  private final Database db;
  private final LocalAccountStore accounts;
  private final Sessions sessions;
  private final FieldSealer sealer;
  private final AuditLog audit;
  private final Clock clock;

  public FederatedSignIn(
      OpenIdProvider provider,
      OidcConfig config,
      Database db,
      LocalAccountStore accounts,
      Sessions sessions,
      FieldSealer sealer,
      AuditLog audit,
      Clock clock) {
    this.provider = provider;
    this.config = config;
    this.db = db;
    this.accounts = accounts;
    this.sessions = sessions;
    this.sealer = sealer;
    this.audit = audit;
    this.clock = clock;
  }

  /** Why a sign-in at the provider was refused; the slug names it on the sign-in page. */
  public enum Refusal {
    /** The callback's state is not the one this browser's sign-in began with (or it expired). */
    STATE("state"),
    /** The provider answered with an error (the user cancelled, or it refused the client). */
    PROVIDER_ERROR("provider"),
    /** The token endpoint refused the code (used before, expired, or the PKCE verifier). */
    CODE("code"),
    /** The ID token is invalid: signature, issuer, audience, expiry or its nonce. */
    TOKEN("token"),
    /** The ID token grants no Homeward role. */
    NO_ROLE("role"),
    /** The ID token grants several Homeward roles; a browser session acts in one. */
    SEVERAL_ROLES("roles"),
    /** The ID token names no organisation. */
    NO_ORGANISATION("organisation"),
    /** The provider's subject is a local account's. */
    SUBJECT_TAKEN("subject"),
    /** The account is locked until a privacy officer reviews it. */
    LOCKED("locked"),
    /** The provider cannot be reached, or answered nothing usable. */
    UNAVAILABLE("unavailable");

    private final String slug;

    Refusal(String slug) {
      this.slug = slug;
    }

    public String slug() {
      return slug;
    }
  }

  /** The sign-in was refused; nothing was opened. */
  public static final class Refused extends RuntimeException {
    private final Refusal refusal;

    Refused(Refusal refusal) {
      super(refusal.name(), null, false, false);
      this.refusal = refusal;
    }

    public Refusal refusal() {
      return refusal;
    }
  }

  /** A sign-in begun: where to send the browser, and the sealed value of its short-lived cookie. */
  public record Start(URI authorizationUrl, String loginCookie) {}

  /** Whether users sign in at the identity provider. */
  public boolean enabled() {
    return config.enabled();
  }

  /** Whether local accounts may sign in (always, unless the provider is on and they are off). */
  public boolean localAccountsEnabled() {
    return !config.enabled() || config.localAccounts();
  }

  /** The sign-in cookie's lifetime, in seconds. */
  public long loginTimeoutSeconds() {
    return config.loginTimeout().toSeconds();
  }

  /** Begins a sign-in: a fresh state, nonce and PKCE verifier. */
  public Start begin() {
    String state = Secrets.newSecret();
    String nonce = Secrets.newSecret();
    String verifier = Secrets.newSecret() + Secrets.newSecret();
    URI url;
    try {
      url = provider.authorizationUrl(state, nonce, challenge(verifier));
    } catch (ProviderException e) {
      throw refused(Refusal.UNAVAILABLE, e.getMessage());
    }
    String plain =
        String.join(
            "|", VERSION, state, nonce, verifier, Long.toString(clock.instant().getEpochSecond()));
    String cookie =
        Base64.getUrlEncoder().withoutPadding().encodeToString(sealer.seal(FIELD, plain));
    return new Start(url, cookie);
  }

  /**
   * Completes a sign-in at the callback: checks the state against this browser's cookie, redeems
   * the code, verifies the ID token, maps its claims and opens a session.
   *
   * @param loginCookie the sign-in cookie's value ({@code null} when the browser has none)
   * @param state the callback's {@code state}
   * @param code the callback's {@code code}
   * @param error the callback's {@code error}, when the provider reports one
   */
  public SignedIn complete(String loginCookie, String state, String code, String error) {
    String[] login = open(loginCookie);
    if (login == null || state == null || !same(state, login[1])) {
      throw refused(Refusal.STATE, "the state does not match this browser's sign-in");
    }
    if (error != null) {
      throw refused(Refusal.PROVIDER_ERROR, "the provider answered an error");
    }
    if (code == null || code.isBlank() || code.length() > 2048) {
      throw refused(Refusal.CODE, "no code");
    }
    JwtClaims claims;
    try {
      claims = provider.redeem(code, login[3], login[2]);
    } catch (ProviderException e) {
      throw refused(
          switch (e.kind()) {
            case CODE_REFUSED -> Refusal.CODE;
            case TOKEN_INVALID, NONCE_MISMATCH -> Refusal.TOKEN;
            case UNAVAILABLE -> Refusal.UNAVAILABLE;
          },
          e.getMessage());
    }
    return openSession(claims);
  }

  /**
   * Ends a session opened at the provider, audited; returns where to sign out at the provider too,
   * when it advertises an end-session endpoint.
   */
  public Optional<URI> signOut(Session session, URI afterLogout) {
    Instant now = clock.instant();
    db.inTransaction(
        tx -> {
          if (sessions.end(tx, session, now)) {
            audit.append(
                tx,
                new AuditDraft(actor(session.account()), AuditAction.SIGN_IN, null)
                    .detail("signed out")
                    .build(now, null, true));
          }
          return null;
        });
    return provider.logoutUrl(afterLogout);
  }

  private SignedIn openSession(JwtClaims claims) {
    String subject;
    try {
      subject = claims.getSubject();
    } catch (MalformedClaimException e) {
      throw refused(Refusal.TOKEN, "the ID token's subject is malformed");
    }
    if (subject == null || subject.isBlank() || subject.length() > 128) {
      throw refused(Refusal.TOKEN, "the ID token's subject is missing or too long");
    }
    Object orgClaim = claims.getClaimValue(config.organisationClaim());
    String org = orgClaim instanceof String s ? s.strip() : "";
    Set<Role> roles = roles(claims.getClaimValue(config.rolesClaim()));
    if (roles.isEmpty()) {
      auditRefusal(
          subject, org, "NONE", "sign-in refused: the identity provider grants no Homeward role");
      throw refused(Refusal.NO_ROLE, "no Homeward role");
    }
    if (roles.size() > 1) {
      auditRefusal(
          subject, org, "NONE", "sign-in refused: the identity provider grants several roles");
      throw refused(Refusal.SEVERAL_ROLES, "several Homeward roles");
    }
    Role role = roles.iterator().next();
    if (org.isEmpty() || org.length() > 64) {
      auditRefusal(subject, "", role.name(), "sign-in refused: the ID token names no organisation");
      throw refused(Refusal.NO_ORGANISATION, "no organisation");
    }
    Instant now = clock.instant();
    Object opened =
        db.inTransaction(
            tx -> {
              if (!accounts.ensureFederated(tx, subject, org, now)) {
                return Refusal.SUBJECT_TAKEN;
              }
              LocalAccount account = accounts.federated(tx, subject, role, org).orElseThrow();
              if (account.locked()) {
                return Refusal.LOCKED;
              }
              SignedIn signedIn = sessions.openFederated(tx, account, now);
              audit.append(
                  tx,
                  new AuditDraft(actor(account), AuditAction.SIGN_IN, null)
                      .detail("signed in at the identity provider")
                      .build(now, null, true));
              return signedIn;
            });
    if (opened instanceof Refusal refusal) {
      auditRefusal(
          subject,
          org,
          role.name(),
          refusal == Refusal.LOCKED
              ? "sign-in refused: the account is locked"
              : "sign-in refused: the subject is a local account's");
      throw refused(refusal, refusal.name());
    }
    return (SignedIn) opened;
  }

  /** The Homeward roles a claim grants (a JSON array, or names separated by spaces or commas). */
  private static Set<Role> roles(Object claim) {
    Collection<?> names;
    if (claim instanceof Collection<?> c) {
      names = c;
    } else if (claim instanceof String s) {
      names = List.of(s.split("[\\s,]+"));
    } else {
      names = List.of();
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    // As the bearer API reads "groups": exact role names count, other groups are not Homeward's.
    for (Object name : names) {
      for (Role r : Role.values()) {
        if (r.name().equals(name)) {
          roles.add(r);
        }
      }
    }
    return roles;
  }

  private static Actor actor(LocalAccount a) {
    return new Actor(
        a.subject(), a.organisation(), Set.of(a.role()), a.role(), Session.FEDERATED, a.locked());
  }

  private void auditRefusal(String subject, String org, String role, String detail) {
    audit.append(
        new AuditEntry(
            clock.instant(),
            subject,
            role,
            org,
            Session.FEDERATED,
            AuditAction.SIGN_IN,
            "NONE",
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            List.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            List.of(),
            Optional.empty(),
            List.of(),
            false,
            List.of(),
            "none",
            false,
            Optional.empty(),
            Optional.of(detail)));
  }

  /** The sign-in cookie's parts (version, state, nonce, verifier, begun), or null. */
  private String[] open(String cookie) {
    if (cookie == null || cookie.isBlank() || cookie.length() > 1024) {
      return null;
    }
    String[] parts;
    try {
      parts = sealer.openPlaintext(FIELD, Base64.getUrlDecoder().decode(cookie)).split("\\|");
    } catch (IllegalArgumentException | IllegalStateException e) {
      return null;
    }
    if (parts.length != 5 || !VERSION.equals(parts[0])) {
      return null;
    }
    Instant begun;
    try {
      begun = Instant.ofEpochSecond(Long.parseLong(parts[4]));
    } catch (NumberFormatException e) {
      return null;
    }
    if (!clock.instant().isBefore(begun.plus(config.loginTimeout()))) {
      return null;
    }
    return parts;
  }

  private Refused refused(Refusal refusal, String why) {
    // The reason only: no state, code, token or subject in the log.
    LOG.infof("sign-in at the identity provider refused (%s): %s", refusal.slug(), why);
    return new Refused(refusal);
  }

  private static boolean same(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  /** The PKCE S256 challenge of a verifier. */
  static String challenge(String verifier) {
    try {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(
              MessageDigest.getInstance("SHA-256")
                  .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }
}
