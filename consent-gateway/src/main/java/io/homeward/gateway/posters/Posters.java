package io.homeward.gateway.posters;

import io.homeward.gateway.access.Guard;
import io.homeward.gateway.audit.AuditAction;
import io.homeward.gateway.audit.AuditDraft;
import io.homeward.gateway.audit.AuditLog;
import io.homeward.gateway.config.GatewayConfig;
import io.homeward.gateway.db.Database;
import io.homeward.gateway.domain.Display;
import io.homeward.gateway.domain.Purpose;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.images.ImageRenderer;
import io.homeward.gateway.images.ImageStore;
import io.homeward.gateway.policy.Action;
import io.homeward.gateway.policy.Actor;
import io.homeward.gateway.policy.Justifications;
import io.homeward.gateway.policy.PolicyDecision;
import io.homeward.gateway.policy.PolicyFacts;
import io.homeward.gateway.policy.PolicyRequest;
import io.homeward.gateway.security.FieldSealer;
import io.homeward.gateway.store.AlertPoster;
import io.homeward.gateway.store.AlertPosterStore;
import io.homeward.gateway.store.CaseRecord;
import io.homeward.gateway.store.CaseSnapshot;
import io.homeward.gateway.store.CaseStore;
import io.homeward.gateway.store.Ids;
import io.homeward.gateway.store.PhotoRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Police-authorised public alert posters (PRIVACY.md rule 15), the only way anything is published:
 * created by police on an open MISSING case of their organisation with a written justification,
 * showing one of the case's live photos, watermarked, with the contact of the police unit (typed by
 * police; the family's contact is never on it); expiring by itself, and withdrawn by the retention
 * job within 1 h of the case leaving OPEN (rule 19). Privacy officers list them, without the photo.
 * Every step asks the policy and is audited.
 */
@ApplicationScoped
public class Posters {
  private static final String NO_SUCH = "no such poster";
  private static final int MAX_TEXT = 200;

  private final Database db;
  private final AlertPosterStore posters;
  private final CaseStore cases;
  private final ImageStore images;
  private final ImageRenderer renderer;
  private final FieldSealer sealer;
  private final Justifications justifications;
  private final Guard guard;
  private final AuditLog audit;
  private final GatewayConfig config;
  private final Clock clock;

  public Posters(
      Database db,
      AlertPosterStore posters,
      CaseStore cases,
      ImageStore images,
      ImageRenderer renderer,
      FieldSealer sealer,
      Justifications justifications,
      Guard guard,
      AuditLog audit,
      GatewayConfig config,
      Clock clock) {
    this.db = db;
    this.posters = posters;
    this.cases = cases;
    this.images = images;
    this.renderer = renderer;
    this.sealer = sealer;
    this.justifications = justifications;
    this.guard = guard;
    this.audit = audit;
    this.config = config;
    this.clock = clock;
  }

  /**
   * A poster to create, as the REST layer received it.
   *
   * @param validDays how long it runs, 1 day to the configured maximum
   */
  public record NewPoster(
      String caseId,
      String photoId,
      String policeUnit,
      String unitContact,
      String justification,
      Integer validDays) {}

  /** A poster's image and what it says. */
  public record Printed(AlertPoster poster, byte[] jpeg) {}

  public AlertPoster create(Actor actor, Purpose purpose, NewPoster cmd) {
    Instant now = clock.instant();
    String justification = justifications.required(cmd.justification(), "justification");
    String unit = text(cmd.policeUnit(), "policeUnit");
    String contact = text(cmd.unitContact(), "unitContact");
    long maxDays = config.retention().posterMaximum().toDays();
    if (cmd.validDays() == null || cmd.validDays() < 1 || cmd.validDays() > maxDays) {
      throw new GatewayException(
          ProblemType.INVALID_REQUEST, "validDays is 1 to " + maxDays + " (the poster expires)");
    }
    CaseSnapshot snapshot = snapshot(cmd.caseId());
    CaseRecord c = snapshot.record();
    AuditDraft draft =
        new AuditDraft(actor, AuditAction.CASE_CHANGE, purpose)
            .caseId(c.id())
            .subject(snapshot.subject().id())
            .justification(justification);
    PolicyDecision decision = guard.require(publish(actor, purpose, c), draft);
    PhotoRecord photo =
        snapshot.livePhotos().stream()
            .filter(p -> p.id().equals(cmd.photoId()))
            .findFirst()
            .orElseThrow(
                () ->
                    new GatewayException(
                        ProblemType.INVALID_REQUEST,
                        "photoId names none of the case's live photos"));
    AlertPoster poster =
        new AlertPoster(
            Ids.newId("a"),
            c.id(),
            photo.id(),
            actor.organisation(),
            actor.subject(),
            unit,
            contact,
            sealer.seal("alert_posters.justification", justification),
            now,
            now.plus(Duration.ofDays(cmd.validDays())),
            null,
            null);
    return db.inTransaction(
        tx -> {
          posters.insert(tx, poster);
          audit.append(
              tx,
              draft
                  .detail("alert poster " + poster.id() + " published until " + poster.expiresAt())
                  .build(now, decision, true));
          return poster;
        });
  }

  /** An active poster of the actor's organisation (police: it is theirs to print). */
  public AlertPoster read(Actor actor, Purpose purpose, String id) {
    return active(actor, purpose, id, "alert poster " + id + " read").poster();
  }

  /** The poster's image: the approved photo, watermarked with the alert and its expiry. */
  public Printed image(Actor actor, Purpose purpose, String id) {
    Allowed allowed = active(actor, purpose, id, null);
    AlertPoster p = allowed.poster();
    PhotoRecord photo =
        allowed.snapshot().livePhotos().stream()
            .filter(x -> x.id().equals(p.photoId()))
            .findFirst()
            .orElseThrow(() -> new GatewayException(ProblemType.CONFLICT, "the photo is gone"));
    Instant now = clock.instant();
    byte[] jpeg =
        renderer.render(
            images.readPlaintext(photo.imageRef()),
            false,
            "POLICE ALERT "
                + p.id()
                + " valid until "
                + p.expiresAt().truncatedTo(ChronoUnit.DAYS).toString().substring(0, 10)
                + " - printed by "
                + actor.subject()
                + " "
                + now.truncatedTo(ChronoUnit.SECONDS));
    db.inTransaction(
        tx -> {
          audit.append(
              tx,
              allowed
                  .draft()
                  .displayed(Display.CLEAR)
                  .detail("alert poster " + p.id() + " image printed")
                  .build(now, allowed.decision(), true));
          return null;
        });
    return new Printed(p, jpeg);
  }

  /** The organisation's posters in a state (all when empty), for privacy officers. */
  public List<AlertPoster> list(
      Actor actor, Purpose purpose, Optional<AlertPoster.State> state, int limit) {
    Instant now = clock.instant();
    AuditDraft draft =
        new AuditDraft(actor, AuditAction.AUDIT_ACCESS, purpose)
            .detail("alert posters read" + state.map(s -> " (" + s + ")").orElse(""));
    PolicyDecision decision =
        guard.require(PolicyRequest.of(actor, Action.READ_POSTERS).purpose(purpose).build(), draft);
    return db.inTransaction(
        tx -> {
          List<AlertPoster> out =
              posters.ofOrganisation(tx, actor.organisation(), state.orElse(null), now, limit);
          audit.append(tx, draft.build(now, decision, true));
          return out;
        });
  }

  private record Allowed(
      AlertPoster poster, CaseSnapshot snapshot, AuditDraft draft, PolicyDecision decision) {}

  private Allowed active(Actor actor, Purpose purpose, String id, String readDetail) {
    Instant now = clock.instant();
    AlertPoster p = find(actor, id);
    CaseSnapshot snapshot = snapshot(p.caseId());
    AuditDraft draft =
        new AuditDraft(actor, AuditAction.VIEW, purpose)
            .caseId(p.caseId())
            .subject(snapshot.subject().id());
    // Printing is publishing: the same rule decides (police, an open MISSING case).
    PolicyDecision decision = guard.require(publish(actor, purpose, snapshot.record()), draft);
    if (p.stateAt(now) != AlertPoster.State.ACTIVE) {
      throw new GatewayException(
          ProblemType.CONFLICT, "the poster is " + p.stateAt(now).name().toLowerCase());
    }
    if (readDetail != null) {
      db.inTransaction(
          tx -> {
            audit.append(tx, draft.detail(readDetail).build(now, decision, true));
            return null;
          });
    }
    return new Allowed(p, snapshot, draft, decision);
  }

  private static PolicyRequest publish(Actor actor, Purpose purpose, CaseRecord c) {
    return PolicyRequest.of(actor, Action.PUBLISH_ALERT)
        .purpose(purpose)
        .caseFacts(PolicyFacts.caseFacts(c, actor, Optional.of(c.side())))
        .build();
  }

  /** The actor's organisation's poster, or 404. */
  private AlertPoster find(Actor actor, String id) {
    if (!Ids.looksLike("a", id)) {
      throw new GatewayException(ProblemType.NOT_FOUND, NO_SUCH);
    }
    return db.inTransaction(tx -> posters.find(tx, id))
        .filter(p -> p.organisation().equals(actor.organisation()))
        .orElseThrow(() -> new GatewayException(ProblemType.NOT_FOUND, NO_SUCH));
  }

  private CaseSnapshot snapshot(String caseId) {
    if (!Ids.looksLike("c", caseId)) {
      throw new GatewayException(ProblemType.NOT_FOUND, "no such case");
    }
    return db.inTransaction(tx -> cases.snapshot(tx, caseId))
        .orElseThrow(() -> new GatewayException(ProblemType.NOT_FOUND, "no such case"));
  }

  private static String text(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new GatewayException(ProblemType.INVALID_REQUEST, field + " is required");
    }
    String trimmed = value.strip();
    if (trimmed.length() > MAX_TEXT) {
      throw new GatewayException(
          ProblemType.INVALID_REQUEST, field + " is at most " + MAX_TEXT + " characters");
    }
    return trimmed;
  }
}
