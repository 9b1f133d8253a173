package io.homeward.gateway.domain;

/** Where a photo came from (PRIVACY.md rule 7). */
public enum PhotoSource {
  /** A family's own photo of the missing person. */
  FAMILY,
  /** Taken by or for the subject themselves (a found person's current photo). */
  SUBJECT,
  /** Taken or held by police under a case. */
  POLICE,
  /** An official document (passport, school record) supplied under a case. */
  DOCUMENT,
  /** Taken of a stranger in the street (a begging child): one search only, never enrolled. */
  STREET,
  /** Collected from social media: never enrolled. */
  SOCIAL_MEDIA,
  /** Collected by a crawler: never enrolled. */
  SCRAPED
}
