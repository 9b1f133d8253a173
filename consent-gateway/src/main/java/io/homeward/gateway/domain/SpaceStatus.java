package io.homeward.gateway.domain;

/** Where a vector space stands (issue 14, model change). */
public enum SpaceStatus {
  /** A re-embedding job is filling it; nothing searches it, the outbox writes to it too. */
  BUILDING,
  /** The one space every search uses. */
  LIVE,
  /** Replaced by another; still receives removals until its grace period ends. */
  RETIRING,
  /** Its index is deleted; the row stays as the record of what was searched when. */
  DROPPED
}
