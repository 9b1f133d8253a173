package io.homeward.gateway.client;

/**
 * One face the embedder found, with its vector. {@code toString} never shows the vector.
 *
 * @param vector the L2-normalised vector (sensitive: never log it)
 * @param modelId the vector space's model id
 * @param modelVersion the vector space's version
 * @param quality a 0-1 summary of the face's quality
 * @param estimatedAge the embedder's age estimate, or null when it has none (the age stage is
 *     optional and off by default)
 * @param ageLow the low end of the range the estimate is believed to lie in, or null
 * @param ageHigh the high end of that range, or null
 * @param ageClass minor, adult or uncertain (all but {@link AgeClass#ADULT} is a minor's for
 *     display), or null when there is no estimate
 */
public record EmbeddedFace(
    float[] vector,
    String modelId,
    String modelVersion,
    float quality,
    Float estimatedAge,
    Float ageLow,
    Float ageHigh,
    AgeClass ageClass) {

  /** A face without an age estimate. */
  public EmbeddedFace(float[] vector, String modelId, String modelVersion, float quality) {
    this(vector, modelId, modelVersion, quality, null, null, null, null);
  }

  @Override
  public String toString() {
    return "EmbeddedFace[" + vector.length + "-d, " + modelId + "@" + modelVersion + "]";
  }
}
