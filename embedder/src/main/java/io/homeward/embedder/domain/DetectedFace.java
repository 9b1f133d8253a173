package io.homeward.embedder.domain;

import java.util.Optional;

/** One face found in an image. */
public record DetectedFace(
    FaceBox box, Landmarks landmarks, FaceQuality quality, Optional<AgeEstimate> age) {}
