package io.homeward.tools.eval;

/** Identification and verification figures for a set of probes (all of them, or one band). */
public record GroupMetrics(
    Counts counts,
    IdentificationMetrics identification,
    VerificationMetrics verification,
    ScoreHistogram histogram) {}
