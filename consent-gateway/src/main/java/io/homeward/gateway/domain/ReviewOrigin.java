package io.homeward.gateway.domain;

/** Where a review item came from; shown to examiners, who otherwise work every item alike. */
public enum ReviewOrigin {
  /** Raised by the system: the standing search of a just-indexed face. */
  STANDING_SEARCH,
  /** Referred from a case search by a person who may search that case. */
  REFERRAL
}
