package io.homeward.gateway.cases;

import io.homeward.gateway.access.Guard;
import io.homeward.gateway.access.UsageBudget;
import io.homeward.gateway.audit.AuditAction;
import io.homeward.gateway.audit.AuditDraft;
import io.homeward.gateway.audit.AuditLog;
import io.homeward.gateway.client.EmbedderClient;
import io.homeward.gateway.db.Database;
import io.homeward.gateway.domain.Display;
import io.homeward.gateway.domain.Purpose;
import io.homeward.gateway.domain.UsageKind;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.images.ImageRenderer;
import io.homeward.gateway.images.ImageStore;
import io.homeward.gateway.policy.Action;
import io.homeward.gateway.policy.Actor;
import io.homeward.gateway.policy.PolicyDecision;
import io.homeward.gateway.policy.PolicyFacts;
import io.homeward.gateway.policy.PolicyRequest;
import io.homeward.gateway.store.AccountStore;
import io.homeward.gateway.store.CaseRecord;
import io.homeward.gateway.store.CaseStore;
import io.homeward.gateway.store.Ids;
import io.homeward.gateway.store.PhotoRecord;
import io.homeward.gateway.store.PhotoState;
import io.homeward.gateway.store.PhotoStore;
import io.homeward.gateway.store.SubjectRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Function;

/**
 * Shows an image: clear or blurred as the policy allows (rule 11), watermarked with the viewer and
 * the time, audited. There is no export: an attempt is refused and audited (rule 15).
 */
@ApplicationScoped
public class ImageViews {
  private final Database db;
  private final CaseStore cases;
  private final PhotoStore photos;
  private final AccountStore accounts;
  private final ImageStore images;
  private final ImageRenderer renderer;
  private final EmbedderClient embedder;
  private final Guard guard;
  private final AuditLog audit;
  private final UsageBudget budget;
  private final Clock clock;

  public ImageViews(
      Database db,
      CaseStore cases,
      PhotoStore photos,
      AccountStore accounts,
      ImageStore images,
      ImageRenderer renderer,
      EmbedderClient embedder,
      Guard guard,
      AuditLog audit,
      UsageBudget budget,
      Clock clock) {
    this.db = db;
    this.cases = cases;
    this.photos = photos;
    this.accounts = accounts;
    this.images = images;
    this.renderer = renderer;
    this.embedder = embedder;
    this.guard = guard;
    this.audit = audit;
    this.budget = budget;
    this.clock = clock;
  }

  /** A rendered image and how it was shown. */
  public record Shown(byte[] jpeg, Display display) {}

  private record Target(PhotoRecord photo, CaseRecord caseRecord, SubjectRecord subject) {}

  private Target target(String photoId) {
    if (!Ids.looksLike("p", photoId)) {
      throw new GatewayException(ProblemType.NOT_FOUND, "no such photo");
    }
    return db.inTransaction(
        tx -> {
          Optional<PhotoRecord> p = photos.find(tx, photoId);
          if (p.isEmpty()
              || p.get().caseId() == null
              || p.get().state() == PhotoState.ERASED
              || p.get().imageRef() == null) {
            throw new GatewayException(ProblemType.NOT_FOUND, "no such photo");
          }
          CaseRecord c = cases.find(tx, p.get().caseId()).orElseThrow();
          return new Target(p.get(), c, cases.subject(tx, c.id()));
        });
  }

  public Shown view(Actor actor, Purpose purpose, String photoId) {
    return show(actor, purpose, photoId, null, t -> images.readPlaintext(t.photo().imageRef()));
  }

  /**
   * Shows the face of a photo aligned as the embedder aligns it for the model, at a size for a
   * person (examiners compare two faces at the same scale): the same rules, watermark and audit as
   * the whole photo. The embedder receives the decrypted photo only for this call, as for any
   * embedding.
   */
  public Shown viewAlignedFace(Actor actor, Purpose purpose, String photoId) {
    return show(
        actor,
        purpose,
        photoId,
        "aligned face",
        t -> embedder.alignedFace(images.readPlaintext(t.photo().imageRef()), t.photo().faceBox()));
  }

  private Shown show(
      Actor actor,
      Purpose purpose,
      String photoId,
      String detail,
      Function<Target, byte[]> source) {
    Instant now = clock.instant();
    Target t = target(photoId);
    var facts = PolicyFacts.caseFacts(t.caseRecord(), actor, Optional.empty());
    var subject = PolicyFacts.subjectAt(t.subject(), t.photo().ageAtPhoto());
    AuditDraft draft =
        new AuditDraft(actor, AuditAction.VIEW, purpose)
            .caseId(t.caseRecord().id())
            .subject(t.subject().id())
            .ageBand(t.photo().ageAtPhoto())
            .candidate(photoId);
    if (detail != null) {
      draft.detail(detail);
    }
    // A protected person's photo is shown only within the organisation that protects them; to
    // anyone else it does not exist (rule 14), and the protection officer is told.
    if (t.subject().protectedPerson()
        && !t.caseRecord().organisation().equals(actor.organisation())) {
      db.inTransaction(
          tx -> {
            accounts.raiseAlert(
                tx, "PROTECTED_PERSON_VIEW", actor.subject(), t.caseRecord().id(), now);
            audit.append(tx, draft.detail("protected person").build(now, null, false));
            return null;
          });
      throw new GatewayException(ProblemType.NOT_FOUND, "no such photo");
    }
    PolicyDecision clear =
        guard.ask(
            PolicyRequest.of(actor, Action.VIEW_IMAGE_CLEAR)
                .purpose(purpose)
                .caseFacts(facts)
                .subject(subject)
                .build());
    PolicyDecision decision = clear;
    boolean blurred = false;
    if (!clear.allowed()) {
      decision =
          guard.require(
              PolicyRequest.of(actor, Action.VIEW_IMAGE_BLURRED)
                  .purpose(purpose)
                  .caseFacts(facts)
                  .subject(subject)
                  .build(),
              draft.displayed(Display.NONE));
      blurred = true;
    }
    // Rule 16: an allowed view counts against the daily budget before the image is decrypted.
    budget.reserve(
        actor, UsageKind.IMAGE_VIEW, t.caseRecord().id(), draft.displayed(Display.NONE), now);
    Display display = blurred ? Display.BLURRED : Display.CLEAR;
    byte[] jpeg =
        renderer.render(
            source.apply(t),
            blurred,
            actor.subject()
                + " "
                + actor.organisation()
                + " "
                + now.truncatedTo(ChronoUnit.SECONDS));
    PolicyDecision finalDecision = decision;
    db.inTransaction(
        tx -> {
          audit.append(tx, draft.displayed(display).build(now, finalDecision, true));
          return null;
        });
    return new Shown(jpeg, display);
  }

  /** Always refused (rule 15); the attempt is audited. */
  public void export(Actor actor, Purpose purpose, String photoId) {
    AuditDraft draft =
        new AuditDraft(actor, AuditAction.EXPORT_ATTEMPT, purpose).detail("export attempt");
    try {
      guard.require(PolicyRequest.of(actor, Action.EXPORT_IMAGE).purpose(purpose).build(), draft);
    } catch (GatewayException e) {
      if (e.type() == ProblemType.POLICY_DENIED) {
        throw new GatewayException(
            ProblemType.EXPORT_FORBIDDEN, "images cannot be exported or shared");
      }
      throw e;
    }
    // A policy that allowed it would be a misconfiguration: refuse all the same.
    audit.append(draft.detail("export refused by the gateway").build(clock.instant(), null, false));
    throw new GatewayException(ProblemType.EXPORT_FORBIDDEN, "images cannot be exported or shared");
  }
}
