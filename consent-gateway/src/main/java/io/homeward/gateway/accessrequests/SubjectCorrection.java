package io.homeward.gateway.accessrequests;

import io.homeward.gateway.domain.Sex;
import java.time.LocalDate;
import java.util.Optional;

/**
 * What a subject asked to have corrected (PRIVACY.md rule 21); an empty field stays as it is. The
 * values were parsed by the same rules as a new case's; the merged result is checked again.
 */
public record SubjectCorrection(
    Optional<Sex> sex,
    Optional<Integer> birthYearFrom,
    Optional<Integer> birthYearTo,
    Optional<LocalDate> eventDate,
    Optional<String> regionCode) {
  public boolean isEmpty() {
    return sex.isEmpty()
        && birthYearFrom.isEmpty()
        && birthYearTo.isEmpty()
        && eventDate.isEmpty()
        && regionCode.isEmpty();
  }
}
