package io.homeward.gateway.images;

/** A stored image could not be decoded for display. */
public final class UnrenderableImageException extends RuntimeException {
  public UnrenderableImageException(String message, Throwable cause) {
    super(message, cause);
  }
}
