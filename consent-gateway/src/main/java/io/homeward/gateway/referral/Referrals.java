package io.homeward.gateway.referral;

import io.homeward.gateway.access.Guard;
import io.homeward.gateway.audit.AuditAction;
import io.homeward.gateway.audit.AuditDraft;
import io.homeward.gateway.audit.AuditLog;
import io.homeward.gateway.db.Database;
import io.homeward.gateway.db.DatabaseException;
import io.homeward.gateway.domain.CaseStatus;
import io.homeward.gateway.domain.Display;
import io.homeward.gateway.domain.Purpose;
import io.homeward.gateway.domain.ReviewOrigin;
import io.homeward.gateway.domain.Side;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.policy.Action;
import io.homeward.gateway.policy.Actor;
import io.homeward.gateway.policy.PolicyDecision;
import io.homeward.gateway.policy.PolicyFacts;
import io.homeward.gateway.policy.PolicyRequest;
import io.homeward.gateway.security.FieldSealer;
import io.homeward.gateway.store.AccountStore;
import io.homeward.gateway.store.CaseRecord;
import io.homeward.gateway.store.CaseSnapshot;
import io.homeward.gateway.store.CaseStore;
import io.homeward.gateway.store.Ids;
import io.homeward.gateway.store.PhotoRecord;
import io.homeward.gateway.store.PhotoState;
import io.homeward.gateway.store.PhotoStore;
import io.homeward.gateway.store.ReviewItem;
import io.homeward.gateway.store.ReviewStore;
import io.homeward.gateway.store.SearchResult;
import io.homeward.gateway.store.SearchResultStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A candidate a case search showed, referred to the examiners: the review item for the pair (the
 * searched case's photo, the candidate's photo), created once with the origin {@link
 * ReviewOrigin#REFERRAL} and the referrer recorded, or the pair's item as it stands (raised by the
 * standing search or referred before). Only a candidate of a search of that case by the referrer's
 * organisation, not yet expired; a candidate whose case is no longer searchable is refused for that
 * reason. Everything is audited; the examiners then work the item like any other (rule 12).
 *
 * <p>The searched case is read and the policy asked; then, in one transaction holding the search
 * result's row, the pair's item is found or created and the audit record written. Two referrals of
 * one pair from different searches can still race on the pair's unique key: the loser tries again
 * and finds the item.
 */
@ApplicationScoped
public class Referrals {
  /** The sealed field of a referral's note (see {@code SealedColumn}). */
  static final String NOTE_FIELD = "review_items.referral_note";

  /** The longest note a referrer may write. */
  public static final int NOTE_MAX = 500;

  private final Database db;
  private final SearchResultStore results;
  private final CaseStore cases;
  private final PhotoStore photos;
  private final ReviewStore reviews;
  private final AccountStore accounts;
  private final Guard guard;
  private final AuditLog audit;
  private final FieldSealer sealer;
  private final Clock clock;

  public Referrals(
      Database db,
      SearchResultStore results,
      CaseStore cases,
      PhotoStore photos,
      ReviewStore reviews,
      AccountStore accounts,
      Guard guard,
      AuditLog audit,
      FieldSealer sealer,
      Clock clock) {
    this.db = db;
    this.results = results;
    this.cases = cases;
    this.photos = photos;
    this.reviews = reviews;
    this.accounts = accounts;
    this.guard = guard;
    this.audit = audit;
    this.sealer = sealer;
    this.clock = clock;
  }

  /**
   * What a referral did.
   *
   * @param candidate the candidate's id, as the client sent it
   * @param created whether this referral created the pair's review item
   * @param referredAt when the pair was first referred
   */
  public record Outcome(String candidate, boolean created, Instant referredAt) {}

  /** Why a referral was refused after the policy allowed it, or null when it was not. */
  private record Refusal(ProblemType type, String detail, String audited) {}

  /** One transaction's answer: an outcome or a refusal. */
  private record Attempt(Outcome outcome, Refusal refusal, SearchResult result) {}

  /**
   * Refers the candidate {@code candidateId} of a search of {@code caseId} to the examiners.
   *
   * @param note an optional note for the record (sealed), null when none
   */
  public Outcome refer(
      Actor actor, Purpose purpose, String caseId, String candidateId, String note) {
    Instant now = clock.instant();
    CaseSnapshot searched =
        db.inTransaction(tx -> cases.snapshot(tx, caseId))
            .orElseThrow(() -> new GatewayException(ProblemType.NOT_FOUND, "no such case"));
    CaseRecord c = searched.record();
    // A fresh draft for each write: a transaction that fails must not leave fields in the next.
    Supplier<AuditDraft> drafts =
        () ->
            new AuditDraft(actor, AuditAction.REFERRAL, purpose)
                .caseId(caseId)
                .subject(searched.subject().id())
                .displayed(Display.NONE);
    AuditDraft draft = drafts.get();
    PolicyDecision decision =
        guard.require(
            PolicyRequest.of(actor, Action.REFER_CANDIDATE)
                .purpose(purpose)
                .caseFacts(PolicyFacts.caseFacts(c, actor, Optional.of(c.side())))
                .subject(PolicyFacts.subjectNow(searched.subject(), now))
                .build(),
            draft);
    if (!Ids.looksLike("m", candidateId)) {
      throw refused(draft, decision, now, notFound());
    }
    byte[] sealedNote = note == null ? null : sealer.seal(NOTE_FIELD, note);
    Attempt attempt;
    try {
      AuditDraft first = drafts.get();
      attempt =
          db.inTransaction(
              tx -> attempt(tx, actor, c, candidateId, sealedNote, first, decision, now));
    } catch (DatabaseException raced) {
      // Another referral of the same pair (from another search) created the item first.
      AuditDraft second = drafts.get();
      attempt =
          db.inTransaction(
              tx -> attempt(tx, actor, c, candidateId, sealedNote, second, decision, now));
    }
    if (attempt.refusal() != null) {
      AuditDraft refusedDraft = drafts.get();
      if (attempt.result() != null) {
        refusedDraft
            .candidate(attempt.result().candidateCaseId() + "=" + attempt.result().band())
            .modelVersion(attempt.result().modelVersion());
      }
      throw refused(refusedDraft, decision, now, attempt.refusal());
    }
    return attempt.outcome();
  }

  private Attempt attempt(
      Connection tx,
      Actor actor,
      CaseRecord searched,
      String candidateId,
      byte[] sealedNote,
      AuditDraft draft,
      PolicyDecision decision,
      Instant now)
      throws SQLException {
    Optional<SearchResult> found =
        results.find(tx, candidateId, searched.id(), actor.organisation(), now, true);
    if (found.isEmpty()) {
      return new Attempt(null, notFound(), null);
    }
    SearchResult r = found.get();
    draft.candidate(r.candidateCaseId() + "=" + r.band()).modelVersion(r.modelVersion());
    Optional<CaseRecord> candidateCase = cases.find(tx, r.candidateCaseId());
    Optional<PhotoRecord> candidatePhoto = photos.find(tx, r.candidatePhotoId());
    if (candidateCase.isEmpty()
        || candidateCase.get().status() != CaseStatus.OPEN
        || !live(candidatePhoto)) {
      return new Attempt(
          null,
          new Refusal(
              ProblemType.CANDIDATE_NOT_SEARCHABLE,
              "the candidate's case is no longer searchable",
              "candidate not searchable"),
          r);
    }
    if (!live(photos.find(tx, r.probePhotoId()))) {
      return new Attempt(
          null,
          new Refusal(
              ProblemType.CONFLICT,
              "the photo the case was searched with is no longer held; search again",
              "probe photo gone"),
          r);
    }
    boolean probeMissing = searched.side() == Side.MISSING;
    long missingFace = probeMissing ? r.probeFaceId() : r.candidateFaceId();
    long foundFace = probeMissing ? r.candidateFaceId() : r.probeFaceId();
    Optional<ReviewItem> existing = reviews.forPair(tx, missingFace, foundFace);
    boolean created = existing.isEmpty();
    String reviewId;
    if (created) {
      boolean protectedPerson =
          cases.subject(tx, searched.id()).protectedPerson()
              || cases.subject(tx, r.candidateCaseId()).protectedPerson();
      ReviewItem item =
          new ReviewItem(
              Ids.newId("r"),
              missingFace,
              foundFace,
              probeMissing ? searched.id() : r.candidateCaseId(),
              probeMissing ? r.candidateCaseId() : searched.id(),
              r.band(),
              r.rawScore(),
              protectedPerson ? ReviewStore.PROTECTED_HOLD : ReviewStore.OPEN,
              now,
              ReviewOrigin.REFERRAL);
      if (reviews.insertIfAbsent(tx, item)) {
        if (protectedPerson) {
          // As for the standing search's candidates: held for the protection officer (rule 14).
          accounts.raiseAlert(tx, "PROTECTED_PERSON_CANDIDATE", null, item.id(), now);
        }
        reviewId = item.id();
      } else {
        // Another referral of the pair committed its item after this one looked: refer to that
        // one. (Ignoring this once answered 201 twice and recorded a referral of no item.)
        created = false;
        reviewId = reviews.forPair(tx, missingFace, foundFace).orElseThrow().id();
      }
    } else {
      reviewId = existing.get().id();
    }
    reviews.recordReferral(tx, reviewId, actor.subject(), actor.actingAs().name(), sealedNote, now);
    Instant referredAt = reviews.referredAt(tx, reviewId).orElse(now);
    audit.append(
        tx,
        draft
            .detail(
                created ? "referral: new review item" : "referral: the pair is already in review")
            .build(now, decision, true));
    return new Attempt(new Outcome(candidateId, created, referredAt), null, r);
  }

  private static boolean live(Optional<PhotoRecord> photo) {
    return photo.isPresent() && photo.get().state() != PhotoState.ERASED;
  }

  private static Refusal notFound() {
    return new Refusal(ProblemType.NOT_FOUND, "no such candidate", "no such candidate");
  }

  /** Audits the refusal (on its own: a refusal stores nothing else) and returns it. */
  private GatewayException refused(
      AuditDraft draft, PolicyDecision decision, Instant now, Refusal refusal) {
    audit.append(
        draft.detail("referral refused: " + refusal.audited()).build(now, decision, false));
    return new GatewayException(refusal.type(), refusal.detail());
  }
}
