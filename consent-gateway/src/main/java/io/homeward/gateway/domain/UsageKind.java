package io.homeward.gateway.domain;

/**
 * The kinds of face-data access counted per user and day (PRIVACY.md rule 16), each with its own
 * configured limit. Distinct probe faces are counted apart, per case and per user and day.
 */
public enum UsageKind {
  /** A search within a case. */
  SEARCH("DAILY_SEARCH_LIMIT", "search"),
  /** An image shown, clear or blurred. */
  IMAGE_VIEW("DAILY_IMAGE_VIEW_LIMIT", "image view"),
  /** A photo enrolled, and with it the standing search it triggers on the other side. */
  ENROLMENT("DAILY_ENROLMENT_LIMIT", "enrolment"),
  /** A case registered. */
  NEW_CASE("DAILY_CASE_LIMIT", "new case"),
  /**
   * A record of a bulk import, counted per organisation (not per user) and day: when they are used
   * up the job's records wait for the next day; nothing is refused and no account is locked.
   */
  IMPORT_RECORD("DAILY_IMPORT_LIMIT", "import record");

  private final String lockReason;
  private final String noun;

  UsageKind(String lockReason, String noun) {
    this.lockReason = lockReason;
    this.noun = noun;
  }

  /** Recorded as the account's lock reason when the limit is exceeded. */
  public String lockReason() {
    return lockReason;
  }

  /** For the problem detail. */
  public String noun() {
    return noun;
  }
}
