package io.homeward.gateway.domain;

/**
 * A subject's sex as the registering organisation records it; stored and answered as its letter.
 * Soft evidence in ranking (agreeing or not), never a filter.
 */
public enum Sex {
  /** Female. */
  F,
  /** Male. */
  M,
  /** Recorded as neither: no evidence either way in ranking. */
  X
}
