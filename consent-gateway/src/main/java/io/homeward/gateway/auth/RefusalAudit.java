package io.homeward.gateway.auth;

import io.homeward.gateway.audit.AuditAction;
import io.homeward.gateway.audit.AuditEntry;
import io.homeward.gateway.audit.AuditLog;
import io.homeward.gateway.domain.Display;
import io.homeward.gateway.domain.Role;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Audits requests refused before any use case runs: an identified user (a verified token) who named
 * no purpose, or a role the token does not grant. An export attempt is audited as one whatever the
 * reason it was refused (rule 15). If the record cannot be written, the request fails with 503 all
 * the same (rule 17, fail closed). Requests without a verified token are not audited: there is no
 * one to attribute them to, and anyone could flood the log with them; the access log keeps them.
 */
@ApplicationScoped
public class RefusalAudit {
  private final AuditLog audit;
  private final Clock clock;

  public RefusalAudit(AuditLog audit, Clock clock) {
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * Writes the refusal.
   *
   * @param subject the verified token's subject
   * @param organisation the token's organisation (may be blank)
   * @param roleNamed the role header's value, kept only when it names a known role
   * @param authMethod how the user authenticated
   * @param purposeNamed the purpose header's value, kept only when it names a known purpose
   * @param path the request path (an export attempt is recorded as one)
   * @param reason a short, non-personal reason
   */
  public void record(
      String subject,
      String organisation,
      String roleNamed,
      String authMethod,
      String purposeNamed,
      String path,
      String reason) {
    AuditAction action =
        path != null && path.endsWith("/export")
            ? AuditAction.EXPORT_ATTEMPT
            : AuditAction.ACCESS_REFUSED;
    audit.append(
        new AuditEntry(
            clock.instant(),
            subject,
            known(roleNamed, Role.class),
            organisation == null ? "" : organisation,
            authMethod,
            action,
            known(purposeNamed, io.homeward.gateway.domain.Purpose.class),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            List.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            List.of(),
            Optional.of(Display.NONE.name()),
            List.of(),
            false,
            List.of(),
            "none",
            false,
            Optional.empty(),
            Optional.of(reason)));
  }

  /**
   * A header's value only when it is a known name: free text from a header never reaches the log.
   */
  private static <E extends Enum<E>> String known(String value, Class<E> type) {
    if (value == null || value.isBlank()) {
      return "NONE";
    }
    try {
      return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT)).name();
    } catch (IllegalArgumentException e) {
      return "UNKNOWN";
    }
  }
}
