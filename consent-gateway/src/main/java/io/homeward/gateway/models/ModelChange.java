package io.homeward.gateway.models;

import io.homeward.gateway.access.Guard;
import io.homeward.gateway.audit.AuditAction;
import io.homeward.gateway.audit.AuditDraft;
import io.homeward.gateway.audit.AuditLog;
import io.homeward.gateway.client.EmbedderClient;
import io.homeward.gateway.config.GatewayConfig;
import io.homeward.gateway.db.Database;
import io.homeward.gateway.domain.Purpose;
import io.homeward.gateway.domain.SpaceRef;
import io.homeward.gateway.domain.SpaceStatus;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.outbox.Reembedding;
import io.homeward.gateway.outbox.VectorSpaces;
import io.homeward.gateway.policy.Action;
import io.homeward.gateway.policy.Actor;
import io.homeward.gateway.policy.PolicyDecision;
import io.homeward.gateway.policy.PolicyRequest;
import io.homeward.gateway.store.PhotoStore;
import io.homeward.gateway.store.SpaceRecord;
import io.homeward.gateway.store.SpaceStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Changing the embedding model's projection without mixing scores (issue 14): administrators see
 * the vector spaces and start a re-embedding job into a new one ({@link Reembedding} does the work,
 * throttled, and switches when the space is complete). Both are decided by policy and audited; the
 * job's start records the space it fills.
 */
@ApplicationScoped
public class ModelChange {
  /** Projection ids as the embedder names them. */
  private static final Pattern PROJECTION = Pattern.compile("[a-z0-9][a-z0-9.-]{0,39}");

  private final Database db;
  private final SpaceStore spaces;
  private final PhotoStore photos;
  private final VectorSpaces vectorSpaces;
  private final EmbedderClient embedder;
  private final Guard guard;
  private final AuditLog audit;
  private final GatewayConfig config;
  private final Clock clock;

  public ModelChange(
      Database db,
      SpaceStore spaces,
      PhotoStore photos,
      VectorSpaces vectorSpaces,
      EmbedderClient embedder,
      Guard guard,
      AuditLog audit,
      GatewayConfig config,
      Clock clock) {
    this.db = db;
    this.spaces = spaces;
    this.photos = photos;
    this.vectorSpaces = vectorSpaces;
    this.embedder = embedder;
    this.guard = guard;
    this.audit = audit;
    this.config = config;
    this.clock = clock;
  }

  /**
   * A space with its job's progress: photos per second since the job started, and the time left at
   * that rate (empty when nothing is left or nothing was done yet).
   */
  public record SpaceView(SpaceRecord space, double photosPerSecond, Optional<Duration> eta) {}

  /** Every space, newest first (the live one recorded if none was). */
  public List<SpaceView> spaces(Actor actor, Purpose purpose) {
    AuditDraft draft =
        new AuditDraft(actor, AuditAction.VIEW, purpose).detail("read vector spaces");
    PolicyDecision decision =
        guard.require(
            PolicyRequest.of(actor, Action.READ_CONFIGURATION).purpose(purpose).build(), draft);
    try {
      vectorSpaces.live();
    } catch (GatewayException e) {
      // The embedder is not reachable to say its space: list what is recorded (perhaps nothing).
    }
    Instant now = clock.instant();
    List<SpaceView> out =
        db.inTransaction(tx -> spaces.all(tx)).stream().map(s -> view(s, now)).toList();
    audit.append(draft.build(now, decision, true));
    return out;
  }

  private static SpaceView view(SpaceRecord s, Instant now) {
    int handled = s.photosDone() + s.photosFailed();
    // A job that ran to its end keeps its rate (the space it filled went live or waits to); a space
    // no job filled (the first live one) has none.
    boolean ran = s.status() == SpaceStatus.BUILDING || s.completedAt() != null;
    if (!ran || handled == 0) {
      return new SpaceView(s, 0, Optional.empty());
    }
    Instant end = s.completedAt() != null ? s.completedAt() : now;
    double seconds = Math.max(0.001, Duration.between(s.startedAt(), end).toMillis() / 1000.0);
    double rate = handled / seconds;
    int left = Math.max(0, s.photosTotal() - handled);
    Optional<Duration> eta =
        s.completedAt() != null || left == 0
            ? Optional.empty()
            : Optional.of(Duration.ofSeconds((long) Math.ceil(left / rate)));
    return new SpaceView(s, rate, eta);
  }

  /**
   * Starts re-embedding every live photo into the space of a projection the embedder serves.
   *
   * @throws GatewayException INVALID_REQUEST for a malformed id, PROJECTION_UNKNOWN when the
   *     embedder does not serve it, SPACE_ALREADY_LIVE when searches use it already,
   *     REEMBEDDING_RUNNING when a job runs
   */
  public SpaceView start(Actor actor, Purpose purpose, String projection) {
    AuditDraft draft = new AuditDraft(actor, AuditAction.MODEL_CHANGE, purpose);
    PolicyDecision decision =
        guard.require(
            PolicyRequest.of(actor, Action.CHANGE_CONFIGURATION).purpose(purpose).build(), draft);
    if (projection == null || !PROJECTION.matcher(projection).matches()) {
      throw new GatewayException(
          ProblemType.INVALID_REQUEST,
          "projection must be 1-40 lower-case letters, digits, '.' or '-'");
    }
    SpaceRef live = vectorSpaces.live();
    SpaceRef target = embedder.spaceOf(projection);
    if (target.id().equals(live.id())) {
      throw new GatewayException(
          ProblemType.SPACE_ALREADY_LIVE, "searches already use the space of that projection");
    }
    Instant now = clock.instant();
    SpaceRecord started =
        db.inTransaction(
            tx -> {
              spaces.lock(tx);
              if (!spaces.withStatus(tx, SpaceStatus.BUILDING).isEmpty()) {
                throw new GatewayException(
                    ProblemType.REEMBEDDING_RUNNING,
                    "a re-embedding job is running; wait until it switches");
              }
              int total = (int) photos.countIndexable(tx);
              if (spaces.find(tx, target.id()).isEmpty()) {
                spaces.insert(tx, target, SpaceStatus.BUILDING, actor.subject(), now);
              }
              // A space used before (switching back) is filled again from the start.
              spaces.startJob(tx, target.id(), total, actor.subject(), now);
              audit.append(
                  tx,
                  draft
                      .modelVersion(target.id())
                      .detail(
                          "re-embedding started: "
                              + live.id()
                              + " -> "
                              + target.id()
                              + ", "
                              + total
                              + " photos, at most "
                              + config.reembed().photosPerSecond()
                              + " per second")
                      .build(now, decision, true));
              return spaces.find(tx, target.id()).orElseThrow();
            });
    return view(started, now);
  }
}
