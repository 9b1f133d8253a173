package io.homeward.search.domain;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The space vectors live in: the embedding model and its post-processing, with the dimension.
 * Vectors of different spaces are never compared; each space has its own collection or index.
 *
 * @param modelId embedding model id
 * @param modelVersion model (and post-processing) version
 * @param dimension vector length
 */
public record VectorSpace(String modelId, String modelVersion, int dimension) {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  public VectorSpace {
    if (modelId == null || !NAME.matcher(modelId).matches()) {
      throw new IllegalArgumentException("model id is missing or malformed");
    }
    if (modelVersion == null || !NAME.matcher(modelVersion).matches()) {
      throw new IllegalArgumentException("model version is missing or malformed");
    }
    if (dimension < 2 || dimension > 4096) {
      throw new IllegalArgumentException("dimension must be in 2..4096");
    }
  }

  /** A name safe for collection and directory names: letters, digits and underscores. */
  public String storageName() {
    return ("faces_" + modelId + "_" + modelVersion + "_" + dimension)
        .replaceAll("[^A-Za-z0-9_]", "_");
  }

  public boolean sameModel(String id, String version) {
    return Objects.equals(modelId, id) && Objects.equals(modelVersion, version);
  }

  @Override
  public String toString() {
    return modelId + "@" + modelVersion + "/" + dimension;
  }
}
