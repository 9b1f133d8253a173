package io.homeward.gateway.accounts;

import io.homeward.gateway.access.Guard;
import io.homeward.gateway.audit.AuditAction;
import io.homeward.gateway.audit.AuditDraft;
import io.homeward.gateway.audit.AuditLog;
import io.homeward.gateway.config.AccountsConfig;
import io.homeward.gateway.db.Database;
import io.homeward.gateway.domain.Purpose;
import io.homeward.gateway.domain.Role;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.policy.Action;
import io.homeward.gateway.policy.Actor;
import io.homeward.gateway.policy.PolicyDecision;
import io.homeward.gateway.policy.PolicyRequest;
import io.homeward.gateway.store.Ids;
import io.homeward.gateway.store.LocalAccount;
import io.homeward.gateway.store.LocalAccountStore;
import io.homeward.gateway.store.OrganisationRecord;
import io.homeward.gateway.store.OrganisationStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Administrators create and list local accounts (one role and one organisation each: an existing,
 * active organisation of the organisations table; see {@code organisations/Organisations}). A new
 * user gets a temporary password, changed at the first sign-in. Every step is audited; the policy
 * (action {@code MANAGE_ACCOUNTS}, purpose {@code ADMINISTRATION}) decides who may.
 */
@ApplicationScoped
public class Users {
  /** Accounts per page. */
  public static final int PAGE = 50;

  // No look-alike characters: the administrator reads it out or writes it down.
  private static final String TEMPORARY_ALPHABET =
      "abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY34679";
  private static final int TEMPORARY_LENGTH = 20;

  private final Database db;
  private final LocalAccountStore accounts;
  private final OrganisationStore organisations;
  private final Passwords passwords;
  private final Guard guard;
  private final AuditLog audit;
  private final AccountsConfig config;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public Users(
      Database db,
      LocalAccountStore accounts,
      OrganisationStore organisations,
      Passwords passwords,
      Guard guard,
      AuditLog audit,
      AccountsConfig config,
      Clock clock) {
    this.db = db;
    this.accounts = accounts;
    this.organisations = organisations;
    this.passwords = passwords;
    this.guard = guard;
    this.audit = audit;
    this.config = config;
    this.clock = clock;
  }

  /** A user just created, with the temporary password shown once to the administrator. */
  public record Created(AccountView account, String temporaryPassword) {}

  /** A page of accounts and the cursor of the next (or {@code null}). */
  public record Page(List<AccountView> items, String next) {}

  public Created create(
      Actor actor, Purpose purpose, String username, Role role, String organisation) {
    Instant now = clock.instant();
    AuditDraft draft =
        new AuditDraft(actor, AuditAction.ACCOUNT_CHANGE, purpose).detail("create account");
    PolicyDecision decision =
        guard.require(
            PolicyRequest.of(actor, Action.MANAGE_ACCOUNTS).purpose(purpose).build(), draft);
    String name = Usernames.normalise(username);
    if (name == null) {
      throw badUsername();
    }
    if (role == null) {
      throw new GatewayException(ProblemType.INVALID_REQUEST, "role is required");
    }
    if (organisation == null || !OrganisationRecord.ID.matcher(organisation).matches()) {
      throw new GatewayException(
          ProblemType.INVALID_REQUEST,
          "organisation must be 1 to 64 letters, digits, dots, dashes or underscores");
    }
    String temporary = temporaryPassword();
    String hash = passwords.hash(temporary);
    String subject = Ids.newId("u");
    AccountView view =
        db.inTransaction(
            tx -> {
              // The organisation's row is locked until the account is in: a deactivation at the
              // same moment comes before (refused here) or after (it ends this user's sessions).
              if (!organisations.lock(tx, organisation)
                  || !organisations.isActive(tx, organisation)) {
                throw new GatewayException(
                    ProblemType.ORGANISATION_UNKNOWN,
                    "organisation "
                        + organisation
                        + " does not exist or is deactivated: create it first"
                        + " (POST /api/v1/admin/organisations)");
              }
              try {
                accounts.insert(tx, subject, name, role, organisation, hash, true, now);
              } catch (SQLException e) {
                if (LocalAccountStore.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                  throw new GatewayException(ProblemType.CONFLICT, "the username is taken");
                }
                throw e;
              }
              LocalAccount account = accounts.bySubject(tx, subject).orElseThrow();
              audit.append(
                  tx,
                  draft
                      .detail(
                          "account created: " + subject + " " + role.name() + " " + organisation)
                      .build(now, decision, true));
              return AccountView.of(account, config.defaultLocale());
            });
    return new Created(view, temporary);
  }

  public Page list(Actor actor, Purpose purpose, String cursor) {
    Instant now = clock.instant();
    AuditDraft draft = new AuditDraft(actor, AuditAction.VIEW, purpose).detail("list accounts");
    PolicyDecision decision =
        guard.require(
            PolicyRequest.of(actor, Action.MANAGE_ACCOUNTS).purpose(purpose).build(), draft);
    String after = decodeCursor(cursor);
    return db.inTransaction(
        tx -> {
          List<LocalAccount> rows = accounts.page(tx, after, PAGE + 1);
          boolean more = rows.size() > PAGE;
          List<LocalAccount> page = more ? rows.subList(0, PAGE) : rows;
          audit.append(tx, draft.build(now, decision, true));
          return new Page(
              page.stream().map(a -> AccountView.of(a, config.defaultLocale())).toList(),
              more ? encodeCursor(page.get(page.size() - 1).username()) : null);
        });
  }

  static GatewayException badUsername() {
    return new GatewayException(
        ProblemType.INVALID_REQUEST,
        "username must be 3 to 64 letters, digits, dots, dashes or underscores, starting with a"
            + " letter or digit");
  }

  private String temporaryPassword() {
    StringBuilder sb = new StringBuilder(TEMPORARY_LENGTH);
    for (int i = 0; i < TEMPORARY_LENGTH; i++) {
      sb.append(TEMPORARY_ALPHABET.charAt(random.nextInt(TEMPORARY_ALPHABET.length())));
    }
    return sb.toString();
  }

  private static String encodeCursor(String username) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(username.getBytes(StandardCharsets.UTF_8));
  }

  private static String decodeCursor(String cursor) {
    if (cursor == null || cursor.isBlank()) {
      return null;
    }
    try {
      String after = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (Usernames.normalise(after) == null) {
        throw new IllegalArgumentException();
      }
      return after;
    } catch (IllegalArgumentException e) {
      throw new GatewayException(ProblemType.INVALID_REQUEST, "the cursor is not valid");
    }
  }
}
