package io.homeward.gateway.accounts;

import io.homeward.gateway.audit.AuditAction;
import io.homeward.gateway.audit.AuditDraft;
import io.homeward.gateway.audit.AuditLog;
import io.homeward.gateway.config.AccountsConfig;
import io.homeward.gateway.db.Database;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.policy.Actor;
import io.homeward.gateway.security.FieldSealer;
import io.homeward.gateway.store.AccountStore;
import io.homeward.gateway.store.LocalAccount;
import io.homeward.gateway.store.LocalAccountStore;
import io.homeward.gateway.store.OrganisationStore;
import io.homeward.gateway.store.UsageStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Signing in with a username, a password and (once enrolled) a TOTP code. An unknown username and a
 * wrong password answer alike and take as long. Wrong passwords and codes count; at the configured
 * number the account is locked, an {@code ACCOUNT_LOCKED} alert is raised, and a privacy officer
 * unlocks it as after a rate-limit lock-out. Failures of a known account are audited up to the
 * lock-out; attempts on a locked account are not (anyone could flood the log with them; the access
 * log keeps them). A user of a deactivated organisation cannot sign in (after the password, so that
 * only the user learns why; audited).
 */
@ApplicationScoped
public class SignIn {
  /** The lock reason and alert kind of a sign-in lock-out. */
  public static final String LOCK_REASON = "SIGN_IN_FAILURES";

  private final Database db;
  private final LocalAccountStore store;
  private final OrganisationStore organisations;
  private final AccountStore locks;
  private final UsageStore usage;
  private final Sessions sessions;
  private final Passwords passwords;
  private final Totp totp;
  private final FieldSealer sealer;
  private final AuditLog audit;
  private final AccountsConfig config;
  private final Clock clock;

  public SignIn(
      Database db,
      LocalAccountStore store,
      OrganisationStore organisations,
      AccountStore locks,
      UsageStore usage,
      Sessions sessions,
      Passwords passwords,
      Totp totp,
      FieldSealer sealer,
      AuditLog audit,
      AccountsConfig config,
      Clock clock) {
    this.db = db;
    this.store = store;
    this.organisations = organisations;
    this.locks = locks;
    this.usage = usage;
    this.sessions = sessions;
    this.passwords = passwords;
    this.totp = totp;
    this.sealer = sealer;
    this.audit = audit;
    this.config = config;
    this.clock = clock;
  }

  /** Signs in and opens a session. */
  public SignedIn signIn(String username, String password, String code) {
    String name = Usernames.normalise(username);
    Optional<LocalAccount> found =
        name == null ? Optional.empty() : db.inTransaction(tx -> store.byUsername(tx, name));
    // The hash is computed whatever is missing, so that every answer takes as long.
    boolean passwordRight =
        passwords.verify(
            password == null ? "" : password, found.map(LocalAccount::passwordHash).orElse(null));
    if (found.isEmpty()) {
      throw badCredentials();
    }
    LocalAccount account = found.get();
    if (account.locked()) {
      throw locked();
    }
    if (!passwordRight) {
      throw failure(account, "password");
    }
    if (db.inTransaction(tx -> organisations.isDeactivated(tx, account.organisation()))) {
      // Only someone who knows the password learns this; the refusal is audited.
      audit.append(
          new AuditDraft(actor(account, "password"), AuditAction.SIGN_IN, null)
              .detail("sign-in refused: the organisation is deactivated")
              .build(clock.instant(), null, false));
      throw new GatewayException(
          ProblemType.ORGANISATION_INACTIVE,
          "your organisation has been deactivated by an administrator: ask them");
    }
    if (account.totpEnrolled() && (code == null || code.isBlank())) {
      throw new GatewayException(
          ProblemType.SECOND_FACTOR_REQUIRED, "enter the code your authenticator app shows");
    }
    Instant now = clock.instant();
    Optional<SignedIn> opened =
        db.inTransaction(
            tx -> {
              // The row lock serialises sign-ins of one account: one code opens one session.
              LocalAccount current = store.bySubjectForUpdate(tx, account.subject()).orElseThrow();
              if (current.locked()) {
                throw locked();
              }
              String method = "password";
              if (current.totpEnrolled()) {
                byte[] secret =
                    Base64.getDecoder()
                        .decode(sealer.openPlaintext(Totps.FIELD, current.totpSecretSealed()));
                OptionalLong step = totp.match(secret, code, current.totpLastStep());
                if (step.isEmpty()) {
                  return Optional.<SignedIn>empty();
                }
                store.useTotpStep(tx, current.subject(), step.getAsLong());
                method = "password+totp";
              }
              store.resetFailures(tx, current.subject());
              SignedIn signedIn = sessions.open(tx, current, method, now);
              audit.append(
                  tx,
                  new AuditDraft(actor(current, method), AuditAction.SIGN_IN, null)
                      .detail("signed in")
                      .build(now, null, true));
              return Optional.of(signedIn);
            });
    return opened.orElseThrow(() -> failure(account, "second factor"));
  }

  /**
   * Counts a failed sign-in (or a wrong current password in a session), audits it, and locks the
   * account at the limit. Returns the exception to answer with.
   */
  GatewayException failure(LocalAccount account, String what) {
    Instant now = clock.instant();
    boolean lockedNow =
        db.inTransaction(
            tx -> {
              int failures = store.countFailure(tx, account.subject());
              boolean lock =
                  failures >= config.maxFailedSignIns()
                      && usage.lockIfUnlocked(tx, account.subject(), LOCK_REASON, now);
              if (lock) {
                locks.raiseAlert(tx, "ACCOUNT_LOCKED", account.subject(), null, now);
              }
              audit.append(
                  tx,
                  new AuditDraft(actor(account, "password"), AuditAction.SIGN_IN, null)
                      .detail(
                          "sign-in failed: "
                              + what
                              + (lock ? "; account locked after repeated failures" : ""))
                      .build(now, null, false));
              return lock;
            });
    if (lockedNow) {
      return locked();
    }
    return "password".equals(what)
        ? badCredentials()
        : new GatewayException(
            ProblemType.SECOND_FACTOR_REQUIRED, "the code is wrong or was already used");
  }

  static Actor actor(LocalAccount a, String authMethod) {
    return new Actor(
        a.subject(), a.organisation(), Set.of(a.role()), a.role(), authMethod, a.locked());
  }

  private static GatewayException badCredentials() {
    return new GatewayException(ProblemType.BAD_CREDENTIALS, "the username or password is wrong");
  }

  private static GatewayException locked() {
    return new GatewayException(
        ProblemType.SIGN_IN_LOCKED, "the account is locked until a privacy officer reviews it");
  }
}
