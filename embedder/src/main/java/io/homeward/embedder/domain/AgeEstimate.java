package io.homeward.embedder.domain;

import java.util.Objects;

/**
 * An estimated age at photo with a plausible range, and the model that made it. Metadata (dates of
 * birth and of the photo) comes first; this estimate is the fallback for photos without it.
 *
 * @param years the estimate
 * @param low lower end of the plausible range
 * @param high upper end of the plausible range
 * @param minorProbability the model's probability that the person is under 18, or {@code NaN} when
 *     the model gives no distribution
 * @param ageClass minor, adult or uncertain (uncertain is treated as a minor)
 * @param modelId the age model's id
 * @param modelVersion its version
 */
public record AgeEstimate(
    float years,
    float low,
    float high,
    float minorProbability,
    AgeClass ageClass,
    String modelId,
    String modelVersion) {
  public AgeEstimate {
    Objects.requireNonNull(ageClass, "ageClass");
    if (!(low <= years && years <= high)) {
      throw new IllegalArgumentException("an age estimate must lie inside its range");
    }
  }
}
