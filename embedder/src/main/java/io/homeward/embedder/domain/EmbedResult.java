package io.homeward.embedder.domain;

import java.util.List;

/**
 * The faces of one image: those embedded, and those found but refused by the quality gate (no
 * vector).
 */
public record EmbedResult(ImageInfo image, List<EmbeddedFace> faces, List<DetectedFace> rejected) {
  public EmbedResult {
    faces = List.copyOf(faces);
    rejected = List.copyOf(rejected);
  }
}
