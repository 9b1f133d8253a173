package io.homeward.gateway.search;

import io.homeward.gateway.audit.AuditEntry;
import io.homeward.gateway.audit.AuditLog;
import io.homeward.gateway.client.CaseMatch;
import io.homeward.gateway.config.GatewayConfig;
import io.homeward.gateway.db.Database;
import io.homeward.gateway.domain.CaseStatus;
import io.homeward.gateway.domain.Side;
import io.homeward.gateway.domain.SpaceRef;
import io.homeward.gateway.domain.SpaceStatus;
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
import io.homeward.gateway.store.SpaceRecord;
import io.homeward.gateway.store.SpaceStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
  private final SpaceStore spaces;
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
      SpaceStore spaces,
      AccountStore accounts,
      OutboxStore outbox,
      SearchResultStore results,
      ReviewStore reviews,
      AuditLog audit,
      GatewayConfig config) {
    this.db = db;
    this.cases = cases;
    this.photos = photos;
    this.spaces = spaces;
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
   * @param hashedNow probe hashes made now, to keep with their photos
   * @param lostFromIndex probe photos the gateway had recorded as indexed but the index did not
   *     hold (a lost write, an index restored from an older backup): their index write is queued
   *     again
   */
  record Effects(
      List<String> vanished,
      List<String> protectedHits,
      List<SearchResult> shown,
      Side searchedSide,
      ProbeHashes hashedNow,
      List<PhotoRecord> lostFromIndex) {}

  /**
   * Probe hashes made during a search (none was recorded with the current key): kept with their
   * photos, so the next search need not decrypt them.
   *
   * @param keyId the key's id
   * @param byPhoto the hashes by photo id
   */
  record ProbeHashes(String keyId, Map<String, String> byPhoto) {
    static final ProbeHashes NONE = new ProbeHashes("", Map.of());
  }

  /**
   * The searched case as one transaction reads it.
   *
   * @param snapshot the case, its subject and photos
   * @param probeHmacs its photos' recorded image hashes made with the current key, by photo id
   * @param liveSpace the recorded live vector space (empty: the embedder's configured one)
   */
  record SearchedCase(
      CaseSnapshot snapshot, Map<String, String> probeHmacs, Optional<SpaceRef> liveSpace) {}

  /** The case, its recorded probe hashes made with the key {@code keyId}, and the live space. */
  Optional<SearchedCase> searchedCase(String caseId, String keyId) {
    return db.inTransaction(
        tx -> {
          Optional<CaseSnapshot> snapshot = cases.snapshot(tx, caseId);
          if (snapshot.isEmpty()) {
            return Optional.empty();
          }
          Optional<SpaceRef> live =
              spaces.withStatus(tx, SpaceStatus.LIVE).stream().findFirst().map(SpaceRecord::ref);
          return Optional.of(
              new SearchedCase(snapshot.get(), photos.probeHmacs(tx, caseId, keyId), live));
        });
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
          for (Map.Entry<String, String> h : effects.hashedNow().byPhoto().entrySet()) {
            photos.setProbeHmac(tx, h.getKey(), h.getValue(), effects.hashedNow().keyId());
          }
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
          for (PhotoRecord p : effects.lostFromIndex()) {
            outbox.enqueue(tx, OutboxStore.Kind.UPSERT, p.id(), p.faceId(), p.caseId(), now);
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
