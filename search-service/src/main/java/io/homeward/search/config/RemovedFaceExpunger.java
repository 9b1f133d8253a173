package io.homeward.search.config;

import io.homeward.search.index.Expunge;
import io.homeward.search.search.CandidateSearch;
import io.homeward.search.search.Spaces;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expunges removed faces from disk on a schedule ({@code homeward.search.erasure.expunge-every}),
 * in one batch for every removal since the last pass: a removal only marks a face deleted, and
 * rewriting segments after each one would be too slow. Logs counts, never ids.
 */
@ApplicationScoped
public class RemovedFaceExpunger {
  private static final Logger LOG = LoggerFactory.getLogger(RemovedFaceExpunger.class);
  private final Spaces spaces;

  public RemovedFaceExpunger(Spaces spaces) {
    this.spaces = spaces;
  }

  @Scheduled(
      every = "${homeward.search.erasure.expunge-every:1h}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    try {
      run();
    } catch (RuntimeException e) {
      LOG.warn(
          "expunging removed faces failed ({}); the next pass retries",
          e.getClass().getSimpleName());
    }
  }

  /** One pass over every open space (a space being built receives removals too); the sum. */
  public Expunge run() {
    long start = System.nanoTime();
    long removed = 0;
    long deferred = 0;
    boolean complete = true;
    for (CandidateSearch space : spaces.all()) {
      Expunge one = space.expungeRemoved();
      removed += one.removedFaces();
      deferred += one.deferredFaces();
      complete &= one.complete();
    }
    Expunge done = new Expunge(removed, complete, deferred);
    if (done.removedFaces() > 0 || !done.complete()) {
      LOG.info(
          "expunged {} removed faces from disk in {} ms{}",
          done.removedFaces(),
          (System.nanoTime() - start) / 1_000_000,
          done.complete() ? "" : " (not finished: the next pass continues)");
    }
    if (done.deferredFaces() > 0) {
      LOG.info(
          "{} removed faces stay on disk until the rewrite due within"
              + " homeward.search.milvus.expunge-after",
          done.deferredFaces());
    }
    return done;
  }
}
