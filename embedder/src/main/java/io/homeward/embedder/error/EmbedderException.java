package io.homeward.embedder.error;

import java.util.Objects;

/**
 * A refusal with a reason and a message that is safe to show a caller: it never holds image bytes,
 * paths, class names or native error text.
 */
public final class EmbedderException extends RuntimeException {
  private final Reason reason;

  public EmbedderException(Reason reason, String safeMessage) {
    super(safeMessage, null, false, false);
    this.reason = Objects.requireNonNull(reason);
  }

  public EmbedderException(Reason reason, String safeMessage, Throwable cause) {
    super(safeMessage, cause, false, true);
    this.reason = Objects.requireNonNull(reason);
  }

  public Reason reason() {
    return reason;
  }
}
