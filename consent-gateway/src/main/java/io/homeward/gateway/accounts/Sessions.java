package io.homeward.gateway.accounts;

import io.homeward.gateway.config.AccountsConfig;
import io.homeward.gateway.db.Database;
import io.homeward.gateway.domain.Role;
import io.homeward.gateway.store.BrowserSession;
import io.homeward.gateway.store.LocalAccount;
import io.homeward.gateway.store.LocalAccountStore;
import io.homeward.gateway.store.SessionStore;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Browser sessions: a 256-bit random id in an HttpOnly cookie, of which the database keeps a hash;
 * a CSRF token per session; an idle timeout and an absolute lifetime, after which (or on sign-out)
 * the session is ended server-side.
 */
@ApplicationScoped
public class Sessions {
  private final Database db;
  private final SessionStore store;
  private final LocalAccountStore accounts;
  private final AccountsConfig config;
  private final Clock clock;

  public Sessions(
      Database db,
      SessionStore store,
      LocalAccountStore accounts,
      AccountsConfig config,
      Clock clock) {
    this.db = db;
    this.store = store;
    this.accounts = accounts;
    this.config = config;
    this.clock = clock;
  }

  /** Opens a session for an account that has just signed in, in the caller's transaction. */
  SignedIn open(Connection tx, LocalAccount account, String authMethod, Instant now)
      throws SQLException {
    String id = Secrets.newSecret();
    String csrf = Secrets.csrfFor(id);
    store.insert(
        tx,
        new BrowserSession(
            Secrets.hash(id),
            account.subject(),
            Secrets.hash(csrf),
            authMethod,
            now,
            now,
            null,
            null,
            null));
    return new SignedIn(id, csrf, view(account), idleTimeoutSeconds(), false);
  }

  /**
   * Opens a session for a user the identity provider vouched for, in the caller's transaction: the
   * role and organisation from the ID token hold for the session.
   */
  SignedIn openFederated(Connection tx, LocalAccount account, Instant now) throws SQLException {
    String id = Secrets.newSecret();
    String csrf = Secrets.csrfFor(id);
    store.insert(
        tx,
        new BrowserSession(
            Secrets.hash(id),
            account.subject(),
            Secrets.hash(csrf),
            Session.FEDERATED,
            now,
            now,
            null,
            account.role().name(),
            account.organisation()));
    return new SignedIn(id, csrf, view(account), idleTimeoutSeconds(), true);
  }

  /**
   * The open session a cookie names, marked seen now; empty when there is none, or when it has
   * ended, been idle too long or outlived its lifetime (then it is ended).
   *
   * @param sessionId the cookie's value
   * @param csrfToken the request's {@code Homeward-CSRF} header (may be {@code null})
   */
  public Optional<Session> resolve(String sessionId, String csrfToken) {
    if (sessionId == null || sessionId.isBlank() || sessionId.length() > 128) {
      return Optional.empty();
    }
    String idHash = Secrets.hash(sessionId);
    Instant now = clock.instant();
    return db.inTransaction(
        tx -> {
          Optional<BrowserSession> found = store.find(tx, idHash);
          if (found.isEmpty() || found.get().endedAt() != null) {
            return Optional.<Session>empty();
          }
          BrowserSession s = found.get();
          if (expired(s, now)) {
            store.end(tx, idHash, now);
            return Optional.<Session>empty();
          }
          Optional<LocalAccount> account =
              s.federated()
                  ? accounts.federated(tx, s.subject(), Role.valueOf(s.role()), s.organisation())
                  : accounts.bySubject(tx, s.subject());
          if (account.isEmpty()) {
            return Optional.<Session>empty();
          }
          store.touch(tx, idHash, now);
          return Optional.of(
              new Session(
                  idHash, account.get(), s.authMethod(), Secrets.matches(csrfToken, s.csrfHash())));
        });
  }

  /** The session's page data again (its CSRF token derives from the id). */
  public SignedIn describe(String sessionId, Session session) {
    return new SignedIn(
        sessionId,
        Secrets.csrfFor(sessionId),
        view(session.account()),
        idleTimeoutSeconds(),
        session.federated());
  }

  /** Ends the session (sign-out). */
  public void end(Session session) {
    Instant now = clock.instant();
    db.inTransaction(tx -> store.end(tx, session.idHash(), now));
  }

  /** Ends the session in the caller's transaction; returns whether it was open. */
  boolean end(Connection tx, Session session, Instant now) throws SQLException {
    return store.end(tx, session.idHash(), now);
  }

  /**
   * Sessions are kept a day after they end (or after their lifetime), then deleted: they say when
   * someone used the system, which the audit log keeps for as long as it must.
   */
  @Scheduled(every = "1h", delayed = "5m")
  void purge() {
    Instant dayAgo = clock.instant().minus(Duration.ofDays(1));
    db.inTransaction(tx -> store.purge(tx, dayAgo, dayAgo.minus(config.absoluteLifetime())));
  }

  public AccountView view(LocalAccount account) {
    return AccountView.of(account, config.defaultLocale());
  }

  private boolean expired(BrowserSession s, Instant now) {
    return !now.isBefore(s.lastSeenAt().plus(config.idleTimeout()))
        || !now.isBefore(s.createdAt().plus(config.absoluteLifetime()));
  }

  private long idleTimeoutSeconds() {
    return config.idleTimeout().toSeconds();
  }
}
