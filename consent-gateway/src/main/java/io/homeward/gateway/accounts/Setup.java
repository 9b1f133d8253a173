package io.homeward.gateway.accounts;

import io.homeward.gateway.audit.AuditAction;
import io.homeward.gateway.audit.AuditDraft;
import io.homeward.gateway.audit.AuditLog;
import io.homeward.gateway.config.AccountsConfig;
import io.homeward.gateway.config.OidcConfig;
import io.homeward.gateway.db.Database;
import io.homeward.gateway.domain.Role;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.store.Ids;
import io.homeward.gateway.store.LocalAccount;
import io.homeward.gateway.store.LocalAccountStore;
import io.homeward.gateway.store.SetupTokenStore;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * The first administrator. While no local account exists, each start makes a one-time token (valid
 * once, for a day; a new start replaces it), prints the link on the console and writes it to an
 * owner-only file for {@code ./homeward serve} to show. The token never reaches the log: the
 * console line is written directly, and only its hash is stored. Using it creates an {@code ADMIN}
 * account of organisation {@value #ORGANISATION} and deletes the file.
 */
@ApplicationScoped
public class Setup {
  /** The organisation of the first administrator (the machine itself). */
  public static final String ORGANISATION = "local";

  private static final Logger LOG = Logger.getLogger(Setup.class);

  private final Database db;
  private final SetupTokenStore tokens;
  private final LocalAccountStore accounts;
  private final Passwords passwords;
  private final AuditLog audit;
  private final AccountsConfig config;
  private final OidcConfig oidc;
  private final Clock clock;
  private final PrintStream console;

  public Setup(
      Database db,
      SetupTokenStore tokens,
      LocalAccountStore accounts,
      Passwords passwords,
      AuditLog audit,
      AccountsConfig config,
      OidcConfig oidc,
      Clock clock) {
    this.db = db;
    this.tokens = tokens;
    this.accounts = accounts;
    this.passwords = passwords;
    this.audit = audit;
    this.config = config;
    this.oidc = oidc;
    this.clock = clock;
    this.console = System.out;
  }

  void onStart(@Observes StartupEvent start) {
    issue();
  }

  /**
   * Makes a new setup token when no local account exists and returns the link (empty when setup is
   * closed).
   */
  public String issue() {
    if (localAccountsOff()) {
      // Everyone signs in at the identity provider: no local administrator to create.
      deleteLinkFile();
      return "";
    }
    Instant now = clock.instant();
    String token = Secrets.newSecret();
    boolean open =
        db.inTransaction(
            tx -> {
              if (accounts.anyExists(tx)) {
                return false;
              }
              tokens.replace(tx, Secrets.hash(token), now, now.plus(config.setupTokenLifetime()));
              return true;
            });
    if (!open) {
      deleteLinkFile();
      return "";
    }
    String link = stripSlash(config.publicUrl()) + "/setup#token=" + token;
    try {
      writeLinkFile(link);
    } catch (UncheckedIOException e) {
      // The console still has it; a read-only data directory must not stop the gateway.
      LOG.warn("the setup link file cannot be written; the link is on the console only");
    }
    LOG.info("no local account exists yet: the setup link is on the console (not in this log)");
    console.println("Homeward: create the first administrator at " + link);
    console.flush();
    return link;
  }

  /** Whether a first administrator may still be created. */
  public boolean isOpen() {
    return !localAccountsOff() && !db.inTransaction(accounts::anyExists);
  }

  private boolean localAccountsOff() {
    return oidc.enabled() && !oidc.localAccounts();
  }

  /** Creates the first administrator with the token; valid once. */
  public AccountView complete(String token, String username, String password) {
    if (localAccountsOff()) {
      throw new GatewayException(
          ProblemType.SETUP_TOKEN_INVALID, "local accounts are disabled: there is no setup");
    }
    String name = Usernames.normalise(username);
    if (name == null) {
      throw Users.badUsername();
    }
    passwords.checkAcceptable(password, name);
    String hash = passwords.hash(password);
    Instant now = clock.instant();
    String subject = Ids.newId("u");
    AccountView created =
        db.inTransaction(
            tx -> {
              if (token == null
                  || token.length() > 128
                  || !tokens.use(tx, Secrets.hash(token), now)
                  || accounts.anyExists(tx)) {
                throw new GatewayException(
                    ProblemType.SETUP_TOKEN_INVALID,
                    "this setup link is not valid: it was used, has expired or was replaced by a"
                        + " newer one (restart the gateway for a new link while no account"
                        + " exists)");
              }
              insert(tx, subject, name, hash, now);
              LocalAccount account = accounts.bySubject(tx, subject).orElseThrow();
              audit.append(
                  tx,
                  new AuditDraft(
                          SignIn.actor(account, "setup-token"), AuditAction.ACCOUNT_CHANGE, null)
                      .detail("first administrator created: " + subject)
                      .build(now, null, true));
              return AccountView.of(account, config.defaultLocale());
            });
    deleteLinkFile();
    return created;
  }

  private void insert(Connection tx, String subject, String name, String hash, Instant now)
      throws SQLException {
    accounts.insert(tx, subject, name, Role.ADMIN, ORGANISATION, hash, false, now);
  }

  private void writeLinkFile(String link) {
    Path file = config.setupLinkFile().toAbsolutePath();
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), ".setup-link", ".tmp");
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      Files.writeString(tmp, link + "\n", StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("the setup link file cannot be written", e);
    }
  }

  private void deleteLinkFile() {
    try {
      Files.deleteIfExists(config.setupLinkFile());
    } catch (IOException e) {
      LOG.warn("the setup link file cannot be deleted");
    }
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
