package io.homeward.gateway.organisations;

import io.homeward.gateway.access.Guard;
import io.homeward.gateway.audit.AuditAction;
import io.homeward.gateway.audit.AuditDraft;
import io.homeward.gateway.audit.AuditLog;
import io.homeward.gateway.db.Database;
import io.homeward.gateway.domain.OrganisationKind;
import io.homeward.gateway.domain.Purpose;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.policy.Action;
import io.homeward.gateway.policy.Actor;
import io.homeward.gateway.policy.PolicyDecision;
import io.homeward.gateway.policy.PolicyRequest;
import io.homeward.gateway.store.LocalAccountStore;
import io.homeward.gateway.store.OrganisationRecord;
import io.homeward.gateway.store.OrganisationStore;
import io.homeward.gateway.store.SessionStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Administrators create, list, rename, classify and deactivate organisations (issue 13). The id is
 * the opaque string the rest of the system holds as {@code organisation_id}; it never changes. A
 * deactivated organisation keeps its data; its users' open sessions end and they can no longer sign
 * in or act (enforced where a request's actor is established). Administrators are global, as for
 * accounts: the policy (action {@code MANAGE_ORGANISATIONS}, purpose {@code ADMINISTRATION})
 * decides, whatever the administrator's own organisation. Every step is audited.
 */
@ApplicationScoped
public class Organisations {
  /** The largest page a client may ask for. */
  public static final int MAX_PAGE = 200;

  private static final int NAME_MAX = 128;

  private final Database db;
  private final OrganisationStore store;
  private final SessionStore sessions;
  private final Guard guard;
  private final AuditLog audit;
  private final Clock clock;

  public Organisations(
      Database db,
      OrganisationStore store,
      SessionStore sessions,
      Guard guard,
      AuditLog audit,
      Clock clock) {
    this.db = db;
    this.store = store;
    this.sessions = sessions;
    this.guard = guard;
    this.audit = audit;
    this.clock = clock;
  }

  /** A page of organisations by id and the cursor of the next (or {@code null}). */
  public record Page(List<OrganisationRecord> items, String next) {}

  /**
   * A change to an organisation: each part only when given.
   *
   * @param displayName a new display name
   * @param kind a new kind
   * @param active {@code false} deactivates, {@code true} reactivates
   */
  public record Change(String displayName, OrganisationKind kind, Boolean active) {}

  public OrganisationRecord create(
      Actor actor, Purpose purpose, String id, String displayName, OrganisationKind kind) {
    Instant now = clock.instant();
    AuditDraft draft =
        new AuditDraft(actor, AuditAction.ACCOUNT_CHANGE, purpose).detail("create organisation");
    PolicyDecision decision = require(actor, purpose, draft);
    if (id == null || !OrganisationRecord.ID.matcher(id).matches()) {
      throw badId();
    }
    String name = displayName(displayName == null || displayName.isBlank() ? id : displayName);
    if (kind == null) {
      throw new GatewayException(ProblemType.INVALID_REQUEST, "kind is required");
    }
    return db.inTransaction(
        tx -> {
          try {
            store.insert(tx, id, name, kind, now, actor.subject());
          } catch (SQLException e) {
            if (LocalAccountStore.UNIQUE_VIOLATION.equals(e.getSQLState())) {
              throw new GatewayException(
                  ProblemType.CONFLICT, "an organisation with this id exists already");
            }
            throw e;
          }
          audit.append(
              tx,
              draft
                  .detail("organisation created: " + id + " " + kind.name())
                  .build(now, decision, true));
          return store.find(tx, id).orElseThrow();
        });
  }

  public Page list(Actor actor, Purpose purpose, String cursor, int limit) {
    Instant now = clock.instant();
    AuditDraft draft =
        new AuditDraft(actor, AuditAction.VIEW, purpose).detail("list organisations");
    PolicyDecision decision = require(actor, purpose, draft);
    String after = decodeCursor(cursor);
    return db.inTransaction(
        tx -> {
          List<OrganisationRecord> rows = store.page(tx, after, limit + 1);
          boolean more = rows.size() > limit;
          List<OrganisationRecord> page = more ? rows.subList(0, limit) : rows;
          audit.append(tx, draft.build(now, decision, true));
          return new Page(
              List.copyOf(page), more ? encodeCursor(page.get(page.size() - 1).id()) : null);
        });
  }

  public OrganisationRecord change(Actor actor, Purpose purpose, String id, Change change) {
    Instant now = clock.instant();
    AuditDraft draft =
        new AuditDraft(actor, AuditAction.ACCOUNT_CHANGE, purpose).detail("change organisation");
    PolicyDecision decision = require(actor, purpose, draft);
    if (change == null
        || (change.displayName() == null && change.kind() == null && change.active() == null)) {
      throw new GatewayException(
          ProblemType.INVALID_REQUEST, "name a displayName, a kind or active to change");
    }
    String name = change.displayName() == null ? null : displayName(change.displayName());
    if (Boolean.FALSE.equals(change.active()) && actor.organisation().equals(id)) {
      // The administrator would shut themself (and perhaps every administrator) out.
      throw new GatewayException(
          ProblemType.CONFLICT, "an administrator cannot deactivate their own organisation");
    }
    return db.inTransaction(
        tx -> {
          if (id == null || !store.lock(tx, id)) {
            throw new GatewayException(ProblemType.NOT_FOUND, "no such organisation");
          }
          OrganisationRecord before = store.find(tx, id).orElseThrow();
          boolean active = change.active() == null ? before.active() : change.active();
          store.update(
              tx,
              id,
              name == null ? before.displayName() : name,
              change.kind() == null ? before.kind() : change.kind(),
              active,
              now,
              actor.subject());
          StringBuilder detail = new StringBuilder("organisation changed: ").append(id);
          if (name != null && !name.equals(before.displayName())) {
            detail.append("; renamed");
          }
          if (change.kind() != null && change.kind() != before.kind()) {
            detail.append("; kind ").append(change.kind().name());
          }
          if (before.active() && !active) {
            int ended = sessions.endForOrganisation(tx, id, now);
            detail.append("; deactivated, ").append(ended).append(" sessions ended");
          } else if (!before.active() && active) {
            detail.append("; reactivated");
          }
          audit.append(tx, draft.detail(detail.toString()).build(now, decision, true));
          return store.find(tx, id).orElseThrow();
        });
  }

  private PolicyDecision require(Actor actor, Purpose purpose, AuditDraft draft) {
    return guard.require(
        PolicyRequest.of(actor, Action.MANAGE_ORGANISATIONS).purpose(purpose).build(), draft);
  }

  private static String displayName(String value) {
    String name = value.strip();
    if (name.isEmpty()
        || name.length() > NAME_MAX
        || name.codePoints().anyMatch(Character::isISOControl)) {
      throw new GatewayException(
          ProblemType.INVALID_REQUEST,
          "displayName must be 1 to " + NAME_MAX + " characters without control characters");
    }
    return name;
  }

  static GatewayException badId() {
    return new GatewayException(
        ProblemType.INVALID_REQUEST,
        "id must be 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter"
            + " or digit");
  }

  private static String encodeCursor(String id) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(id.getBytes(StandardCharsets.UTF_8));
  }

  private static String decodeCursor(String cursor) {
    if (cursor == null || cursor.isBlank()) {
      return null;
    }
    try {
      String after = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (!OrganisationRecord.ID.matcher(after).matches()) {
        throw new IllegalArgumentException();
      }
      return after;
    } catch (IllegalArgumentException e) {
      throw new GatewayException(
          ProblemType.INVALID_REQUEST, "cursor is not one this service gave");
    }
  }
}
