package io.homeward.gateway.search;

import io.homeward.gateway.access.Guard;
import io.homeward.gateway.access.UsageBudget;
import io.homeward.gateway.audit.AuditAction;
import io.homeward.gateway.audit.AuditDraft;
import io.homeward.gateway.client.CaseMatch;
import io.homeward.gateway.client.SearchClient;
import io.homeward.gateway.client.SearchProbe;
import io.homeward.gateway.config.GatewayConfig;
import io.homeward.gateway.domain.Display;
import io.homeward.gateway.domain.Purpose;
import io.homeward.gateway.domain.SpaceRef;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.outbox.VectorSpaces;
import io.homeward.gateway.policy.Action;
import io.homeward.gateway.policy.Actor;
import io.homeward.gateway.policy.PolicyDecision;
import io.homeward.gateway.policy.PolicyFacts;
import io.homeward.gateway.policy.PolicyRequest;
import io.homeward.gateway.store.CaseRecord;
import io.homeward.gateway.store.CaseSnapshot;
import io.homeward.gateway.store.Ids;
import io.homeward.gateway.store.PhotoRecord;
import io.homeward.gateway.store.SearchResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A search within an open case (rule 9): the case's photos against the other side, then what the
 * requester may see of each candidate ({@link Redaction}); protected persons left out exactly as if
 * there were no candidate, with a silent alert (rule 14). Rate limits lock the account (rule 16).
 * Everything is audited.
 *
 * <p>The case is read in one transaction (with its photos' recorded probe hashes and the live
 * space), the budget reserved, the policy asked; then the search service is called outside any
 * transaction, with the probes' face ids: it searches with the vectors it holds, so no photo is
 * decrypted or embedded again unless the index does not hold it yet; the matched cases are read in
 * one transaction; the audit record and what the search causes are written in one, with what each
 * candidate shown was (under a random id returned with it, so that it can be referred to the
 * examiners).
 */
@ApplicationScoped
public class CaseSearch {
  private final SearchRecords records;
  private final Probes probes;
  private final SearchClient search;
  // Rule 16: the daily budget, reserved before any work.
  private final UsageBudget budget;
  private final Guard guard;
  private final Redaction redaction;
  private final VectorSpaces spaces;
  private final GatewayConfig config;
  private final Clock clock;

  public CaseSearch(
      SearchRecords records,
      Probes probes,
      SearchClient search,
      UsageBudget budget,
      Guard guard,
      Redaction redaction,
      VectorSpaces spaces,
      GatewayConfig config,
      Clock clock) {
    this.records = records;
    this.probes = probes;
    this.search = search;
    this.budget = budget;
    this.guard = guard;
    this.redaction = redaction;
    this.spaces = spaces;
    this.config = config;
    this.clock = clock;
  }

  /** A search's answer. */
  public record Result(String caseId, List<CandidateView> candidates, String calibration) {}

  public Result searchCase(Actor actor, Purpose purpose, String caseId) {
    Instant now = clock.instant();
    if (!Ids.looksLike("c", caseId)) {
      throw new GatewayException(ProblemType.NOT_FOUND, "no such case");
    }
    SearchRecords.SearchedCase searched =
        records
            .searchedCase(caseId, probes.keyId())
            .orElseThrow(() -> new GatewayException(ProblemType.NOT_FOUND, "no such case"));
    CaseSnapshot snapshot = searched.snapshot();
    CaseRecord c = snapshot.record();
    List<Probes.Probe> probed = probes.of(snapshot, searched.probeHmacs());
    List<String> hmacs = probed.stream().map(Probes.Probe::hmac).toList();
    AuditDraft draft =
        new AuditDraft(actor, AuditAction.SEARCH, purpose)
            .caseId(caseId)
            .subject(snapshot.subject().id())
            .threshold(config.search().minimumBand().name());
    hmacs.forEach(draft::probeHmac);
    // Rule 16: reserved before any work, atomically; kept even if the search then fails.
    UsageBudget.SearchGrant usage = budget.reserveSearch(actor, caseId, hmacs, draft, now);
    PolicyDecision decision =
        guard.require(
            PolicyRequest.of(actor, Action.SEARCH)
                .purpose(purpose)
                .caseFacts(PolicyFacts.caseFacts(c, actor, Optional.of(c.side())))
                .subject(PolicyFacts.subjectNow(snapshot.subject(), now))
                .usage(
                    new PolicyRequest.UsageFacts(
                        usage.searchesBefore(), usage.caseProbesBefore(), usage.newProbe()))
                .build(),
            draft);
    if (probed.isEmpty()) {
      throw new GatewayException(ProblemType.CONFLICT, "the case has no photo to search with");
    }

    // One space for the whole search, read with the case: searched in, any probe embedded into it.
    // The probes the index holds are searched with their stored vectors; a probe it turns out not
    // to hold yet (its index write still queued) is embedded, and the search asked again.
    Optional<SpaceRef> recorded = searched.liveSpace();
    SpaceRef space = recorded.orElseGet(spaces::configured);
    draft.modelVersion(space.id());
    int k = config.search().maxCandidates();
    int asked = Math.min(100, k * 3);
    List<SearchProbe> faces = probes.forSearch(probed, snapshot, recorded);
    var found = search.searchForCase(faces, caseId, space, c.side().other(), asked);
    List<PhotoRecord> lostFromIndex = new ArrayList<>();
    if (!found.missingFaceIds().isEmpty()) {
      for (Probes.Probe p : probed) {
        if (found.missingFaceIds().contains(p.photo().faceId())) {
          lostFromIndex.add(p.photo());
        }
      }
      faces = probes.embedding(faces, found.missingFaceIds(), probed, snapshot, recorded);
      found = search.searchForCase(faces, caseId, space, c.side().other(), asked);
    }
    List<CaseMatch> aboveThreshold =
        found.candidates().stream()
            .filter(m -> m.band().compareTo(config.search().minimumBand()) >= 0)
            .toList();
    List<MatchedCase> matched = records.matched(aboveThreshold);

    Redaction.For shown = redaction.requester(actor, purpose, c);
    String modelVersion = space.id();
    Instant expires = now.plus(config.retention().searchResult());
    List<CandidateView> views = new ArrayList<>();
    List<SearchResult> results = new ArrayList<>();
    List<String> vanished = new ArrayList<>();
    List<String> protectedHits = new ArrayList<>();
    Display displayed = Display.NONE;
    for (MatchedCase m : matched) {
      if (views.size() >= k) {
        break;
      }
      if (!m.open()) {
        // The index is ahead of the gateway (a removal still queued): say nothing about it.
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
      CandidateView v = view.get();
      if (m.best().isPresent()) {
        PhotoRecord best = m.best().get();
        // The pair a referral makes: the candidate's best face and the probe photo it matched.
        PhotoRecord probePhoto = probed.get(probeOf(m.match(), probed.size())).photo();
        SearchResult result =
            new SearchResult(
                Ids.newId("m"),
                caseId,
                actor.organisation(),
                actor.subject(),
                probePhoto.id(),
                probePhoto.faceId(),
                best.caseId(),
                best.id(),
                best.faceId(),
                m.match().band(),
                m.match().bestScore(),
                modelVersion,
                now,
                expires);
        results.add(result);
        v = v.referable(result.id(), false);
      }
      views.add(v);
      draft.candidate(v.caseId() + "=" + v.band());
      displayed = displayed.max(view.get().display());
    }
    draft.displayed(displayed);
    Set<String> referred =
        records.record(
            actor,
            draft.build(now, decision, true),
            new SearchRecords.Effects(
                vanished, protectedHits, results, c.side(), hashedNow(probed), lostFromIndex),
            now);
    List<CandidateView> answer =
        views.stream()
            .map(
                v ->
                    v.candidate() == null
                        ? v
                        : v.referable(v.candidate(), referred.contains(v.candidate())))
            .toList();
    return new Result(caseId, answer, found.calibrationVersion());
  }

  /** The probe hashes this search made: kept with their photos. */
  private SearchRecords.ProbeHashes hashedNow(List<Probes.Probe> probed) {
    Map<String, String> made = new HashMap<>();
    for (Probes.Probe p : probed) {
      if (p.hashedNow()) {
        made.put(p.photo().id(), p.hmac());
      }
    }
    return new SearchRecords.ProbeHashes(probes.keyId(), made);
  }

  /** The probe photo the candidate's best face matched (the first when the answer does not say). */
  private static int probeOf(CaseMatch match, int probes) {
    if (match.probeIndexes().isEmpty()) {
      return 0;
    }
    int index = match.probeIndexes().get(0);
    return index >= 0 && index < probes ? index : 0;
  }
}
