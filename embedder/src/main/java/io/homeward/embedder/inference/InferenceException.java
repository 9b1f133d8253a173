package io.homeward.embedder.inference;

/** A model failed while running. Internal: callers translate it into a safe error. */
public final class InferenceException extends RuntimeException {
  public InferenceException(String message, Throwable cause) {
    super(message, cause);
  }
}
