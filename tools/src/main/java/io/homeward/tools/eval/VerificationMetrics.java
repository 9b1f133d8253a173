package io.homeward.tools.eval;

/**
 * One-to-one verification figures from genuine (same subject) and impostor (different subject)
 * scores.
 *
 * @param rocFar false accept rates of the ROC samples ({@link Verification#ROC_FARS}: log-spaced
 *     from 1e-4 to 1)
 * @param rocTar true accept rate at each of {@code rocFar}
 */
public record VerificationMetrics(
    long genuinePairs,
    long impostorPairs,
    OperatingPoint tarAtFar1e2,
    OperatingPoint tarAtFar1e3,
    double auc,
    EqualErrorRate eer,
    ScoreSummary genuine,
    ScoreSummary impostor,
    double[] rocFar,
    double[] rocTar) {}
