package io.homeward.gateway.search;

import io.homeward.gateway.client.CaseMatch;
import io.homeward.gateway.domain.CaseStatus;
import io.homeward.gateway.store.CaseRecord;
import io.homeward.gateway.store.PhotoRecord;
import io.homeward.gateway.store.SubjectRecord;
import java.util.Optional;

/**
 * A case the index matched, as the gateway holds it now.
 *
 * @param record the case; empty when the gateway no longer has it (the index is ahead: a removal
 *     still queued)
 * @param subject its subject, for an open case only (null otherwise: nothing of it is shown)
 * @param best the matched photo, for an open case whose photo the gateway still has
 */
record MatchedCase(
    CaseMatch match,
    Optional<CaseRecord> record,
    SubjectRecord subject,
    Optional<PhotoRecord> best) {

  static MatchedCase gone(CaseMatch match) {
    return new MatchedCase(match, Optional.empty(), null, Optional.empty());
  }

  static MatchedCase notOpen(CaseMatch match, CaseRecord record) {
    return new MatchedCase(match, Optional.of(record), null, Optional.empty());
  }

  boolean open() {
    return record.isPresent() && record.get().status() == CaseStatus.OPEN;
  }
}
