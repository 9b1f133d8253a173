package io.homeward.models;

/**
 * A model cannot be used: its manifest is unreadable, or its weight file is missing or does not
 * match its checksum. Thrown at start-up, never at the first request; the message says which file
 * and how to fetch it.
 */
public final class ModelUnavailableException extends RuntimeException {
  public ModelUnavailableException(String message) {
    super(message);
  }

  public ModelUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
