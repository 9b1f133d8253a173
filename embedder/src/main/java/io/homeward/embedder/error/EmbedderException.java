package io.homeward.embedder.error;

import io.homeward.embedder.domain.DetectedFace;
import io.homeward.embedder.domain.ImageInfo;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A refusal with a reason and a message that is safe to show a caller: it never holds image bytes,
 * paths, class names or native error text.
 */
public final class EmbedderException extends RuntimeException {
  private final Reason reason;
  private final ImageInfo image;
  private final List<DetectedFace> faces;

  public EmbedderException(Reason reason, String safeMessage) {
    this(reason, safeMessage, null, List.of());
  }

  /**
   * A refusal for the faces in an image, with the image's size and the faces found and refused, so
   * that the caller can show a person where they are and why they were refused.
   */
  public EmbedderException(
      Reason reason, String safeMessage, ImageInfo image, List<DetectedFace> faces) {
    super(safeMessage, null, false, false);
    this.reason = Objects.requireNonNull(reason);
    this.image = image;
    this.faces = List.copyOf(faces);
  }

  public EmbedderException(Reason reason, String safeMessage, Throwable cause) {
    super(safeMessage, cause, false, true);
    this.reason = Objects.requireNonNull(reason);
    this.image = null;
    this.faces = List.of();
  }

  public Reason reason() {
    return reason;
  }

  /** The image the refused faces are in, when the refusal is about its faces. */
  public Optional<ImageInfo> image() {
    return Optional.ofNullable(image);
  }

  /** The faces found and refused (empty when none was found or the refusal is not about faces). */
  public List<DetectedFace> faces() {
    return faces;
  }
}
