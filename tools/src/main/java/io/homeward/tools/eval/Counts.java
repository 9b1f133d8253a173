package io.homeward.tools.eval;

/**
 * What went into a set of figures.
 *
 * @param probes probes given (in this group)
 * @param failedToEnrol probes without a vector: misses at every rank, no scores
 * @param absentFromGallery probes whose subject has no gallery photo: not in the CMC, impostor
 *     scores only
 * @param rankedProbes probes in the CMC denominator
 * @param gallery gallery photos given
 * @param galleryFailedToEnrol gallery photos without a vector (their subject still counts as
 *     present, so a probe whose only match failed is a miss, as it would be in the live system)
 * @param galleryIdentities distinct subjects in the gallery
 * @param genuinePairs probe-gallery scores of the same subject
 * @param impostorPairs probe-gallery scores of different subjects
 */
public record Counts(
    int probes,
    int failedToEnrol,
    int absentFromGallery,
    int rankedProbes,
    int gallery,
    int galleryFailedToEnrol,
    int galleryIdentities,
    long genuinePairs,
    long impostorPairs) {}
