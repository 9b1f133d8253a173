package io.homeward.gateway.client;

import io.homeward.gateway.domain.Band;
import java.util.List;

/**
 * A candidate case found by a case search, fused over the probe case's photos.
 *
 * @param caseRef the candidate case
 * @param rank 1-based rank
 * @param bestScore the best raw cosine of any photo pair
 * @param calibratedScore the calibrated score (0-1)
 * @param band its band
 * @param faceIds the candidate case's faces that matched, best first
 * @param probeIndexes for each of those faces, the probe photo (0-based, in the request's order) it
 *     is the best match of
 * @param reasons why it ranks where it does (kinds of evidence)
 */
public record CaseMatch(
    String caseRef,
    int rank,
    float bestScore,
    float calibratedScore,
    Band band,
    List<Long> faceIds,
    List<Integer> probeIndexes,
    List<String> reasons) {}
