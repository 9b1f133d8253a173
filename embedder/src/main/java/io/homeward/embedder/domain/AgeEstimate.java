package io.homeward.embedder.domain;

/** An estimated age at photo with a plausible range, and the model that made it. */
public record AgeEstimate(
    float years, float low, float high, String modelId, String modelVersion) {}
