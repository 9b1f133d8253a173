package io.homeward.embedder.domain;

/** A point in image pixels. */
public record Point(float x, float y) {}
