package io.homeward.gateway.db;

/** The database failed; the request fails without a partial write. */
public final class DatabaseException extends RuntimeException {
  public DatabaseException(String message, Throwable cause) {
    super(message, cause);
  }
}
