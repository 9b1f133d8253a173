package io.homeward.gateway.domain;

import java.util.Objects;

/**
 * A vector space: the embedding model, its version (which names the projection too, as the embedder
 * reports it) and the dimension, with the projection id the embedder is asked for. Vectors of two
 * spaces are never compared.
 *
 * @param modelId the embedding model's id
 * @param modelVersion the vectors' version ({@code <model version>_<projection>}, or the model's
 *     own version for the identity projection)
 * @param projection the projection id the embedder applies ({@code identity}: none)
 * @param dimension the vectors' length
 */
public record SpaceRef(String modelId, String modelVersion, String projection, int dimension) {
  public SpaceRef {
    Objects.requireNonNull(modelId);
    Objects.requireNonNull(modelVersion);
    Objects.requireNonNull(projection);
  }

  /** {@code model@version}: the id the audit records and the pages show. */
  public String id() {
    return modelId + "@" + modelVersion;
  }

  /** Whether vectors of this model and version belong to the space. */
  public boolean holds(String vectorModelId, String vectorModelVersion) {
    return modelId.equals(vectorModelId) && modelVersion.equals(vectorModelVersion);
  }
}
