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
import io.homeward.gateway.domain.AgeBands;
import io.homeward.gateway.domain.Band;
import io.homeward.gateway.domain.CaseStatus;
import io.homeward.gateway.domain.PhotoSource;
import io.homeward.gateway.domain.Purpose;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.images.ImageStore;
import io.homeward.gateway.outbox.IndexedFaces;
import io.homeward.gateway.policy.Action;
import io.homeward.gateway.policy.Actor;
import io.homeward.gateway.policy.PolicyDecision;
import io.homeward.gateway.policy.PolicyFacts;
import io.homeward.gateway.policy.PolicyRequest;
import io.homeward.gateway.security.FieldSealer;
import io.homeward.gateway.security.ProbeHasher;
import io.homeward.gateway.store.AccountStore;
import io.homeward.gateway.store.CaseRecord;
import io.homeward.gateway.store.CaseStore;
import io.homeward.gateway.store.Ids;
import io.homeward.gateway.store.OutboxStore;
import io.homeward.gateway.store.PhotoRecord;
import io.homeward.gateway.store.PhotoState;
import io.homeward.gateway.store.PhotoStore;
import io.homeward.gateway.store.SubjectRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A search within an open case (rule 9): the case's photos against the other side, then what the
 * requester may see of each candidate: bands, not scores, for NGO roles (rule 10); minors blurred
 * except for police and examiners (rule 11); never a found person's location for a family (rule
 * 13); protected persons left out exactly as if there were no candidate, with a silent alert (rule
 * 14). Rate limits lock the account (rule 16). Everything is audited.
 */
@ApplicationScoped
public class CaseSearch {
  private static final int MAX_PROBES = 10;
  private static final String UNDER_REVIEW = "under review";

  private final Database db;
  private final CaseStore cases;
  private final PhotoStore photos;
  private final OutboxStore outbox;
  private final AccountStore accounts;
  private final ImageStore images;
  private final EmbedderClient embedder;
  private final SearchClient search;
  private final Guard guard;
  private final AuditLog audit;
  private final ProbeHasher hasher;
  private final FieldSealer sealer;
  private final GatewayConfig config;
  // Rule 16: the daily budget, reserved before any work.
  private final UsageBudget budget;
  private final Clock clock;

  public CaseSearch(
      Database db,
      CaseStore cases,
      PhotoStore photos,
      OutboxStore outbox,
      AccountStore accounts,
      ImageStore images,
      EmbedderClient embedder,
      SearchClient search,
      Guard guard,
      AuditLog audit,
      ProbeHasher hasher,
      FieldSealer sealer,
      GatewayConfig config,
      UsageBudget budget,
      Clock clock) {
    this.db = db;
    this.cases = cases;
    this.photos = photos;
    this.outbox = outbox;
    this.accounts = accounts;
    this.images = images;
    this.embedder = embedder;
    this.search = search;
    this.guard = guard;
    this.audit = audit;
    this.hasher = hasher;
    this.sealer = sealer;
    this.config = config;
    this.budget = budget;
    this.clock = clock;
  }

  /** What the requester sees of one candidate. */
  public record CandidateView(
      int rank,
      String caseId,
      Band band,
      Float score,
      Float rawScore,
      List<String> reasons,
      String ageBand,
      String photoId,
      String display,
      String location,
      String regionCode) {}

  /** A search's answer. */
  public record Result(String caseId, List<CandidateView> candidates, String calibration) {}

  private record Probe(PhotoRecord photo, String hmac, FaceToIndex face) {}

  public Result searchCase(Actor actor, Purpose purpose, String caseId) {
    Instant now = clock.instant();
    if (!Ids.looksLike("c", caseId)) {
      throw new GatewayException(ProblemType.NOT_FOUND, "no such case");
    }
    CaseRecord c =
        db.inTransaction(tx -> cases.find(tx, caseId))
            .orElseThrow(() -> new GatewayException(ProblemType.NOT_FOUND, "no such case"));
    SubjectRecord s = db.inTransaction(tx -> cases.subject(tx, caseId));
    List<PhotoRecord> live = db.inTransaction(tx -> photos.liveByCase(tx, caseId));
    if (live.size() > MAX_PROBES) {
      live = live.subList(live.size() - MAX_PROBES, live.size());
    }
    List<PhotoRecord> probes = live;
    Map<PhotoRecord, String> hmacs = new LinkedHashMap<>();
    for (PhotoRecord p : probes) {
      byte[] image = images.readPlaintext(p.imageRef());
      String h = hasher.hash(image);
      hmacs.put(p, h);
    }
    AuditDraft draft =
        new AuditDraft(actor, AuditAction.SEARCH, purpose)
            .caseId(caseId)
            .subject(s.id())
            .threshold(config.search().minimumBand().name());
    hmacs.values().forEach(h -> draft.probeHmac(h));
    // Rule 16: reserved before any work, atomically; kept even if the search then fails.
    UsageBudget.SearchGrant usage = budget.reserveSearch(actor, caseId, hmacs.values(), draft, now);
    PolicyDecision decision =
        guard.require(
            PolicyRequest.of(actor, Action.SEARCH)
                .purpose(purpose)
                .caseFacts(PolicyFacts.caseFacts(c, actor, Optional.of(c.side())))
                .subject(PolicyFacts.subjectNow(s, now))
                .usage(
                    new PolicyRequest.UsageFacts(
                        usage.searchesBefore(), usage.caseProbesBefore(), usage.newProbe()))
                .build(),
            draft);
    if (probes.isEmpty()) {
      throw new GatewayException(ProblemType.CONFLICT, "the case has no photo to search with");
    }

    List<FaceToIndex> faces = new ArrayList<>();
    for (PhotoRecord p : probes) {
      EmbeddedFace face = embedder.embedSingleFace(images.readPlaintext(p.imageRef()));
      faces.add(IndexedFaces.of(p, c, s, face));
    }
    draft.modelVersion(faces.get(0).face().modelId() + "@" + faces.get(0).face().modelVersion());
    int k = config.search().maxCandidates();
    var found = search.searchForCase(faces, c.side().other(), Math.min(100, k * 3));
    List<CandidateView> views = redact(actor, purpose, c, found.candidates(), draft, now);

    return db.inTransaction(
        tx -> {
          audit.append(tx, draft.build(now, decision, true));
          return new Result(caseId, views, found.calibrationVersion());
        });
  }

  private List<CandidateView> redact(
      Actor actor,
      Purpose purpose,
      CaseRecord requesterCase,
      List<CaseMatch> matches,
      AuditDraft draft,
      Instant now) {
    boolean scores =
        guard
            .ask(
                PolicyRequest.of(actor, Action.VIEW_SCORES)
                    .purpose(purpose)
                    .caseFacts(
                        PolicyFacts.caseFacts(
                            requesterCase, actor, Optional.of(requesterCase.side())))
                    .build())
            .allowed();
    List<CandidateView> out = new ArrayList<>();
    String displayed = "NONE";
    for (CaseMatch m : matches) {
      if (out.size() >= config.search().maxCandidates()) {
        break;
      }
      if (m.band().compareTo(config.search().minimumBand()) < 0) {
        continue;
      }
      Optional<CaseRecord> other = db.inTransaction(tx -> cases.find(tx, m.caseRef()));
      if (other.isEmpty() || other.get().status() != CaseStatus.OPEN) {
        // The index is ahead of the gateway (a removal still queued): say nothing about it.
        if (other.isEmpty()) {
          db.inTransaction(
              tx -> outbox.enqueue(tx, OutboxStore.Kind.REMOVE_CASE, null, null, m.caseRef(), now));
        }
        continue;
      }
      CaseRecord oc = other.get();
      SubjectRecord os = db.inTransaction(tx -> cases.subject(tx, oc.id()));
      Optional<PhotoRecord> best =
          m.faceIds().isEmpty()
              ? Optional.empty()
              : db.inTransaction(tx -> photos.byFaceId(tx, m.faceIds().get(0)));
      Float age = best.map(PhotoRecord::ageAtPhoto).orElse(null);
      PolicyRequest.CaseFacts facts =
          PolicyFacts.caseFacts(oc, actor, Optional.of(requesterCase.side()));
      boolean show =
          guard
              .ask(
                  PolicyRequest.of(actor, Action.SHOW_CANDIDATE)
                      .purpose(purpose)
                      .caseFacts(facts)
                      .subject(PolicyFacts.subjectAt(os, age))
                      .build())
              .allowed();
      if (!show) {
        protectedHit(actor, oc, now);
        continue;
      }
      String display = display(actor, purpose, facts, os, age);
      boolean location =
          guard
              .ask(
                  PolicyRequest.of(actor, Action.VIEW_LOCATION)
                      .purpose(purpose)
                      .caseFacts(facts)
                      .subject(PolicyFacts.subjectNow(os, now))
                      .build())
              .allowed();
      String place =
          location ? sealer.openPlaintext("subjects.location", os.locationSealed()) : UNDER_REVIEW;
      out.add(
          new CandidateView(
              out.size() + 1,
              oc.id(),
              m.band(),
              scores ? m.calibratedScore() : null,
              scores ? m.bestScore() : null,
              m.reasons(),
              AgeBands.of(age),
              display.equals("METADATA") ? null : best.map(PhotoRecord::id).orElse(null),
              display,
              place,
              location ? os.regionCode() : null));
      draft.candidate(oc.id() + "=" + m.band());
      displayed = stronger(displayed, display);
    }
    draft.displayed(displayed);
    return out;
  }

  private String display(
      Actor actor, Purpose purpose, PolicyRequest.CaseFacts facts, SubjectRecord s, Float age) {
    PolicyRequest.SubjectFacts subject = PolicyFacts.subjectAt(s, age);
    if (guard
        .ask(
            PolicyRequest.of(actor, Action.VIEW_IMAGE_CLEAR)
                .purpose(purpose)
                .caseFacts(facts)
                .subject(subject)
                .build())
        .allowed()) {
      return "CLEAR";
    }
    if (guard
        .ask(
            PolicyRequest.of(actor, Action.VIEW_IMAGE_BLURRED)
                .purpose(purpose)
                .caseFacts(facts)
                .subject(subject)
                .build())
        .allowed()) {
      return "BLURRED";
    }
    return "METADATA";
  }

  private static String stronger(String a, String b) {
    List<String> order = List.of("NONE", "METADATA", "BLURRED", "CLEAR");
    return order.indexOf(b) > order.indexOf(a) ? b : a;
  }

  /** Rule 14: silently alert the protection officer; flag a requester who keeps hitting them. */
  private void protectedHit(Actor actor, CaseRecord protectedCase, Instant now) {
    db.inTransaction(
        tx -> {
          accounts.raiseAlert(tx, "PROTECTED_PERSON_HIT", actor.subject(), protectedCase.id(), now);
          if (accounts.alertCount(tx, "PROTECTED_PERSON_HIT", actor.subject())
              >= config.search().protectedHitsBeforeFlag()) {
            accounts.flag(tx, actor.subject(), actor.organisation(), "PROTECTED_PERSON_HITS");
          }
          return null;
        });
  }

  /** Kept for the one-time search's probe photos. */
  static PhotoRecord probePhoto(
      String ref, long faceId, EmbeddedFace face, Instant now, Instant deleteAfter) {
    return new PhotoRecord(
        Ids.newId("p"),
        null,
        faceId,
        ref,
        PhotoSource.STREET,
        face.estimatedAge(),
        null,
        face.quality(),
        face.modelId() + "@" + face.modelVersion(),
        PhotoState.PROBE,
        now,
        deleteAfter);
  }
}
