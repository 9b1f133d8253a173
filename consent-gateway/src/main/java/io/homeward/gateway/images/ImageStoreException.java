package io.homeward.gateway.images;

/**
 * The image store failed. The message is safe to log (no reference, path or key material); map it
 * to a response by {@link #reason()} and never show the message to a client.
 */
public final class ImageStoreException extends RuntimeException {
  /** Why the store failed. */
  public enum Reason {
    /** The image exceeds the configured size limit (a client error). */
    TOO_LARGE,
    /**
     * A stored file failed authentication: tampered, truncated, swapped between references, or
     * sealed with a key no longer in the keyset (an internal error worth an alert).
     */
    CORRUPT,
    /** The storage could not be read or written (unavailable). */
    IO,
    /** The key is missing, unreadable or invalid (fails start-up). */
    KEY
  }

  private final Reason reason;

  public ImageStoreException(Reason reason, String message) {
    this(reason, message, null);
  }

  public ImageStoreException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
