package io.homeward.gateway.review;

import io.homeward.gateway.access.Guard;
import io.homeward.gateway.access.ScopeSql;
import io.homeward.gateway.audit.AuditAction;
import io.homeward.gateway.audit.AuditDraft;
import io.homeward.gateway.audit.AuditLog;
import io.homeward.gateway.db.Database;
import io.homeward.gateway.domain.CaseStatus;
import io.homeward.gateway.domain.ConfirmationKind;
import io.homeward.gateway.domain.Display;
import io.homeward.gateway.domain.FacialFeature;
import io.homeward.gateway.domain.FeatureAssessment;
import io.homeward.gateway.domain.Purpose;
import io.homeward.gateway.domain.Side;
import io.homeward.gateway.domain.Verdict;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.policy.Action;
import io.homeward.gateway.policy.Actor;
import io.homeward.gateway.policy.PolicyDecision;
import io.homeward.gateway.policy.PolicyFacts;
import io.homeward.gateway.policy.PolicyRequest;
import io.homeward.gateway.security.FieldSealer;
import io.homeward.gateway.store.CaseRecord;
import io.homeward.gateway.store.CaseStore;
import io.homeward.gateway.store.DnaReferral;
import io.homeward.gateway.store.Ids;
import io.homeward.gateway.store.ObservationRecord;
import io.homeward.gateway.store.PhotoRecord;
import io.homeward.gateway.store.PhotoStore;
import io.homeward.gateway.store.ReviewItem;
import io.homeward.gateway.store.ReviewStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Candidates from the standing search become review items; two examiners record verdicts
 * independently; only two POTENTIAL_CANDIDATE verdicts allow a family to be notified (rule 12).
 */
@ApplicationScoped
public class Reviews {
  private final Database db;
  private final ReviewStore store;
  private final CaseStore cases;
  private final PhotoStore photos;
  private final Guard guard;
  private final AuditLog audit;
  private final FieldSealer sealer;
  private final Clock clock;

  public Reviews(
      Database db,
      ReviewStore store,
      CaseStore cases,
      PhotoStore photos,
      Guard guard,
      AuditLog audit,
      FieldSealer sealer,
      Clock clock) {
    this.db = db;
    this.store = store;
    this.cases = cases;
    this.photos = photos;
    this.guard = guard;
    this.audit = audit;
    this.sealer = sealer;
    this.clock = clock;
  }

  /** The sealed field of an observation's note (see {@code SealedColumn}). */
  static final String NOTE_FIELD = "review_observations.note";

  /** The longest note an examiner may write on one feature. */
  public static final int NOTE_MAX = 500;

  /**
   * An item with the photos an examiner compares, and the verdicts and observations this actor may
   * see so far (their own once recorded; the other examiner's only once both are in).
   */
  public record ReviewView(
      ReviewItem item,
      String missingPhotoId,
      String foundPhotoId,
      boolean scoresShown,
      Map<String, Verdict> verdicts,
      List<Observation> observations,
      Optional<DnaReferral> dnaReferral) {}

  /** One examiner's observation of one facial feature, the note opened (shown only as allowed). */
  public record Observation(
      String examiner, FacialFeature feature, FeatureAssessment assessment, String note) {}

  /** What an examiner observed of one feature, as they send it with their verdict. */
  public record Observed(FacialFeature feature, FeatureAssessment assessment, String note) {}

  /** One page of the queue, and where the next one starts when there may be one. */
  public record Page(List<ReviewView> items, Optional<Cursor> next) {}

  /**
   * Where a page of the queue starts: after the item created at {@code createdAt} with {@code id}
   * (the queue's stable order). Opaque to clients.
   */
  public record Cursor(Instant createdAt, String id) {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    public String encode() {
      String raw = createdAt.getEpochSecond() + "." + createdAt.getNano() + "." + id;
      return ENCODER.encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses a cursor from a client; null or blank is the first page. */
    public static Cursor parse(String value) {
      if (value == null || value.isBlank()) {
        return null;
      }
      try {
        if (value.length() > 200) {
          throw new IllegalArgumentException("too long");
        }
        String raw = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
        String[] parts = raw.split("\\.", 3);
        Instant at = Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
        if (!Ids.looksLike("r", parts[2])) {
          throw new IllegalArgumentException("not a review id");
        }
        return new Cursor(at, parts[2]);
      } catch (RuntimeException e) {
        throw new GatewayException(ProblemType.INVALID_REQUEST, "cursor is not valid");
      }
    }
  }

  /**
   * Open items of the cases within the actor's reach (their organisation is party to, or is
   * assigned, the missing or the found case), oldest first, filtered in the query. Scores only for
   * roles that may see them.
   */
  public Page queue(Actor actor, Purpose purpose, int limit, Cursor after) {
    Instant now = clock.instant();
    PolicyRequest request = queueRequest(actor, purpose);
    AuditDraft draft = new AuditDraft(actor, AuditAction.VIEW, purpose).displayed(Display.METADATA);
    PolicyDecision decision = guard.require(request, draft);
    boolean scores = scoresShown(actor, purpose, request);
    ScopeSql.Predicate inReach =
        ScopeSql.caseInReach("r.missing_case_id", actor)
            .or(ScopeSql.caseInReach("r.found_case_id", actor));
    return db.inTransaction(
        tx -> {
          List<ReviewView> out = new ArrayList<>();
          List<ReviewItem> items =
              store.withStatusInReach(
                  tx,
                  ReviewStore.OPEN,
                  inReach,
                  after == null ? null : after.createdAt(),
                  after == null ? null : after.id(),
                  limit);
          for (ReviewItem item : items) {
            out.add(view(tx, item, scores, actor));
          }
          audit.append(
              tx,
              draft.detail("review queue: " + out.size() + " items").build(now, decision, true));
          Optional<Cursor> next =
              items.size() < limit
                  ? Optional.empty()
                  : Optional.of(
                      new Cursor(
                          items.get(items.size() - 1).createdAt(),
                          items.get(items.size() - 1).id()));
          return new Page(out, next);
        });
  }

  private ReviewView view(Connection tx, ReviewItem item, boolean scores, Actor actor)
      throws SQLException {
    Map<String, Verdict> verdicts = store.verdicts(tx, item.id());
    // Examiners decide independently: they see no one else's verdict until they record theirs.
    if (!verdicts.containsKey(actor.subject())) {
      verdicts = Map.of();
    }
    // Observations follow the same rule: one's own once the verdict is in; the other examiner's
    // only when both verdicts are in.
    boolean bothIn = verdicts.size() >= 2;
    List<Observation> observations = new ArrayList<>();
    if (!verdicts.isEmpty()) {
      for (ObservationRecord o : store.observations(tx, item.id())) {
        if (bothIn || o.examiner().equals(actor.subject())) {
          String note =
              o.noteSealed() == null ? null : sealer.openPlaintext(NOTE_FIELD, o.noteSealed());
          observations.add(new Observation(o.examiner(), o.feature(), o.assessment(), note));
        }
      }
    }
    String missingPhoto =
        photos.byFaceId(tx, item.missingFaceId()).map(PhotoRecord::id).orElse(null);
    String foundPhoto = photos.byFaceId(tx, item.foundFaceId()).map(PhotoRecord::id).orElse(null);
    return new ReviewView(
        item,
        missingPhoto,
        foundPhoto,
        scores,
        verdicts,
        List.copyOf(observations),
        store.dnaReferral(tx, item.id()));
  }

  /**
   * One item of the actor's reach (the REST layer checks the reach), as the queue shows it; also
   * once decided, so that both examiners see the two verdicts when both are in.
   */
  public ReviewView item(Actor actor, Purpose purpose, String reviewId) {
    Instant now = clock.instant();
    ItemSnapshot snapshot = snapshot(reviewId);
    if (ReviewStore.PROTECTED_HOLD.equals(snapshot.item().status())) {
      throw new GatewayException(ProblemType.NOT_FOUND, "no such review item");
    }
    PolicyRequest request = queueRequest(actor, purpose);
    AuditDraft draft =
        new AuditDraft(actor, AuditAction.VIEW, purpose)
            .caseId(snapshot.item().missingCaseId())
            .subject(snapshot.missingSubjectId())
            .displayed(Display.METADATA);
    PolicyDecision decision = guard.require(request, draft);
    boolean scores = scoresShown(actor, purpose, request);
    return db.inTransaction(
        tx -> {
          ReviewView view = view(tx, snapshot.item(), scores, actor);
          audit.append(tx, draft.detail("review item").build(now, decision, true));
          return view;
        });
  }

  /** The photos of a pair's two sides; either may be gone (erased). */
  public record PairPhotos(Optional<String> missing, Optional<String> found) {
    public Optional<String> of(Side side) {
      return side == Side.MISSING ? missing : found;
    }
  }

  /**
   * The photos of an item of the actor's reach (the REST layer checks the reach), for their aligned
   * faces to be shown; each view is decided and audited where images are shown. A refusal here is
   * audited.
   */
  public PairPhotos photosOf(Actor actor, Purpose purpose, String reviewId) {
    ItemSnapshot snapshot = snapshot(reviewId);
    if (ReviewStore.PROTECTED_HOLD.equals(snapshot.item().status())) {
      throw new GatewayException(ProblemType.NOT_FOUND, "no such review item");
    }
    guard.require(
        queueRequest(actor, purpose),
        new AuditDraft(actor, AuditAction.VIEW, purpose)
            .caseId(snapshot.item().missingCaseId())
            .subject(snapshot.missingSubjectId())
            .displayed(Display.NONE));
    ReviewItem item = snapshot.item();
    return db.inTransaction(
        tx ->
            new PairPhotos(
                photos.byFaceId(tx, item.missingFaceId()).map(PhotoRecord::id),
                photos.byFaceId(tx, item.foundFaceId()).map(PhotoRecord::id)));
  }

  private static PolicyRequest queueRequest(Actor actor, Purpose purpose) {
    return PolicyRequest.of(actor, Action.VIEW_CANDIDATES)
        .purpose(purpose)
        .caseFacts(
            new PolicyRequest.CaseFacts(
                Side.MISSING,
                CaseStatus.OPEN,
                actor.organisation(),
                true,
                false,
                false,
                Optional.empty()))
        .build();
  }

  private boolean scoresShown(Actor actor, Purpose purpose, PolicyRequest request) {
    return guard
        .ask(
            PolicyRequest.of(actor, Action.VIEW_SCORES)
                .purpose(purpose)
                .caseFacts(request.caseFacts().orElseThrow())
                .build())
        .allowed();
  }

  /** Records one examiner's verdict; the item's status follows once two agree. */
  public ReviewView recordVerdict(Actor actor, Purpose purpose, String reviewId, Verdict verdict) {
    return recordVerdict(actor, purpose, reviewId, verdict, List.of());
  }

  /**
   * Records one examiner's verdict with their observations, feature by feature (each feature at
   * most once); the audit record counts the observations and never holds a note.
   */
  public ReviewView recordVerdict(
      Actor actor, Purpose purpose, String reviewId, Verdict verdict, List<Observed> observed) {
    Instant now = clock.instant();
    Map<FeatureAssessment, Integer> counts = validated(observed);
    ItemSnapshot snapshot = snapshot(reviewId);
    ReviewItem item = snapshot.item();
    Map<String, Verdict> before = snapshot.verdicts();
    AuditDraft draft =
        new AuditDraft(actor, AuditAction.VERIFY, purpose)
            .caseId(item.missingCaseId())
            .subject(snapshot.missingSubjectId())
            .verdict(actor.subject() + "=" + verdict)
            .candidate(item.id() + "=" + item.band());
    String counted = " with " + observed.size() + " observations " + counts;
    PolicyDecision decision =
        guard.require(
            PolicyRequest.of(actor, Action.RECORD_VERDICT)
                .purpose(purpose)
                .caseFacts(PolicyFacts.caseFacts(snapshot.missingCase(), actor, Optional.empty()))
                .review(
                    new PolicyRequest.ReviewFacts(
                        snapshot.potential(), false, before.containsKey(actor.subject())))
                .build(),
            draft);
    if (ReviewStore.PROTECTED_HOLD.equals(item.status())) {
      throw new GatewayException(ProblemType.NOT_FOUND, "no such review item");
    }
    if (before.containsKey(actor.subject())) {
      throw new GatewayException(ProblemType.CONFLICT, "you already recorded a verdict here");
    }
    return db.inTransaction(
        tx -> {
          store.find(tx, reviewId, true);
          store.addVerdict(tx, reviewId, actor.subject(), verdict, now);
          store.addObservations(tx, reviewId, sealed(actor, observed), now);
          Map<String, Verdict> all = store.verdicts(tx, reviewId);
          String status = statusOf(all);
          store.setStatus(tx, reviewId, status);
          audit.append(tx, draft.detail("review " + status + counted).build(now, decision, true));
          ReviewItem updated = store.find(tx, reviewId, false).orElseThrow();
          return view(tx, updated, false, actor);
        });
  }

  /** Each feature at most once, each note bounded; the counts by assessment, for the audit. */
  private static Map<FeatureAssessment, Integer> validated(List<Observed> observed) {
    EnumSet<FacialFeature> seen = EnumSet.noneOf(FacialFeature.class);
    Map<FeatureAssessment, Integer> counts = new EnumMap<>(FeatureAssessment.class);
    for (Observed o : observed) {
      if (o == null || o.feature() == null || o.assessment() == null) {
        throw new GatewayException(
            ProblemType.INVALID_REQUEST, "each observation names a feature and an assessment");
      }
      if (!seen.add(o.feature())) {
        throw new GatewayException(
            ProblemType.INVALID_REQUEST, "feature " + o.feature() + " is observed more than once");
      }
      if (o.note() != null && o.note().length() > NOTE_MAX) {
        throw new GatewayException(
            ProblemType.INVALID_REQUEST,
            "the note on " + o.feature() + " is longer than " + NOTE_MAX + " characters");
      }
      counts.merge(o.assessment(), 1, Integer::sum);
    }
    return counts;
  }

  private List<ObservationRecord> sealed(Actor actor, List<Observed> observed) {
    return observed.stream()
        .map(
            o ->
                new ObservationRecord(
                    actor.subject(),
                    o.feature(),
                    o.assessment(),
                    o.note() == null || o.note().isBlank()
                        ? null
                        : sealer.seal(NOTE_FIELD, o.note().strip())))
        .toList();
  }

  /**
   * Refers a pair two examiners found a potential candidate to DNA comparison (police or an
   * examiner, as for a confirmation); once per item, a repeat is answered as it stands.
   */
  public ReviewView referToDna(Actor actor, Purpose purpose, String reviewId) {
    Instant now = clock.instant();
    ItemSnapshot snapshot = snapshot(reviewId);
    AuditDraft draft = reviewStep(actor, purpose, snapshot, "DNA referral");
    PolicyDecision decision = requireTwoExaminers(actor, purpose, snapshot, draft);
    return db.inTransaction(
        tx -> {
          store.find(tx, reviewId, true);
          boolean referred = store.referToDna(tx, reviewId, actor.subject(), now);
          audit.append(
              tx,
              draft
                  .detail(referred ? "DNA referral" : "DNA referral already recorded")
                  .build(now, decision, true));
          return view(tx, store.find(tx, reviewId, false).orElseThrow(), false, actor);
        });
  }

  /**
   * Records that DNA confirmed the pair: a DNA confirmation of the missing case (which then may
   * become REUNIFIED, rule 12). Refused before two POTENTIAL_CANDIDATE verdicts and a referral.
   */
  public void confirmDna(Actor actor, Purpose purpose, String reviewId, String reference) {
    Instant now = clock.instant();
    ItemSnapshot snapshot = snapshot(reviewId);
    AuditDraft draft = reviewStep(actor, purpose, snapshot, "confirmation " + ConfirmationKind.DNA);
    PolicyDecision decision = requireTwoExaminers(actor, purpose, snapshot, draft);
    db.inTransaction(
        tx -> {
          store.find(tx, reviewId, true);
          if (store.dnaReferral(tx, reviewId).isEmpty()) {
            throw new GatewayException(
                ProblemType.CONFLICT, "the pair has not been referred to DNA comparison yet");
          }
          cases.insertConfirmation(
              tx,
              Ids.newId("d"),
              snapshot.item().missingCaseId(),
              ConfirmationKind.DNA.name(),
              reference,
              actor.subject(),
              now);
          audit.append(tx, draft.build(now, decision, true));
          return null;
        });
  }

  private static AuditDraft reviewStep(
      Actor actor, Purpose purpose, ItemSnapshot snapshot, String detail) {
    return new AuditDraft(actor, AuditAction.VERIFY, purpose)
        .caseId(snapshot.item().missingCaseId())
        .subject(snapshot.missingSubjectId())
        .candidate(snapshot.item().id() + "=" + snapshot.item().band())
        .detail(detail);
  }

  /**
   * Cedar decides who may take a DNA step; the two-person rule is checked here as well so that the
   * refusal says what is missing. Either refusal is audited.
   */
  private PolicyDecision requireTwoExaminers(
      Actor actor, Purpose purpose, ItemSnapshot snapshot, AuditDraft draft) {
    if (ReviewStore.PROTECTED_HOLD.equals(snapshot.item().status())) {
      throw new GatewayException(ProblemType.NOT_FOUND, "no such review item");
    }
    PolicyRequest request =
        PolicyRequest.of(actor, Action.RECORD_CONFIRMATION)
            .purpose(purpose)
            .caseFacts(PolicyFacts.caseFacts(snapshot.missingCase(), actor, Optional.empty()))
            .review(new PolicyRequest.ReviewFacts(snapshot.potential(), false, false))
            .build();
    if (snapshot.potential() < 2) {
      PolicyDecision decision = guard.ask(request);
      audit.append(
          draft
              .detail("refused: two-person rule, " + snapshot.potential() + " of 2")
              .build(clock.instant(), decision, false));
      throw new GatewayException(
          ProblemType.POLICY_DENIED,
          "the two-person rule is not met: "
              + snapshot.potential()
              + " of 2 examiners recorded POTENTIAL_CANDIDATE");
    }
    return guard.require(request, draft);
  }

  /** The two-person rule: POTENTIAL_CANDIDATE needs two examiners; disagreement is inconclusive. */
  static String statusOf(Map<String, Verdict> verdicts) {
    long potential =
        verdicts.values().stream().filter(v -> v == Verdict.POTENTIAL_CANDIDATE).count();
    long none = verdicts.values().stream().filter(v -> v == Verdict.NO_CANDIDATE).count();
    if (potential >= 2) {
      return Verdict.POTENTIAL_CANDIDATE.name();
    }
    if (none >= 2) {
      return Verdict.NO_CANDIDATE.name();
    }
    if (verdicts.size() >= 2) {
      return Verdict.INCONCLUSIVE.name();
    }
    return ReviewStore.OPEN;
  }

  /**
   * Records that the family may be notified (the NGO does it; the found person's location is never
   * part of it, rule 13). Refused until two examiners recorded POTENTIAL_CANDIDATE.
   */
  public void notifyFamily(Actor actor, Purpose purpose, String reviewId) {
    Instant now = clock.instant();
    ItemSnapshot snapshot = snapshot(reviewId);
    ReviewItem item = snapshot.item();
    AuditDraft draft =
        new AuditDraft(actor, AuditAction.VERIFY, purpose)
            .caseId(item.missingCaseId())
            .subject(snapshot.missingSubjectId())
            .candidate(item.id() + "=" + item.band())
            .detail("family notification");
    PolicyDecision decision =
        guard.require(
            PolicyRequest.of(actor, Action.NOTIFY_FAMILY)
                .purpose(purpose)
                .caseFacts(
                    PolicyFacts.caseFacts(snapshot.missingCase(), actor, Optional.of(Side.MISSING)))
                .review(new PolicyRequest.ReviewFacts(snapshot.potential(), false, false))
                .build(),
            draft);
    db.inTransaction(
        tx -> {
          audit.append(tx, draft.build(now, decision, true));
          return null;
        });
  }

  /** An item with its verdicts so far and its missing case, as read in one transaction. */
  private record ItemSnapshot(
      ReviewItem item,
      Map<String, Verdict> verdicts,
      CaseRecord missingCase,
      String missingSubjectId) {
    int potential() {
      return (int) verdicts.values().stream().filter(v -> v == Verdict.POTENTIAL_CANDIDATE).count();
    }
  }

  private ItemSnapshot snapshot(String reviewId) {
    if (!Ids.looksLike("r", reviewId)) {
      throw new GatewayException(ProblemType.NOT_FOUND, "no such review item");
    }
    return db.inTransaction(
        tx -> {
          ReviewItem item =
              store
                  .find(tx, reviewId, false)
                  .orElseThrow(
                      () -> new GatewayException(ProblemType.NOT_FOUND, "no such review item"));
          String missingId = item.missingCaseId();
          return new ItemSnapshot(
              item,
              store.verdicts(tx, reviewId),
              cases.find(tx, missingId).orElseThrow(),
              cases.subject(tx, missingId).id());
        });
  }
}
