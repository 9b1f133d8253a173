package io.homeward.embedder.domain;

/** A face with its vector. */
public record EmbeddedFace(DetectedFace face, FaceVector vector) {}
