package io.homeward.gateway.search;

import io.homeward.gateway.access.Guard;
import io.homeward.gateway.access.UsageBudget;
import io.homeward.gateway.audit.AuditAction;
import io.homeward.gateway.audit.AuditDraft;
import io.homeward.gateway.audit.AuditLog;
import io.homeward.gateway.client.CaseMatch;
import io.homeward.gateway.client.EmbeddedFace;
import io.homeward.gateway.client.EmbedderClient;
import io.homeward.gateway.client.FaceToIndex;
import io.homeward.gateway.client.SearchClient;
import io.homeward.gateway.config.GatewayConfig;
import io.homeward.gateway.db.Database;
import io.homeward.gateway.domain.CaseStatus;
import io.homeward.gateway.domain.Display;
import io.homeward.gateway.domain.PhotoSource;
import io.homeward.gateway.domain.Purpose;
import io.homeward.gateway.domain.Side;
import io.homeward.gateway.domain.UsageKind;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.images.ImageStore;
import io.homeward.gateway.outbox.VectorSpaces;
import io.homeward.gateway.policy.Action;
import io.homeward.gateway.policy.Actor;
import io.homeward.gateway.policy.PhotoAge;
import io.homeward.gateway.policy.PolicyDecision;
import io.homeward.gateway.policy.PolicyFacts;
import io.homeward.gateway.policy.PolicyRequest;
import io.homeward.gateway.security.ProbeHasher;
import io.homeward.gateway.store.CaseRecord;
import io.homeward.gateway.store.CaseStore;
import io.homeward.gateway.store.Ids;
import io.homeward.gateway.store.OneTimeProbe;
import io.homeward.gateway.store.OneTimeProbeStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * A one-time search with a stranger's photo (PRIVACY.md rule 7, a begging child photographed by
 * police or a caseworker), under an open case or none: the photo is held encrypted, searched once
 * against the MISSING side, never enrolled (no photo row, no vector in the index), and deleted
 * within 24 h unless a case is opened from it; a search attached to no case loses its photo when
 * the browser session ends (rule 20). The audit holds the photo's keyed hash only. Each step asks
 * the policy ({@code ONE_TIME_SEARCH}) and is audited; only the requester reaches their probe.
 */
@ApplicationScoped
public class OneTimeSearch {
  private static final Logger LOG = Logger.getLogger(OneTimeSearch.class);
  private static final String NO_SUCH = "no such one-time search";

  private final Database db;
  private final OneTimeProbeStore probes;
  private final CaseStore cases;
  private final ImageStore images;
  private final ProbeHasher hasher;
  private final EmbedderClient embedder;
  private final SearchClient search;
  private final VectorSpaces spaces;
  private final SearchRecords records;
  private final UsageBudget budget;
  private final Guard guard;
  private final Redaction redaction;
  private final AuditLog audit;
  private final GatewayConfig config;
  private final Clock clock;

  public OneTimeSearch(
      Database db,
      OneTimeProbeStore probes,
      CaseStore cases,
      ImageStore images,
      ProbeHasher hasher,
      EmbedderClient embedder,
      SearchClient search,
      VectorSpaces spaces,
      SearchRecords records,
      UsageBudget budget,
      Guard guard,
      Redaction redaction,
      AuditLog audit,
      GatewayConfig config,
      Clock clock) {
    this.db = db;
    this.probes = probes;
    this.cases = cases;
    this.images = images;
    this.hasher = hasher;
    this.embedder = embedder;
    this.search = search;
    this.spaces = spaces;
    this.records = records;
    this.budget = budget;
    this.guard = guard;
    this.redaction = redaction;
    this.audit = audit;
    this.config = config;
    this.clock = clock;
  }

  /** A search's answer: the candidates as the requester may see them, and the probe's deadline. */
  public record Result(
      OneTimeProbe probe,
      List<CandidateView> candidates,
      String calibration,
      String modelVersion) {}

  /**
   * Holds a stranger's photo for one search.
   *
   * @param underCaseId the open case the search runs under (already in the requester's scope), or
   *     empty for a search attached to no case
   * @param sessionHash the browser session it comes from (its end deletes the photo when no case is
   *     named), or null for a bearer token
   */
  public OneTimeProbe receive(
      Actor actor,
      Purpose purpose,
      byte[] image,
      Optional<String> underCaseId,
      String sessionHash) {
    Instant now = clock.instant();
    if (image == null || image.length == 0) {
      throw new GatewayException(ProblemType.IMAGE_EMPTY, "the body holds no image");
    }
    Optional<CaseRecord> under = underCase(underCaseId);
    String hmac = hasher.hash(image);
    AuditDraft draft =
        new AuditDraft(actor, AuditAction.SEARCH, purpose)
            .caseId(under.map(CaseRecord::id).orElse(null))
            .probeHmac(hmac);
    int searchesToday = budget.usedToday(actor.subject(), UsageKind.SEARCH);
    PolicyDecision decision =
        guard.require(ask(actor, purpose, under, searchesToday).build(), draft);
    requireOpen(under);
    OneTimeProbe probe =
        new OneTimeProbe(
            Ids.newId("o"),
            actor.organisation(),
            actor.subject(),
            under.map(CaseRecord::id).orElse(null),
            sessionHash,
            images.put(image),
            now,
            now.plus(config.retention().probe()),
            null,
            null,
            null,
            null,
            null);
    try {
      db.inTransaction(
          tx -> {
            probes.insert(tx, probe);
            audit.append(
                tx,
                draft
                    .detail(
                        "one-time probe "
                            + probe.id()
                            + " held: a stranger's photo, never enrolled, deleted by "
                            + probe.deleteAfter()
                            + (under.isEmpty() && sessionHash != null
                                ? " or at the session's end"
                                : ""))
                    .build(now, decision, true));
            return null;
          });
    } catch (RuntimeException e) {
      deleteQuietly(probe.imageRef());
      throw e;
    }
    return probe;
  }

  /** The probe's one search, against the MISSING side. A second one is refused (409). */
  public Result searchOnce(Actor actor, Purpose purpose, String id) {
    Instant now = clock.instant();
    OneTimeProbe probe = own(actor, id);
    if (!probe.held()) {
      throw new GatewayException(ProblemType.CONFLICT, "the stranger's photo was deleted");
    }
    if (probe.searchedAt() != null) {
      throw new GatewayException(
          ProblemType.CONFLICT, "a stranger's photo is searched once (rule 7)");
    }
    Optional<CaseRecord> under = underCase(Optional.ofNullable(probe.underCaseId()));
    byte[] image = images.readPlaintext(probe.imageRef());
    String hmac = hasher.hash(image);
    AuditDraft draft =
        new AuditDraft(actor, AuditAction.SEARCH, purpose)
            .caseId(probe.underCaseId())
            // The stranger is this record's subject, known only by the probe's opaque id: the
            // candidates shown are sealed under its key, as a case search seals them under the
            // searched subject's.
            .subject(probe.id())
            .probeHmac(hmac)
            .threshold(config.search().minimumBand().name());
    PolicyRequest.UsageFacts usage;
    // Rule 16: reserved before any work, atomically; kept even if the search then fails.
    if (under.isPresent()) {
      UsageBudget.SearchGrant grant =
          budget.reserveSearch(actor, under.get().id(), List.of(hmac), draft, now);
      usage =
          new PolicyRequest.UsageFacts(
              grant.searchesBefore(), grant.caseProbesBefore(), grant.newProbe());
    } else {
      budget.reserve(actor, UsageKind.SEARCH, null, draft, now);
      usage =
          new PolicyRequest.UsageFacts(
              budget.usedToday(actor.subject(), UsageKind.SEARCH) - 1, 0, true);
    }
    PolicyDecision decision =
        guard.require(
            PolicyRequest.of(actor, Action.ONE_TIME_SEARCH)
                .purpose(purpose)
                .caseFacts(
                    under
                        .map(c -> PolicyFacts.caseFacts(c, actor, Optional.of(Side.FOUND)))
                        .orElse(null))
                .photoSource(PhotoSource.STREET)
                .usage(usage)
                .build(),
            draft);
    requireOpen(under);
    // The one search is claimed before the embedder is asked: a failure below still uses it.
    boolean first = db.inTransaction(tx -> probes.markSearched(tx, probe.id(), now));
    if (!first) {
      throw new GatewayException(
          ProblemType.CONFLICT, "a stranger's photo is searched once (rule 7)");
    }

    // In the live space, read once for this search, as a case search does (issue 14).
    EmbeddedFace face = embedder.embedSingleFace(image, null, spaces.recordedLive());
    String model = face.modelId() + "@" + face.modelVersion();
    draft.modelVersion(model);
    FaceToIndex asked =
        new FaceToIndex(
            Ids.newFaceId(),
            probe.id(),
            Side.FOUND,
            null,
            null,
            null,
            PhotoAge.fromEstimate(face).decisive(),
            null,
            null,
            face);
    int k = config.search().maxCandidates();
    var found = search.searchForCase(List.of(asked), Side.MISSING, Math.min(100, k * 3));
    List<CaseMatch> aboveThreshold =
        found.candidates().stream()
            .filter(m -> m.band().compareTo(config.search().minimumBand()) >= 0)
            .toList();
    List<MatchedCase> matched = records.matched(aboveThreshold);

    Redaction.For shown = redaction.stranger(actor, purpose, under);
    List<CandidateView> views = new ArrayList<>();
    List<String> vanished = new ArrayList<>();
    List<String> protectedHits = new ArrayList<>();
    Display displayed = Display.NONE;
    for (MatchedCase m : matched) {
      if (views.size() >= k) {
        break;
      }
      if (!m.open()) {
        if (m.record().isEmpty()) {
          vanished.add(m.match().caseRef());
        }
        continue;
      }
      Optional<CandidateView> view = shown.view(views.size() + 1, m, now);
      if (view.isEmpty()) {
        protectedHits.add(m.match().caseRef());
        continue;
      }
      views.add(view.get());
      draft.candidate(view.get().caseId() + "=" + view.get().band());
      displayed = displayed.max(view.get().display());
    }
    draft.displayed(displayed).detail("one-time search " + probe.id() + " (a stranger's photo)");
    records.record(
        actor,
        draft.build(now, decision, true),
        // A stranger's photo is no case: nothing it showed can be referred to the examiners (a
        // case opened from it is searched as any case is, and its candidates referred from there).
        new SearchRecords.Effects(
            vanished,
            protectedHits,
            List.of(),
            Side.FOUND,
            SearchRecords.ProbeHashes.NONE,
            List.of()),
        now);
    OneTimeProbe after = db.inTransaction(tx -> probes.find(tx, probe.id())).orElse(probe);
    return new Result(after, views, found.calibrationVersion(), model);
  }

  /**
   * Keeps the photo with a case opened from it (registered after the photo was received, in the
   * requester's scope): it is no longer deleted after 24 h, and still never enrolled.
   */
  public OneTimeProbe keepWithCase(Actor actor, Purpose purpose, String id, String caseId) {
    Instant now = clock.instant();
    OneTimeProbe probe = own(actor, id);
    CaseRecord c =
        underCase(Optional.of(caseId))
            .orElseThrow(() -> new GatewayException(ProblemType.NOT_FOUND, "no such case"));
    AuditDraft draft = new AuditDraft(actor, AuditAction.CASE_CHANGE, purpose).caseId(c.id());
    PolicyDecision decision =
        guard.require(
            ask(actor, purpose, Optional.of(c), budget.usedToday(actor.subject(), UsageKind.SEARCH))
                .build(),
            draft);
    if (!probe.held() || probe.keptCaseId() != null) {
      throw new GatewayException(
          ProblemType.CONFLICT,
          probe.held() ? "the photo is already kept with a case" : "the photo was deleted");
    }
    if (c.createdAt().isBefore(probe.createdAt())) {
      throw new GatewayException(
          ProblemType.CONFLICT, "the case was not opened from this photo (it is older)");
    }
    if (c.status() != CaseStatus.OPEN && c.status() != CaseStatus.PENDING) {
      throw new GatewayException(ProblemType.CONFLICT, "the case is " + c.status());
    }
    return db.inTransaction(
        tx -> {
          if (!probes.keep(tx, probe.id(), c.id(), now)) {
            throw new GatewayException(ProblemType.CONFLICT, "the photo was deleted or kept");
          }
          audit.append(
              tx,
              draft
                  .detail("one-time probe " + probe.id() + " kept with the case opened from it")
                  .build(now, decision, true));
          return probes.find(tx, probe.id()).orElseThrow();
        });
  }

  /** The requester deletes the photo now. */
  public OneTimeProbe delete(Actor actor, Purpose purpose, String id) {
    Instant now = clock.instant();
    OneTimeProbe probe = own(actor, id);
    AuditDraft draft =
        new AuditDraft(actor, AuditAction.DELETE, purpose).caseId(probe.underCaseId());
    PolicyDecision decision =
        guard.require(
            ask(
                    actor,
                    purpose,
                    underCase(Optional.ofNullable(probe.underCaseId())),
                    budget.usedToday(actor.subject(), UsageKind.SEARCH))
                .build(),
            draft);
    OneTimeProbe after =
        db.inTransaction(
            tx -> {
              boolean deleted =
                  probes.markDeleted(tx, probe.id(), OneTimeProbe.DeletedWhy.REQUESTER, now);
              if (deleted) {
                audit.append(
                    tx,
                    draft
                        .detail("one-time probe " + probe.id() + " deleted by its requester")
                        .build(now, decision, true));
              }
              return probes.find(tx, probe.id()).orElseThrow();
            });
    if (probe.imageRef() != null) {
      deleteQuietly(probe.imageRef());
    }
    return after;
  }

  /** The requester's own probes, newest first. */
  public List<OneTimeProbe> mine(Actor actor, int limit) {
    return db.inTransaction(
        tx -> probes.byRequester(tx, actor.organisation(), actor.subject(), limit));
  }

  /** The requester's own probe, or 404 (another user's, another organisation's, or none). */
  public OneTimeProbe own(Actor actor, String id) {
    if (!Ids.looksLike("o", id)) {
      throw new GatewayException(ProblemType.NOT_FOUND, NO_SUCH);
    }
    return db.inTransaction(tx -> probes.find(tx, id))
        .filter(
            p ->
                p.requester().equals(actor.subject())
                    && p.organisation().equals(actor.organisation()))
        .orElseThrow(() -> new GatewayException(ProblemType.NOT_FOUND, NO_SUCH));
  }

  /**
   * Deletes the photos of searches attached to no case that a browser session uploaded, at its
   * sign-out (rule 20; the retention job catches sessions that time out).
   */
  public int endSession(String sessionHash) {
    if (sessionHash == null) {
      return 0;
    }
    Instant now = clock.instant();
    List<String> refs =
        db.inTransaction(
            tx -> {
              List<String> out = new ArrayList<>();
              for (OneTimeProbe p : probes.ofSession(tx, sessionHash)) {
                if (probes.markDeleted(tx, p.id(), OneTimeProbe.DeletedWhy.SESSION_ENDED, now)) {
                  out.add(p.imageRef());
                }
              }
              return out;
            });
    refs.forEach(this::deleteQuietly);
    return refs.size();
  }

  private PolicyRequest.Builder ask(
      Actor actor, Purpose purpose, Optional<CaseRecord> under, int searchesToday) {
    return PolicyRequest.of(actor, Action.ONE_TIME_SEARCH)
        .purpose(purpose)
        .caseFacts(
            under.map(c -> PolicyFacts.caseFacts(c, actor, Optional.of(Side.FOUND))).orElse(null))
        .photoSource(PhotoSource.STREET)
        .usage(new PolicyRequest.UsageFacts(searchesToday, 0, true));
  }

  private Optional<CaseRecord> underCase(Optional<String> caseId) {
    if (caseId.isEmpty()) {
      return Optional.empty();
    }
    if (!Ids.looksLike("c", caseId.get())) {
      throw new GatewayException(ProblemType.NOT_FOUND, "no such case");
    }
    return Optional.of(
        db.inTransaction(tx -> cases.find(tx, caseId.get()))
            .orElseThrow(() -> new GatewayException(ProblemType.NOT_FOUND, "no such case")));
  }

  /** Rules 3 and 9: a search runs under an open case only (a pending one may only keep a photo). */
  private static void requireOpen(Optional<CaseRecord> under) {
    if (under.isPresent() && under.get().status() != CaseStatus.OPEN) {
      throw new GatewayException(
          ProblemType.CONFLICT,
          "the case is " + under.get().status() + "; search under an open one");
    }
  }

  private void deleteQuietly(String ref) {
    try {
      images.delete(ref);
    } catch (RuntimeException e) {
      // The row no longer names it: the reconciler deletes the orphan file.
      LOG.warn("a one-time probe's image could not be deleted now; the reconciler removes it");
    }
  }
}
