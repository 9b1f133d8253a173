package io.homeward.embedder.domain;

import java.util.List;

/** The faces found in one image, largest first, with their quality. */
public record DetectResult(ImageInfo image, List<DetectedFace> faces) {
  public DetectResult {
    faces = List.copyOf(faces);
  }
}
