package io.homeward.gateway.registration;

import io.homeward.gateway.domain.ConsentGiver;
import io.homeward.gateway.domain.LegalBasis;
import io.homeward.gateway.domain.Sex;
import io.homeward.gateway.domain.Side;
import java.time.LocalDate;

/** What callers ask of the services, already parsed and checked for shape by the REST layer. */
public final class Commands {
  private Commands() {}

  /** A new case with its subject and the basis it is registered under. */
  public record NewCase(
      Side side, NewSubject subject, String policeCaseNumber, NewConsent consent) {}

  /** The person a case is about. No name: identities stay with the registering organisation. */
  public record NewSubject(
      Sex sex,
      Integer birthYearFrom,
      Integer birthYearTo,
      LocalDate eventDate,
      String regionCode,
      String location,
      boolean protectedPerson,
      boolean disclosureRefused,
      boolean lacksCapacity,
      boolean guardianFlagged) {}

  /** A consent or other legal basis. */
  public record NewConsent(
      LegalBasis basis,
      ConsentGiver givenBy,
      String relationship,
      boolean trainingConsent,
      String justification) {}
}
