package io.homeward.tools.eval;

/**
 * A verification operating point chosen for a target false accept rate.
 *
 * @param targetFar the false accept rate asked for
 * @param threshold accept a pair when its score is strictly greater than this
 * @param far the false accept rate actually reached at {@code threshold} (at most {@code
 *     targetFar}; lower when impostor scores tie at the threshold)
 * @param tar the true accept rate at {@code threshold}
 */
public record OperatingPoint(double targetFar, double threshold, double far, double tar) {}
