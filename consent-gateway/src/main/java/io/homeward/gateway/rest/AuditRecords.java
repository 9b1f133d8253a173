package io.homeward.gateway.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.homeward.gateway.audit.AuditAction;
import io.homeward.gateway.audit.AuditQuery;
import io.homeward.gateway.audit.AuditView;
import io.homeward.gateway.domain.Display;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Reads the audit browser's query parameters and writes its records. */
final class AuditRecords {
  private static final String CURSOR_PREFIX = "audit-before:";

  private AuditRecords() {}

  /** One audit record as a privacy officer reads it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record AuditRecordView(
      long seq,
      String hash,
      String at,
      String actorId,
      @Schema(description = "the Role acted in; NONE or UNKNOWN on a refusal that named none")
          String role,
      String organisation,
      String authMethod,
      @Schema(implementation = AuditAction.class) String action,
      @Schema(description = "the Purpose named; NONE or UNKNOWN on a refusal that named none")
          String purpose,
      String legalBasis,
      String caseId,
      String consentId,
      String ageBand,
      String probeHmac,
      String modelVersion,
      String threshold,
      @Schema(implementation = Display.class) String displayed,
      @Schema(implementation = AuditQuery.Decision.class) String decision,
      List<String> policyIds,
      String policyVersion,
      boolean override,
      String detail,
      PersonalView personal) {}

  /**
   * The record's personal fields: opened ({@code REVEALED}) where the subject's key exists; a
   * tombstone ({@code ERASED}, {@code tombstone: true}, no fields) where the key was destroyed.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PersonalView(
      @Schema(implementation = AuditView.Disclosure.class) String disclosure,
      boolean tombstone,
      List<String> subjectIds,
      List<String> candidates,
      List<String> verdicts,
      String justification) {}

  static int limit(Integer limit) {
    int n = limit == null ? 50 : limit;
    if (n < 1 || n > 200) {
      throw new GatewayException(ProblemType.INVALID_REQUEST, "limit is 1 to 200");
    }
    return n;
  }

  static AuditQuery.Filters filters(
      String actor,
      String organisation,
      String caseId,
      String action,
      String decision,
      String from,
      String to) {
    Optional<Instant> start = instant(from, "from");
    Optional<Instant> end = instant(to, "to");
    if (start.isPresent() && end.isPresent() && !start.get().isBefore(end.get())) {
      throw new GatewayException(ProblemType.INVALID_REQUEST, "from is not before to");
    }
    return new AuditQuery.Filters(
        name(actor, "actor"),
        name(organisation, "organisation"),
        name(caseId, "case"),
        Optional.ofNullable(Parse.optional(AuditAction.class, action, "action")),
        Optional.ofNullable(Parse.optional(AuditQuery.Decision.class, decision, "decision")),
        start,
        end);
  }

  static String encode(long beforeSeq) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((CURSOR_PREFIX + beforeSeq).getBytes(StandardCharsets.UTF_8));
  }

  static Optional<Long> cursor(String token) {
    if (token == null) {
      return Optional.empty();
    }
    try {
      String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (raw.startsWith(CURSOR_PREFIX)) {
        long seq = Long.parseLong(raw.substring(CURSOR_PREFIX.length()));
        if (seq > 0) {
          return Optional.of(seq);
        }
      }
    } catch (RuntimeException e) {
      // answered below, as any other token this service did not give
    }
    throw new GatewayException(ProblemType.INVALID_REQUEST, "cursor is not one this service gave");
  }

  static AuditRecordView view(AuditView r) {
    return new AuditRecordView(
        r.seq(),
        r.hash(),
        r.at().toString(),
        r.actorId(),
        r.role(),
        r.organisation(),
        r.authMethod(),
        r.action(),
        r.purpose(),
        r.legalBasis().orElse(null),
        r.caseId().orElse(null),
        r.consentId().orElse(null),
        r.ageBand().orElse(null),
        r.probeHmac().orElse(null),
        r.modelVersion().orElse(null),
        r.threshold().orElse(null),
        r.displayed().orElse(null),
        r.allowed() ? AuditQuery.Decision.ALLOWED.name() : AuditQuery.Decision.DENIED.name(),
        r.policyIds(),
        r.policyVersion(),
        r.override(),
        r.detail().orElse(null),
        personal(r.personal()));
  }

  private static PersonalView personal(AuditView.PersonalFields p) {
    return switch (p.disclosure()) {
      case REVEALED ->
          new PersonalView(
              p.disclosure().name(),
              false,
              p.subjectIds(),
              p.candidates(),
              p.verdicts(),
              p.justification().orElse(null));
      case ERASED -> new PersonalView(p.disclosure().name(), true, null, null, null, null);
      default -> new PersonalView(p.disclosure().name(), false, null, null, null, null);
    };
  }

  private static Optional<String> name(String value, String field) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    if (value.length() > 256) {
      throw new GatewayException(
          ProblemType.INVALID_REQUEST, field + " is longer than 256 characters");
    }
    return Optional.of(value);
  }

  private static Optional<Instant> instant(String value, String field) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(value));
    } catch (DateTimeParseException e) {
      throw new GatewayException(
          ProblemType.INVALID_REQUEST,
          field + " must be an ISO-8601 instant, e.g. 2026-01-31T00:00:00Z");
    }
  }
}
