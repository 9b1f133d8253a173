package io.homeward.gateway.store;

import java.util.List;

/**
 * What a use case reads of one case before it decides: the case, its subject, its consents (all of
 * them, oldest first; which one is in force is the policy's question) and its live photos (oldest
 * first), read in one transaction so that the decision rests on one consistent view.
 */
public record CaseSnapshot(
    CaseRecord record,
    SubjectRecord subject,
    List<ConsentRecord> consents,
    List<PhotoRecord> livePhotos) {
  public CaseSnapshot {
    consents = List.copyOf(consents);
    livePhotos = List.copyOf(livePhotos);
  }
}
