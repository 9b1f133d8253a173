package io.homeward.gateway.outbox;

import io.homeward.gateway.client.StandingCandidate;
import io.homeward.gateway.domain.Side;
import io.homeward.gateway.store.AccountStore;
import io.homeward.gateway.store.CaseRecord;
import io.homeward.gateway.store.CaseStore;
import io.homeward.gateway.store.Ids;
import io.homeward.gateway.store.OutboxStore;
import io.homeward.gateway.store.PhotoRecord;
import io.homeward.gateway.store.PhotoStore;
import io.homeward.gateway.store.ReviewItem;
import io.homeward.gateway.store.ReviewStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Candidates the standing search returns for a just-indexed face become review items, in the
 * transaction that marks the outbox row done; examiners then work them through {@code review}.
 */
@ApplicationScoped
public class StandingCandidates {
  private static final Logger LOG = Logger.getLogger(StandingCandidates.class);

  private final ReviewStore store;
  private final CaseStore cases;
  private final PhotoStore photos;
  private final OutboxStore outbox;
  private final AccountStore accounts;
  private final Clock clock;

  public StandingCandidates(
      ReviewStore store,
      CaseStore cases,
      PhotoStore photos,
      OutboxStore outbox,
      AccountStore accounts,
      Clock clock) {
    this.store = store;
    this.cases = cases;
    this.photos = photos;
    this.outbox = outbox;
    this.accounts = accounts;
    this.clock = clock;
  }

  /**
   * Stores the standing search's candidates for a just-indexed face (in the caller's transaction).
   * A candidate the gateway has no record of is an orphan vector: its removal is queued.
   */
  public void record(Connection tx, CaseRecord probeCase, List<StandingCandidate> candidates)
      throws SQLException {
    Instant now = clock.instant();
    for (StandingCandidate c : candidates) {
      Optional<PhotoRecord> other = photos.byFaceId(tx, c.candidateFaceId());
      if (other.isEmpty() || !other.get().caseId().equals(c.candidateCaseRef())) {
        outbox.enqueue(
            tx, OutboxStore.Kind.REMOVE_FACE, null, c.candidateFaceId(), c.candidateCaseRef(), now);
        LOG.warn("the index returned a face the gateway has no record of; its removal is queued");
        continue;
      }
      boolean probeMissing = probeCase.side() == Side.MISSING;
      String otherCase = other.get().caseId();
      boolean protectedPerson =
          cases.subject(tx, probeCase.id()).protectedPerson()
              || cases.subject(tx, otherCase).protectedPerson();
      ReviewItem item =
          new ReviewItem(
              Ids.newId("r"),
              probeMissing ? c.probeFaceId() : c.candidateFaceId(),
              probeMissing ? c.candidateFaceId() : c.probeFaceId(),
              probeMissing ? probeCase.id() : otherCase,
              probeMissing ? otherCase : probeCase.id(),
              c.band(),
              c.rawScore(),
              protectedPerson ? ReviewStore.PROTECTED_HOLD : ReviewStore.OPEN,
              now);
      if (store.insertIfAbsent(tx, item) && protectedPerson) {
        accounts.raiseAlert(tx, "PROTECTED_PERSON_CANDIDATE", null, item.id(), now);
      }
    }
  }
}
