package io.homeward.search.domain;

/** A vector that cannot be searched: empty, non-finite, zero or not normalised. */
public final class InvalidVectorException extends IllegalArgumentException {
  public InvalidVectorException(String message) {
    super(message);
  }
}
