package io.homeward.gateway.store;

import io.homeward.gateway.domain.Sex;
import java.time.LocalDate;

/**
 * The person a case is about. No name: identities stay with the NGO's own records; the location
 * text is sealed (encrypted) and never returned to a searching family.
 */
public record SubjectRecord(
    String id,
    String caseId,
    Sex sex,
    Integer birthYearFrom,
    Integer birthYearTo,
    LocalDate eventDate,
    String regionCode,
    byte[] locationSealed,
    boolean protectedPerson,
    boolean disclosureRefused,
    boolean lacksCapacity,
    boolean guardianFlagged,
    boolean missingSide) {

  /** For a MISSING case, the date of disappearance (its event date); null otherwise. */
  public LocalDate missingSince() {
    return missingSide ? eventDate : null;
  }

  /**
   * Age in whole years at a given year, from the youngest end of the birth range; null if unknown.
   */
  public Integer ageIn(int year) {
    if (birthYearTo == null) {
      return null;
    }
    return Math.max(0, year - birthYearTo);
  }
}
