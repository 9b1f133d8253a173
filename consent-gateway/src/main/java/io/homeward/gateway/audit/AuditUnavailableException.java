package io.homeward.gateway.audit;

/** The audit record could not be written; the request it belongs to must fail (rule 17). */
public final class AuditUnavailableException extends RuntimeException {
  public AuditUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
