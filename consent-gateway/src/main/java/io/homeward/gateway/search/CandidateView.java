package io.homeward.gateway.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.homeward.gateway.domain.Band;
import io.homeward.gateway.domain.Display;
import java.util.List;

/**
 * What the requester sees of one candidate, as the API returns it (absent fields are left out).
 *
 * @param rank 1-based, among the candidates shown
 * @param caseId the candidate case
 * @param band its band, for everyone (rule 10)
 * @param score the calibrated score, only for roles that may see scores
 * @param rawScore the best raw cosine, likewise
 * @param reasons the kinds of evidence behind the rank
 * @param ageBand the age band at the matched photo
 * @param photoId the matched photo, unless only metadata may be shown
 * @param display how the candidate's image may be shown (rule 11)
 * @param location the found person's location, or "under review" (rule 13)
 * @param regionCode the region, only with the location
 * @param candidate a random id for this candidate of this search, to refer it to the examiners
 *     (absent when the candidate's photo cannot be paired)
 * @param referred whether the pair was already referred to the examiners
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CandidateView(
    int rank,
    String caseId,
    Band band,
    Float score,
    Float rawScore,
    List<String> reasons,
    String ageBand,
    String photoId,
    Display display,
    String location,
    String regionCode,
    String candidate,
    Boolean referred) {

  /** The view with its referral id and whether the pair was already referred. */
  CandidateView referable(String candidateId, boolean alreadyReferred) {
    return new CandidateView(
        rank,
        caseId,
        band,
        score,
        rawScore,
        reasons,
        ageBand,
        photoId,
        display,
        location,
        regionCode,
        candidateId,
        alreadyReferred);
  }
}
