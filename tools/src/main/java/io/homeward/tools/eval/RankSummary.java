package io.homeward.tools.eval;

/**
 * Closed-set identification accuracy at one level (image or identity).
 *
 * @param rank1 fraction of ranked probes whose first correct match is at rank 1 (likewise rank 5,
 *     10, 20)
 * @param cmc cumulative match characteristic: {@code cmc[k-1]} is the fraction found at rank k or
 *     better, for k = 1 to min(100, number of candidates); NaN-free, empty when nothing was ranked
 */
public record RankSummary(double rank1, double rank5, double rank10, double rank20, double[] cmc) {}
