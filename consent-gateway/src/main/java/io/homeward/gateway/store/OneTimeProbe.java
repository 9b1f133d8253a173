package io.homeward.gateway.store;

import java.time.Instant;

/**
 * A stranger's photo held for one search (V19, PRIVACY.md rules 7 and 20): never enrolled, its
 * image deleted at {@code deleteAfter}, or at the end of its browser session when no case is named,
 * unless a case is opened from it.
 *
 * @param underCaseId the open case the search runs under, or null (a search not attached to a case)
 * @param sessionHash the hash of the browser session it was uploaded in, or null (a bearer token)
 * @param imageRef the encrypted image, null once deleted
 * @param searchedAt when its one search ran (or was attempted), null before
 * @param keptCaseId the case opened from it: its image is kept with that case
 * @param deletedWhy why the image was deleted ({@link DeletedWhy}), null while it is held
 */
public record OneTimeProbe(
    String id,
    String organisation,
    String requester,
    String underCaseId,
    String sessionHash,
    String imageRef,
    Instant createdAt,
    Instant deleteAfter,
    Instant searchedAt,
    String keptCaseId,
    Instant keptAt,
    Instant deletedAt,
    DeletedWhy deletedWhy) {

  /** Why a probe's image was deleted. */
  public enum DeletedWhy {
    /** 24 h passed without a case opened from it (rules 7, 20). */
    EXPIRED,
    /** The browser session it was uploaded in ended, signed out or timed out (rule 20). */
    SESSION_ENDED,
    /** Its requester deleted it. */
    REQUESTER,
    /** The case it was kept with was purged. */
    CASE_PURGED
  }

  /** The image is still held. */
  public boolean held() {
    return imageRef != null;
  }
}
