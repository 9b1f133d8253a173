package io.homeward.gateway.accounts;

import io.homeward.gateway.audit.AuditAction;
import io.homeward.gateway.audit.AuditDraft;
import io.homeward.gateway.audit.AuditLog;
import io.homeward.gateway.db.Database;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.security.FieldSealer;
import io.homeward.gateway.store.LocalAccount;
import io.homeward.gateway.store.LocalAccountStore;
import io.homeward.gateway.store.SessionStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What a signed-in user changes about their own account: the second factor, the password, the
 * language. Each change is audited.
 */
@ApplicationScoped
public class AccountSettings {
  /** The languages of the web UI. */
  public static final Set<String> LOCALES = Set.of("zh-CN", "en");

  private static final String ISSUER = "Homeward";

  private final Database db;
  private final LocalAccountStore accounts;
  private final SessionStore sessions;
  private final Passwords passwords;
  private final Totp totp;
  private final FieldSealer sealer;
  private final SignIn signIn;
  private final AuditLog audit;
  private final Clock clock;

  public AccountSettings(
      Database db,
      LocalAccountStore accounts,
      SessionStore sessions,
      Passwords passwords,
      Totp totp,
      FieldSealer sealer,
      SignIn signIn,
      AuditLog audit,
      Clock clock) {
    this.db = db;
    this.accounts = accounts;
    this.sessions = sessions;
    this.passwords = passwords;
    this.totp = totp;
    this.sealer = sealer;
    this.signIn = signIn;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * A TOTP enrolment begun: the secret (base32), its otpauth URI, and that URI as a QR code (rows
   * of '1' for dark modules and '0' for light ones, no quiet zone) for an authenticator app to
   * scan.
   */
  public record Enrolment(String secret, String otpauthUri, List<String> qr) {}

  /** Begins enrolling an authenticator app (replacing an enrolment not confirmed). */
  public Enrolment startTotp(Session session) {
    LocalAccount account = usable(session);
    if (account.totpEnrolled()) {
      throw new GatewayException(
          ProblemType.CONFLICT, "a second factor is already enrolled for this account");
    }
    byte[] secret = totp.newSecret();
    Instant now = clock.instant();
    db.inTransaction(
        tx -> {
          accounts.setPendingTotp(
              tx,
              account.subject(),
              sealer.seal(Totps.FIELD, Base64.getEncoder().encodeToString(secret)),
              now);
          return null;
        });
    String base32 = Base32.encode(secret);
    String uri = Totp.uri(ISSUER, account.username(), base32);
    return new Enrolment(base32, uri, QrMatrix.of(uri));
  }

  /** Confirms the enrolment with a code from the app; the session counts as two-factor from now. */
  public void confirmTotp(Session session, String code) {
    LocalAccount account = usable(session);
    Instant now = clock.instant();
    boolean confirmed =
        db.inTransaction(
            tx -> {
              LocalAccount current =
                  accounts.bySubjectForUpdate(tx, account.subject()).orElseThrow();
              if (current.totpEnrolled()) {
                throw new GatewayException(
                    ProblemType.CONFLICT, "a second factor is already enrolled for this account");
              }
              if (current.totpPendingSealed() == null) {
                throw new GatewayException(
                    ProblemType.CONFLICT, "no enrolment is in progress: start one first");
              }
              byte[] secret =
                  Base64.getDecoder()
                      .decode(sealer.openPlaintext(Totps.FIELD, current.totpPendingSealed()));
              OptionalLong step = totp.match(secret, code, null);
              if (step.isEmpty()) {
                return false;
              }
              accounts.confirmTotp(
                  tx, current.subject(), current.totpPendingSealed(), step.getAsLong(), now);
              sessions.setAuthMethod(tx, session.idHash(), "password+totp");
              audit.append(
                  tx,
                  new AuditDraft(
                          SignIn.actor(current, session.authMethod()),
                          AuditAction.ACCOUNT_CHANGE,
                          null)
                      .detail("second factor enrolled")
                      .build(now, null, true));
              return true;
            });
    if (!confirmed) {
      throw new GatewayException(
          ProblemType.INVALID_REQUEST,
          "the code does not match: check the device's clock and enter the current code");
    }
  }

  /**
   * Changes the password after checking the current one (a wrong one counts as a failed sign-in);
   * the account's other sessions end.
   */
  public void changePassword(Session session, String current, String next) {
    LocalAccount account = usable(session);
    if (!passwords.verify(current, account.passwordHash())) {
      throw signIn.failure(account, "password");
    }
    passwords.checkAcceptable(next, account.username());
    if (next.equals(current)) {
      throw new GatewayException(
          ProblemType.PASSWORD_REJECTED, "the new password must differ from the current one");
    }
    String hash = passwords.hash(next);
    Instant now = clock.instant();
    db.inTransaction(
        tx -> {
          accounts.setPassword(tx, account.subject(), hash, false, now);
          sessions.endOthers(tx, account.subject(), session.idHash(), now);
          audit.append(
              tx,
              new AuditDraft(
                      SignIn.actor(account, session.authMethod()), AuditAction.ACCOUNT_CHANGE, null)
                  .detail("password changed")
                  .build(now, null, true));
          return null;
        });
  }

  /** Stores the user's language. */
  public void setLocale(Session session, String locale) {
    if (locale == null || !LOCALES.contains(locale)) {
      throw new GatewayException(ProblemType.INVALID_REQUEST, "locale must be one of: zh-CN, en");
    }
    LocalAccount account = session.account();
    Instant now = clock.instant();
    db.inTransaction(
        tx -> {
          accounts.setLocale(tx, account.subject(), locale, now);
          audit.append(
              tx,
              new AuditDraft(
                      SignIn.actor(account, session.authMethod()), AuditAction.ACCOUNT_CHANGE, null)
                  .detail("language set to " + locale)
                  .build(now, null, true));
          return null;
        });
  }

  private static LocalAccount usable(Session session) {
    if (session.federated()) {
      throw new GatewayException(
          ProblemType.CONFLICT,
          "this account's password and second factor are managed by the organisation's identity"
              + " provider");
    }
    if (session.account().locked()) {
      throw new GatewayException(
          ProblemType.ACCOUNT_LOCKED, "the account is locked until a privacy officer reviews it");
    }
    return session.account();
  }
}
