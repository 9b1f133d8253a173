package io.homeward.search.error;

import java.util.Objects;

/** A refusal with a reason and a message safe to show a caller (no vectors, ids or internals). */
public final class SearchException extends RuntimeException {
  private final Reason reason;

  public SearchException(Reason reason, String safeMessage) {
    super(safeMessage, null, false, false);
    this.reason = Objects.requireNonNull(reason);
  }

  public Reason reason() {
    return reason;
  }
}
