package io.homeward.search.ranking;

/**
 * One reason for a rank and its effect on the log-odds (0 for context only).
 *
 * @param kind what the evidence is
 * @param weight change in log-odds
 */
public record Evidence(EvidenceKind kind, float weight) {}
