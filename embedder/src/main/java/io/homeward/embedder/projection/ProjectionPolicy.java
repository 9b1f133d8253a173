package io.homeward.embedder.projection;

/**
 * Which projection a deployment runs, and whether it may run parameters fitted on research-only
 * data.
 *
 * @param location {@value #IDENTITY}, {@code classpath:...} or a file path
 * @param allowResearchOnly whether parameters whose provenance says research-only may load
 */
public record ProjectionPolicy(String location, boolean allowResearchOnly) {
  /** The location that means "no projection": the model's own vector space. */
  public static final String IDENTITY = "identity";

  /**
   * The bundled projection for the default model: fitted on LAG train identities (research terms),
   * so it loads only where research-only parameters are allowed.
   */
  public static final String BUNDLED =
      "classpath:homeward/projections/mobilefacenet-faceplugin@faceplugin-1.0.3.json";

  public ProjectionPolicy {
    if (location == null || location.isBlank()) {
      throw new IllegalArgumentException("a projection location is required (or 'identity')");
    }
  }

  /** The bundled projection, research-only parameters allowed (one machine, development, tests). */
  public static ProjectionPolicy defaults() {
    return new ProjectionPolicy(BUNDLED, true);
  }

  /** No projection. */
  public static ProjectionPolicy identity() {
    return new ProjectionPolicy(IDENTITY, false);
  }

  /**
   * The projection for an embedding model, read and checked: it must belong to the model, and
   * research-only parameters must be allowed.
   *
   * @throws IllegalStateException with a message saying what to change
   */
  public Projection load(String modelId, String modelVersion, int dimension) {
    if (IDENTITY.equals(location)) {
      return Projection.identity(modelId, modelVersion, dimension);
    }
    Projection p;
    try {
      p = ProjectionFile.read(location);
      p.checkModel(modelId, modelVersion, dimension);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    if (p.provenance().researchOnly() && !allowResearchOnly) {
      throw new IllegalStateException(
          "projection "
              + p.id()
              + " ("
              + location
              + ") was fitted on research-only data ("
              + p.provenance().dataset()
              + "; terms: "
              + p.provenance().terms()
              + ") and this deployment does not allow research-only parameters"
              + " (homeward.embedder.projection.allow-research-only=false). Refit it on data you"
              + " may use (`homeward fit-projection`) and set homeward.embedder.projection.location"
              + " to the new file, or set it to 'identity' (the model's own vectors: another vector"
              + " space, so re-embed).");
    }
    return p;
  }
}
