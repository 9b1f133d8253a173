package io.homeward.search.config;

import io.homeward.search.search.RaisedCandidate;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Consumer;

/**
 * Candidates raised by standing searches, broadcast to every watcher (the gateway). A candidate
 * raised while no watcher is connected is not replayed: the gateway's own reconciliation searches
 * again on reconnect.
 */
@ApplicationScoped
public class CandidateEvents implements Consumer<RaisedCandidate> {
  private final BroadcastProcessor<RaisedCandidate> processor = BroadcastProcessor.create();

  @Override
  public void accept(RaisedCandidate raised) {
    processor.onNext(raised);
  }

  public Multi<RaisedCandidate> stream() {
    return processor;
  }
}
