package io.homeward.gateway.search;

import io.homeward.gateway.audit.AuditEntry;
import io.homeward.gateway.audit.AuditLog;
import io.homeward.gateway.client.CaseMatch;
import io.homeward.gateway.config.GatewayConfig;
import io.homeward.gateway.db.Database;
import io.homeward.gateway.domain.CaseStatus;
import io.homeward.gateway.domain.Side;
import io.homeward.gateway.policy.Actor;
import io.homeward.gateway.store.AccountStore;
import io.homeward.gateway.store.CaseRecord;
import io.homeward.gateway.store.CaseSnapshot;
import io.homeward.gateway.store.CaseStore;
import io.homeward.gateway.store.OutboxStore;
import io.homeward.gateway.store.PhotoRecord;
import io.homeward.gateway.store.PhotoStore;
import io.homeward.gateway.store.ReviewStore;
import io.homeward.gateway.store.SearchResult;
import io.homeward.gateway.store.SearchResultStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a search reads and writes, one transaction each: the searched case, the matched cases, and
 * the outcome (the audit record with what it causes).
 */
@ApplicationScoped
public class SearchRecords {
  private static final String PROTECTED_HIT = "PROTECTED_PERSON_HIT";

  private final Database db;
  private final CaseStore cases;
  private final PhotoStore photos;
  private final AccountStore accounts;
  private final OutboxStore outbox;
  private final SearchResultStore results;
  private final ReviewStore reviews;
  private final AuditLog audit;
  private final GatewayConfig config;

  public SearchRecords(
      Database db,
      CaseStore cases,
      PhotoStore photos,
      AccountStore accounts,
      OutboxStore outbox,
      SearchResultStore results,
      ReviewStore reviews,
      AuditLog audit,
      GatewayConfig config) {
    this.db = db;
    this.cases = cases;
    this.photos = photos;
    this.accounts = accounts;
    this.outbox = outbox;
    this.results = results;
    this.reviews = reviews;
    this.audit = audit;
    this.config = config;
  }

  /**
   * What a search changes besides its answer.
   *
   * @param vanished matched cases the gateway no longer has: their removal from the index is queued
   * @param protectedHits protected persons' cases left out (rule 14): the protection officer is
   *     alerted, a requester who keeps hitting them is flagged
   * @param shown what each candidate shown was, to be referred to the examiners later
   * @param searchedSide the searched case's side (which face of a pair is the missing one)
   */
  record Effects(
      List<String> vanished,
      List<String> protectedHits,
      List<SearchResult> shown,
      Side searchedSide) {}

  Optional<CaseSnapshot> searchedCase(String caseId) {
    return db.inTransaction(tx -> cases.snapshot(tx, caseId));
  }

  /** The matches as the gateway holds their cases now, in the order given. */
  List<MatchedCase> matched(List<CaseMatch> matches) {
    return db.inTransaction(
        tx -> {
          List<MatchedCase> out = new ArrayList<>();
          for (CaseMatch m : matches) {
            Optional<CaseRecord> c = cases.find(tx, m.caseRef());
            if (c.isEmpty()) {
              out.add(MatchedCase.gone(m));
            } else if (c.get().status() != CaseStatus.OPEN) {
              out.add(MatchedCase.notOpen(m, c.get()));
            } else {
              Optional<PhotoRecord> best =
                  m.faceIds().isEmpty()
                      ? Optional.empty()
                      : photos.byFaceId(tx, m.faceIds().get(0));
              out.add(new MatchedCase(m, c, cases.subject(tx, c.get().id()), best));
            }
          }
          return out;
        });
  }

  /**
   * The audit record and the effects, together or not at all (rule 17). Returns the ids of the
   * shown candidates whose pair was already referred to the examiners.
   */
  Set<String> record(Actor actor, AuditEntry entry, Effects effects, Instant now) {
    return db.inTransaction(
        tx -> {
          results.insert(tx, effects.shown());
          Set<String> referred = new HashSet<>();
          for (SearchResult r : effects.shown()) {
            boolean probeMissing = effects.searchedSide() == Side.MISSING;
            if (reviews.referred(
                tx,
                probeMissing ? r.probeFaceId() : r.candidateFaceId(),
                probeMissing ? r.candidateFaceId() : r.probeFaceId())) {
              referred.add(r.id());
            }
          }
          for (String caseRef : effects.vanished()) {
            outbox.enqueue(tx, OutboxStore.Kind.REMOVE_CASE, null, null, caseRef, now);
          }
          for (String caseId : effects.protectedHits()) {
            accounts.raiseAlert(tx, PROTECTED_HIT, actor.subject(), caseId, now);
            if (accounts.alertCount(tx, PROTECTED_HIT, actor.subject())
                >= config.search().protectedHitsBeforeFlag()) {
              accounts.flag(tx, actor.subject(), actor.organisation(), "PROTECTED_PERSON_HITS");
            }
          }
          audit.append(tx, entry);
          return referred;
        });
  }
}
