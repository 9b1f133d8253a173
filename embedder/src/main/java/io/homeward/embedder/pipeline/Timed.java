package io.homeward.embedder.pipeline;

/** A result with the time each stage took to make it. */
public record Timed<T>(T value, StageTimings timings) {}
