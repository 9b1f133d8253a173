package io.homeward.search.search;

import io.homeward.search.ranking.CaseCandidate;
import java.util.List;

/**
 * What a case search found, or, when some stored probes are not in the space (not indexed yet, or
 * removed), which: then nothing was searched and the caller sends those probes' vectors instead.
 */
public record CaseSearchOutcome(List<CaseCandidate> candidates, List<Long> missingFaceIds) {
  public CaseSearchOutcome {
    candidates = List.copyOf(candidates);
    missingFaceIds = List.copyOf(missingFaceIds);
  }
}
