package io.homeward.gateway.audit;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One stored audit record as a privacy officer reads it. The non-personal fields are as stored; the
 * personal ones are in {@link #personal()}, whose {@link PersonalFields#disclosure()} says whether
 * they were revealed.
 *
 * @param seq the sequence number
 * @param hash the record's hash in the chain
 * @param at when
 * @param action the {@link AuditAction} name as stored
 * @param personal the personal fields, or why they are not shown
 */
public record AuditView(
    long seq,
    String hash,
    Instant at,
    String actorId,
    String role,
    String organisation,
    String authMethod,
    String action,
    String purpose,
    Optional<String> legalBasis,
    Optional<String> caseId,
    Optional<String> consentId,
    Optional<String> ageBand,
    Optional<String> probeHmac,
    Optional<String> modelVersion,
    Optional<String> threshold,
    Optional<String> displayed,
    boolean allowed,
    List<String> policyIds,
    String policyVersion,
    boolean override,
    Optional<String> detail,
    PersonalFields personal) {

  /** Whether and how the personal fields are shown. */
  public enum Disclosure {
    /** The record has no personal fields. */
    NONE,
    /** The caller did not ask to reveal them ({@link AuditReader#read}). */
    WITHHELD,
    /** Decrypted with the subject's key. */
    REVEALED,
    /** The subject's key was erased; the fields read {@value PersonalFields#ERASED}. */
    ERASED,
    /** The key exists but the sealed bytes do not open (altered or sealed with another key). */
    UNREADABLE
  }

  /**
   * The personal fields of a record (PRIVACY.md), empty unless {@code disclosure} is {@code
   * REVEALED}, and {@value #ERASED} in every field when it is {@code ERASED}.
   */
  public record PersonalFields(
      Disclosure disclosure,
      List<String> subjectIds,
      List<String> candidates,
      List<String> verdicts,
      Optional<String> justification) {
    /** What erased fields read as. */
    public static final String ERASED = "[erased]";

    public PersonalFields {
      subjectIds = List.copyOf(subjectIds);
      candidates = List.copyOf(candidates);
      verdicts = List.copyOf(verdicts);
    }

    static PersonalFields hidden(Disclosure why) {
      if (why == Disclosure.ERASED) {
        return new PersonalFields(
            why, List.of(ERASED), List.of(ERASED), List.of(ERASED), Optional.of(ERASED));
      }
      return new PersonalFields(why, List.of(), List.of(), List.of(), Optional.empty());
    }
  }
}
