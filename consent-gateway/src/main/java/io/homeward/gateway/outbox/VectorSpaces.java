package io.homeward.gateway.outbox;

import io.homeward.gateway.client.EmbedderClient;
import io.homeward.gateway.db.Database;
import io.homeward.gateway.domain.SpaceRef;
import io.homeward.gateway.domain.SpaceStatus;
import io.homeward.gateway.store.SpaceRecord;
import io.homeward.gateway.store.SpaceStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which vector spaces the gateway uses: exactly one LIVE space for every search, enrolment and
 * standing search; the spaces index writes and removals go to besides it (one being built, and, for
 * removals, one retiring). The state is the database's ({@code vector_spaces}); the first time
 * there is none, the embedder's configured space is recorded as live.
 *
 * <p>Each search reads the live space once and uses it for the whole search (its probes are
 * embedded into it and the search service is asked in it), so a switch never makes one search
 * compare vectors of two spaces.
 */
@ApplicationScoped
public class VectorSpaces {
  private final Database db;
  private final SpaceStore spaces;
  private final EmbedderClient embedder;
  private final Clock clock;

  public VectorSpaces(Database db, SpaceStore spaces, EmbedderClient embedder, Clock clock) {
    this.db = db;
    this.spaces = spaces;
    this.embedder = embedder;
    this.clock = clock;
  }

  /**
   * The live space as recorded, read at each call (one indexed row), so every gateway sees a switch
   * at once. Empty until a space was first recorded (by the first re-embedding job, or the
   * administrators' page): until then the live space is the embedder's configured one, and the
   * embedder and the search service are called without naming a space, as before spaces existed.
   */
  public Optional<SpaceRef> recordedLive() {
    return db.inTransaction(tx -> spaces.withStatus(tx, SpaceStatus.LIVE)).stream()
        .findFirst()
        .map(SpaceRecord::ref);
  }

  /**
   * The embedder's configured space (asked of it): the live space while none is recorded, without
   * recording it.
   */
  public SpaceRef configured() {
    return embedder.configuredSpace();
  }

  /** The live space, recorded now from the embedder's configuration if none is yet. */
  public synchronized SpaceRef live() {
    Optional<SpaceRef> recorded = recordedLive();
    if (recorded.isPresent()) {
      return recorded.get();
    }
    // Asked outside the transaction: the embedder is a network call.
    SpaceRef configured = embedder.configuredSpace();
    db.inTransaction(
        tx -> {
          spaces.lock(tx);
          if (spaces.withStatus(tx, SpaceStatus.LIVE).isEmpty()
              && spaces.find(tx, configured.id()).isEmpty()) {
            spaces.insert(tx, configured, SpaceStatus.LIVE, null, clock.instant());
          }
          return null;
        });
    return recordedLive().orElseThrow();
  }

  /** The space being built, if a job runs. */
  public List<SpaceRecord> building() {
    return db.inTransaction(tx -> spaces.withStatus(tx, SpaceStatus.BUILDING));
  }

  /**
   * Where a removal goes besides the live space: a space being built, and retiring spaces (a
   * withdrawal during the grace period still reaches the old index).
   */
  public List<SpaceRef> otherRemovalTargets() {
    List<SpaceRef> out = new ArrayList<>();
    db.inTransaction(
        tx -> {
          spaces.withStatus(tx, SpaceStatus.BUILDING).forEach(s -> out.add(s.ref()));
          spaces.withStatus(tx, SpaceStatus.RETIRING).forEach(s -> out.add(s.ref()));
          return null;
        });
    return out;
  }
}
