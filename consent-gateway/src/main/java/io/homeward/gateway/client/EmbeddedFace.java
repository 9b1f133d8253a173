package io.homeward.gateway.client;

/**
 * One face the embedder found, with its vector. {@code toString} never shows the vector.
 *
 * @param vector the L2-normalised vector (sensitive: never log it)
 * @param modelId the vector space's model id
 * @param modelVersion the vector space's version
 * @param quality a 0-1 summary of the face's quality
 * @param estimatedAge the embedder's age estimate, or null when it has none
 */
public record EmbeddedFace(
    float[] vector, String modelId, String modelVersion, float quality, Float estimatedAge) {
  @Override
  public String toString() {
    return "EmbeddedFace[" + vector.length + "-d, " + modelId + "@" + modelVersion + "]";
  }
}
