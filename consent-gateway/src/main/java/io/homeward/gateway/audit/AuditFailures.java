package io.homeward.gateway.audit;

import java.sql.SQLException;

/**
 * Turns a failure into an {@link AuditUnavailableException} whose cause chain keeps the exception
 * types, SQL states and stack traces but drops every message: drivers quote values (H2 prints the
 * offending value of a too-long column), and nothing from an audit entry may leak into logs.
 */
final class AuditFailures {
  private static final int MAX_DEPTH = 8;

  private AuditFailures() {}

  static AuditUnavailableException unavailable(String message, Throwable cause) {
    if (cause instanceof AuditUnavailableException already) {
      return already;
    }
    return new AuditUnavailableException(message, redact(cause, 0));
  }

  private static Throwable redact(Throwable t, int depth) {
    if (t == null || depth >= MAX_DEPTH) {
      return null;
    }
    String what = t.getClass().getName();
    if (t instanceof SQLException sql) {
      what += " (SQLState " + sql.getSQLState() + ", vendor code " + sql.getErrorCode() + ")";
    }
    Throwable cause = t.getCause() == t ? null : redact(t.getCause(), depth + 1);
    var redacted = new RedactedCause(what, cause);
    redacted.setStackTrace(t.getStackTrace());
    return redacted;
  }

  /** A failure with its message removed (see the class comment). */
  static final class RedactedCause extends Exception {
    RedactedCause(String what, Throwable cause) {
      super(what + " [message withheld from the audit path]", cause);
    }
  }
}
