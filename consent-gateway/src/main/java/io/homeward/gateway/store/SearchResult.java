package io.homeward.gateway.store;

import io.homeward.gateway.domain.Band;
import java.time.Instant;

/**
 * One candidate a case search showed, as stored under the random id returned with it (so that it
 * can be referred to the examiners). Ids and figures only.
 *
 * @param id the random id the client holds
 * @param caseId the searched case
 * @param organisation the organisation of the person who searched
 * @param searchedBy that person
 * @param probePhotoId the searched case's photo the pair is made with
 * @param probeFaceId its face
 * @param candidateCaseId the candidate case
 * @param candidatePhotoId the candidate's matched photo
 * @param candidateFaceId its face
 * @param band the candidate's band
 * @param rawScore the best raw cosine
 * @param modelVersion the model the faces were compared with
 * @param shownAt when the search showed it
 * @param expiresAt when it can no longer be referred (and is deleted)
 */
public record SearchResult(
    String id,
    String caseId,
    String organisation,
    String searchedBy,
    String probePhotoId,
    long probeFaceId,
    String candidateCaseId,
    String candidatePhotoId,
    long candidateFaceId,
    Band band,
    float rawScore,
    String modelVersion,
    Instant shownAt,
    Instant expiresAt) {}
