package io.homeward.gateway.images;

/** No stored image under a reference. */
public final class ImageNotFoundException extends RuntimeException {
  public ImageNotFoundException(String message) {
    super(message);
  }
}
