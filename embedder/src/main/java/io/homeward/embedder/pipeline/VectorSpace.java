package io.homeward.embedder.pipeline;

import io.homeward.embedder.projection.FusedSpace;
import io.homeward.embedder.projection.Projection;
import java.util.Objects;
import java.util.Optional;

/**
 * The space a request's vectors are in: the embedding model's vectors through a projection, or,
 * when a fused space is configured, those joined with a second model's vectors. Its model id,
 * version and dimension are what a vector's model reference says.
 *
 * @param projection the projection of the primary model's vectors
 * @param fusion the fused space, when the vectors join a second model's
 */
public record VectorSpace(Projection projection, Optional<FusedSpace> fusion) {
  public VectorSpace {
    Objects.requireNonNull(projection, "projection");
    Objects.requireNonNull(fusion, "fusion");
  }

  /** What a request names to ask for this space: the fused space's id, else the projection's. */
  public String id() {
    return fusion.map(FusedSpace::id).orElse(projection.id());
  }

  /** The model id of the vectors' reference. */
  public String modelId() {
    return fusion.map(FusedSpace::id).orElse(projection.modelId());
  }

  /** The version of the vectors' reference. */
  public String version() {
    return fusion.map(FusedSpace::version).orElse(projection.vectorVersion());
  }

  public int dimension() {
    return fusion.map(FusedSpace::dimension).orElse(projection.outputDimension());
  }

  /** Whether the second model's vectors are needed. */
  public boolean fused() {
    return fusion.isPresent();
  }

  @Override
  public String toString() {
    return modelId() + "@" + version();
  }
}
