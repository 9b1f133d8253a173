package io.homeward.gateway.registration;

import io.homeward.gateway.access.Guard;
import io.homeward.gateway.access.UsageBudget;
import io.homeward.gateway.audit.AuditAction;
import io.homeward.gateway.audit.AuditDraft;
import io.homeward.gateway.audit.AuditLog;
import io.homeward.gateway.client.EmbeddedFace;
import io.homeward.gateway.client.EmbedderClient;
import io.homeward.gateway.domain.CaseStatus;
import io.homeward.gateway.domain.Purpose;
import io.homeward.gateway.domain.UsageKind;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.images.ImageStore;
import io.homeward.gateway.outbox.IndexWriter;
import io.homeward.gateway.outbox.VectorSpaces;
import io.homeward.gateway.policy.Action;
import io.homeward.gateway.policy.Actor;
import io.homeward.gateway.policy.PhotoAge;
import io.homeward.gateway.policy.PolicyDecision;
import io.homeward.gateway.policy.PolicyFacts;
import io.homeward.gateway.policy.PolicyRequest;
import io.homeward.gateway.security.ProbeHasher;
import io.homeward.gateway.store.CaseRecord;
import io.homeward.gateway.store.CaseSnapshot;
import io.homeward.gateway.store.CaseStore;
import io.homeward.gateway.store.ConsentRecord;
import io.homeward.gateway.store.Ids;
import io.homeward.gateway.store.OutboxStore;
import io.homeward.gateway.store.PhotoRecord;
import io.homeward.gateway.store.PhotoState;
import io.homeward.gateway.store.PhotoStore;
import io.homeward.gateway.store.SubjectRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Enrolling a photo, split in two: the decision (policy, rule 16's allowance, the embedder's
 * quality gate, the encrypted image) and the storing (the photo record, the outbox row and the
 * audit record, in the caller's transaction). A single enrolment ({@code enrolment.Enrolment})
 * stores at once; a bulk import stores a new case and its photos in one transaction.
 */
@ApplicationScoped
public class PhotoEnrolment {
  private static final Logger LOG = Logger.getLogger(PhotoEnrolment.class);

  /**
   * The audit says that a person drew the face box, not where: the box adds nothing to who did what
   * under which rule, and with the probe's hash it would describe the photo further.
   */
  static final String MANUAL_BOX = "; face box drawn by hand";

  private final CaseStore cases;
  private final PhotoStore photos;
  private final OutboxStore outbox;
  private final ImageStore images;
  private final EmbedderClient embedder;
  private final IndexWriter indexWriter;
  private final VectorSpaces spaces;
  private final Guard guard;
  private final AuditLog audit;
  private final ProbeHasher hasher;
  private final UsageBudget budget;
  private final Clock clock;

  public PhotoEnrolment(
      CaseStore cases,
      PhotoStore photos,
      OutboxStore outbox,
      ImageStore images,
      EmbedderClient embedder,
      IndexWriter indexWriter,
      VectorSpaces spaces,
      Guard guard,
      AuditLog audit,
      ProbeHasher hasher,
      UsageBudget budget,
      Clock clock) {
    this.cases = cases;
    this.photos = photos;
    this.outbox = outbox;
    this.images = images;
    this.embedder = embedder;
    this.indexWriter = indexWriter;
    this.spaces = spaces;
    this.guard = guard;
    this.audit = audit;
    this.hasher = hasher;
    this.budget = budget;
    this.clock = clock;
  }

  /**
   * A photo the policy and the quality gate accepted, its image stored encrypted but its record not
   * yet: {@link #store} it in a transaction, or {@link #discard} it.
   */
  public final class Accepted {
    private final PhotoRecord photo;
    private final PhotoAge photoAge;
    private final String probeHmac;
    private final EmbedderClient.Enrolled enrolled;
    private final AuditDraft draft;
    private final PolicyDecision decision;
    private final Instant now;
    private int casePhotos;

    private Accepted(
        PhotoRecord photo,
        PhotoAge photoAge,
        String probeHmac,
        EmbedderClient.Enrolled enrolled,
        AuditDraft draft,
        PolicyDecision decision,
        Instant now) {
      this.photo = photo;
      this.photoAge = photoAge;
      this.probeHmac = probeHmac;
      this.enrolled = enrolled;
      this.draft = draft;
      this.decision = decision;
      this.now = now;
    }

    /** Stores the photo record, queues it for the index when its case is open, audits. */
    public void store(Connection tx) throws SQLException {
      store(tx, null);
    }

    /**
     * As {@link #store(Connection)}, for an enrolment the client named with {@code requestKey}
     * (null: none): when a photo of the case was stored under that key already (a repeat that raced
     * the first request), stores nothing and returns that photo. The case's row lock orders the
     * two; the unique index on the key backs it.
     */
    public Optional<PhotoRecord> store(Connection tx, String requestKey) throws SQLException {
      String caseId = photo.caseId();
      CaseRecord locked = cases.findForUpdate(tx, caseId).orElseThrow();
      if (requestKey != null) {
        Optional<PhotoRecord> earlier = photos.byRequestKey(tx, caseId, requestKey);
        if (earlier.isPresent()) {
          return earlier;
        }
      }
      photos.insert(tx, photo);
      if (requestKey != null) {
        photos.setRequestKey(tx, photo.id(), requestKey);
      }
      casePhotos = photos.liveByCase(tx, caseId).size();
      photos.setAgeRange(tx, photo.id(), photoAge.from(), photoAge.to(), photoAge.basis());
      if (probeHmac != null) {
        photos.setProbeHmac(tx, photo.id(), probeHmac, hasher.keyId());
      }
      if (locked.status() == CaseStatus.OPEN) {
        outbox.enqueue(tx, OutboxStore.Kind.UPSERT, photo.id(), photo.faceId(), caseId, now);
      }
      audit.append(
          tx,
          draft
              .detail(
                  "stored; "
                      + (locked.status() == CaseStatus.OPEN ? "queued for index" : "pending")
                      + (enrolled.verdict().manualBox() ? MANUAL_BOX : ""))
              .build(now, decision, true));
      return Optional.empty();
    }

    /** After the transaction committed: hands the vector to the index writer. */
    public EnrolledPhoto committed() {
      indexWriter.remember(photo.id(), enrolled.face());
      indexWriter.kick();
      return new EnrolledPhoto(photo, enrolled.verdict(), casePhotos);
    }

    /** Nothing was committed: removes the image so no orphan is left. */
    public void discard() {
      try {
        images.delete(photo.imageRef());
      } catch (RuntimeException ignored) {
        // The reconciler removes it later (it also catches a crash before this point).
        LOG.warn("an uncommitted image could not be deleted; the reconciler removes it");
      }
    }
  }

  /**
   * Decides on a photo for the case {@code snapshot} shows: policy (a refusal is audited and
   * thrown), the allowance, then the embedder's quality gate; a refused photo is never stored.
   */
  public Accepted decide(Actor actor, Purpose purpose, CaseSnapshot snapshot, NewPhoto cmd) {
    return decide(actor, purpose, snapshot, cmd, Allowance.USER_DAILY);
  }

  /**
   * As {@link #decide(Actor, Purpose, CaseSnapshot, NewPhoto)}, counted against {@code allowance}.
   */
  public Accepted decide(
      Actor actor, Purpose purpose, CaseSnapshot snapshot, NewPhoto cmd, Allowance allowance) {
    Authorised a = authorise(actor, purpose, snapshot, cmd);
    Instant now = a.now();
    String caseId = snapshot.record().id();
    AuditDraft draft = a.draft();
    PhotoAge.checkTyped(a.known(), cmd.ageAtPhoto());
    CaseRecord c = snapshot.record();
    if (c.status() != CaseStatus.OPEN && c.status() != CaseStatus.PENDING) {
      throw new GatewayException(
          ProblemType.CONFLICT, "the case is " + c.status() + "; no new photos");
    }
    // Rule 16: an enrolment and the standing search it triggers count before the embedder is asked.
    if (allowance == Allowance.USER_DAILY) {
      budget.reserve(actor, UsageKind.ENROLMENT, caseId, draft, now);
    }

    // The quality gate first: a refused photo is never stored.
    // Into the live space: the vector kept for the first index write is the one searches compare.
    EmbedderClient.Enrolled enrolled =
        embedder.embedForEnrolment(cmd.image(), cmd.faceBox(), spaces.recordedLive());
    EmbeddedFace face = enrolled.face();
    PhotoAge photoAge = PhotoAge.decide(a.known(), cmd.ageAtPhoto(), face);
    Float age = photoAge.decisive();
    draft.ageBand(age);
    draft.modelVersion(face.modelId() + "@" + face.modelVersion());

    String ref = images.put(cmd.image());
    PhotoRecord photo =
        new PhotoRecord(
            Ids.newId("p"),
            caseId,
            Ids.newFaceId(),
            ref,
            cmd.source(),
            age,
            cmd.photoYear(),
            face.quality(),
            face.modelId() + "@" + face.modelVersion(),
            PhotoState.STORED,
            now,
            null,
            cmd.faceBox().orElse(null));
    return new Accepted(photo, photoAge, a.probeHmac(), enrolled, draft, a.decision(), now);
  }

  /**
   * A repeat of an enrolment already stored under the case with the same client key (its first
   * answer was lost): the policy is asked again as for a new photo (a refusal is audited and
   * thrown), the repeat is audited, and the answer is the stored photo. Nothing is stored, no
   * allowance is counted and the embedder is not asked.
   */
  public EnrolledPhoto replay(
      Actor actor, Purpose purpose, CaseSnapshot snapshot, NewPhoto cmd, PhotoRecord stored) {
    Authorised a = authorise(actor, purpose, snapshot, cmd);
    audit.append(
        a.draft()
            .detail("repeated request; the photo was stored by the first one")
            .build(a.now(), a.decision(), true));
    return EnrolledPhoto.replayed(stored, snapshot.livePhotos().size());
  }

  /** The policy's allowance of an enrolment, with the audit draft that records it. */
  private record Authorised(
      AuditDraft draft,
      PolicyDecision decision,
      Optional<PhotoAge> known,
      String probeHmac,
      Instant now) {}

  private Authorised authorise(Actor actor, Purpose purpose, CaseSnapshot snapshot, NewPhoto cmd) {
    Instant now = clock.instant();
    CaseRecord c = snapshot.record();
    SubjectRecord s = snapshot.subject();
    Optional<ConsentRecord> basis = PolicyFacts.basisInForce(snapshot.consents(), now);
    Optional<PhotoAge> known = PhotoAge.fromBirthYears(s, cmd.photoYear());
    Float age = known.map(PhotoAge::decisive).orElse(null);
    String probeHmac = cmd.image() == null ? null : hasher.hash(cmd.image());
    AuditDraft draft =
        new AuditDraft(actor, AuditAction.ENROL, purpose)
            .caseId(c.id())
            .subject(s.id())
            .ageBand(age)
            .probeHmac(probeHmac)
            .legalBasis(basis.map(k -> k.basis().name()).orElse(null))
            .consentId(basis.map(ConsentRecord::id).orElse(null));
    PolicyRequest.Builder request =
        PolicyRequest.of(actor, Action.ENROL_PHOTO)
            .purpose(purpose)
            .caseFacts(PolicyFacts.caseFacts(c, actor, Optional.of(c.side())))
            .subject(PolicyFacts.subjectNow(s, now))
            .photoSource(cmd.source());
    basis.ifPresent(k -> request.consent(PolicyFacts.consentFacts(k, now)));
    PolicyDecision decision = guard.require(request.build(), draft);
    return new Authorised(draft, decision, known, probeHmac, now);
  }
}
