package io.homeward.search.index;

/**
 * An existing collection or index does not have the shape this version expects: refuse to start.
 */
public final class IndexSchemaException extends RuntimeException {
  public IndexSchemaException(String message) {
    super(message);
  }
}
