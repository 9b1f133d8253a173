package io.homeward.search.index;

/**
 * The vector store cannot be reached or did not answer within its deadline. Safe to retry later.
 */
public final class IndexUnavailableException extends RuntimeException {
  public IndexUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
