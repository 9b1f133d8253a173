package io.homeward.tools.eval;

/**
 * The equal error rate: where the false accept rate equals the false reject rate, linearly
 * interpolated between the two neighbouring thresholds of the empirical ROC, with the threshold
 * interpolated the same way.
 */
public record EqualErrorRate(double rate, double threshold) {}
