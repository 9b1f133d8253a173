package io.homeward.tools.eval;

/**
 * One-to-many search figures over the probes whose subject is in the gallery.
 *
 * @param rankedProbes probes counted in the CMC (subject present in the gallery; failed-to-enrol
 *     ones included, as misses)
 * @param imageLevel rank of the first gallery photo of the probe's subject
 * @param identityLevel rank of the probe's subject when each gallery identity scores its best photo
 */
public record IdentificationMetrics(
    int rankedProbes, RankSummary imageLevel, RankSummary identityLevel) {}
