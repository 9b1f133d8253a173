package io.homeward.embedder.projection;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Two embedding models in one vector space, so that one cosine search scores both: the fused vector
 * is the concatenation {@code [sqrt(w) p, sqrt(1 - w) s']}, where {@code p} is the primary model's
 * vector after its projection (L2-normalised) and {@code s' = normalise(s - centre)} the secondary
 * model's L2-normalised vector with its mean over training photos removed. Both halves have unit
 * length, so the fused vector does too, and its cosine with another fused vector is {@code w cos(p)
 * + (1 - w) cos(s')}: a weighted average of the two models' cosines, each on its own normalised
 * scale. The centring is the per-model normalisation: a model whose cosines sit in a narrow band
 * (dlib's ResNet: about 0.85 to 0.91 between any two faces) shares one large direction among all
 * its vectors, and removing it spreads them. Immutable.
 */
public final class FusedSpace {
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9.-]{0,39}");

  /** One member model: its vector space and its share of the fused cosine. */
  public record Member(
      String manifest, String modelId, String modelVersion, String vectorVersion, int dimension) {
    public Member {
      Objects.requireNonNull(manifest, "manifest");
      Objects.requireNonNull(modelId, "modelId");
      Objects.requireNonNull(modelVersion, "modelVersion");
      Objects.requireNonNull(vectorVersion, "vectorVersion");
      if (dimension < 2 || dimension > 4096) {
        throw new IllegalArgumentException("a member's dimension must be in 2..4096");
      }
    }
  }

  private final String id;
  private final String version;
  private final Member primary;
  private final Member secondary;
  private final double primaryWeight;
  private final float[] centre;
  private final Provenance provenance;
  private final float primaryScale;
  private final float secondaryScale;

  /**
   * @param id the fused space's model id (what a vector's model ref names)
   * @param version its vector version
   * @param primary the model whose projected vectors make the first part
   * @param secondary the model whose centred vectors make the second part
   * @param primaryWeight {@code w}, the primary model's share of the fused cosine, in (0, 1)
   * @param centre the secondary model's mean vector, removed before normalising
   * @param provenance where {@code w} and the centre were fitted
   */
  public FusedSpace(
      String id,
      String version,
      Member primary,
      Member secondary,
      double primaryWeight,
      float[] centre,
      Provenance provenance) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException("fused space id is missing or malformed");
    }
    if (version == null || !ID.matcher(version).matches()) {
      throw new IllegalArgumentException("fused space version is missing or malformed");
    }
    this.id = id;
    this.version = version;
    this.primary = Objects.requireNonNull(primary, "primary");
    this.secondary = Objects.requireNonNull(secondary, "secondary");
    if (!(primaryWeight > 0 && primaryWeight < 1)) {
      throw new IllegalArgumentException("the primary weight must lie strictly between 0 and 1");
    }
    this.primaryWeight = primaryWeight;
    if (centre == null || centre.length != secondary.dimension()) {
      throw new IllegalArgumentException(
          "the centre must have the secondary model's dimension " + secondary.dimension());
    }
    for (float c : centre) {
      if (!Float.isFinite(c)) {
        throw new IllegalArgumentException("the centre holds a value that is not finite");
      }
    }
    this.centre = centre.clone();
    this.provenance = Objects.requireNonNull(provenance, "provenance");
    this.primaryScale = (float) Math.sqrt(primaryWeight);
    this.secondaryScale = (float) Math.sqrt(1 - primaryWeight);
  }

  public String id() {
    return id;
  }

  public String version() {
    return version;
  }

  public Member primary() {
    return primary;
  }

  public Member secondary() {
    return secondary;
  }

  public double primaryWeight() {
    return primaryWeight;
  }

  public float[] copyCentre() {
    return centre.clone();
  }

  public Provenance provenance() {
    return provenance;
  }

  public int dimension() {
    return primary.dimension() + secondary.dimension();
  }

  /**
   * The fused vector of one face.
   *
   * @param primaryVector the primary model's vector in its projected space (L2-normalised)
   * @param secondaryVector the secondary model's L2-normalised vector, no projection
   * @throws IllegalArgumentException when a dimension differs, or the centred secondary vector is
   *     zero or not finite
   */
  public float[] fuse(float[] primaryVector, float[] secondaryVector) {
    if (primaryVector.length != primary.dimension()
        || secondaryVector.length != secondary.dimension()) {
      throw new IllegalArgumentException(
          "fused space "
              + id
              + " takes vectors of "
              + primary.dimension()
              + " and "
              + secondary.dimension()
              + " dimensions");
    }
    float[] out = new float[dimension()];
    int p = primary.dimension();
    for (int i = 0; i < p; i++) {
      out[i] = primaryScale * primaryVector[i];
    }
    double sq = 0;
    for (int i = 0; i < secondaryVector.length; i++) {
      double d = secondaryVector[i] - centre[i];
      sq += d * d;
    }
    if (!(sq > 0) || Double.isInfinite(sq)) {
      throw new IllegalArgumentException(
          "fused space " + id + ": the centred secondary vector is zero or not finite");
    }
    float inv = (float) (secondaryScale / Math.sqrt(sq));
    for (int i = 0; i < secondaryVector.length; i++) {
      out[p + i] = (secondaryVector[i] - centre[i]) * inv;
    }
    return out;
  }

  /**
   * Checks that the engine's primary model and projection are the ones this space was fitted on.
   *
   * @throws IllegalArgumentException naming both when they are not
   */
  public void checkPrimary(String modelId, String vectorVersion, int dimension) {
    if (!primary.modelId().equals(modelId)
        || !primary.vectorVersion().equals(vectorVersion)
        || primary.dimension() != dimension) {
      throw new IllegalArgumentException(
          "fused space "
              + id
              + " was fitted on "
              + primary.modelId()
              + "@"
              + primary.vectorVersion()
              + " ("
              + primary.dimension()
              + " dimensions), not on "
              + modelId
              + "@"
              + vectorVersion
              + " ("
              + dimension
              + ")");
    }
  }

  /**
   * Checks that a loaded secondary model is the one this space was fitted on.
   *
   * @throws IllegalArgumentException naming both when it is not
   */
  public void checkSecondary(String modelId, String modelVersion, int dimension) {
    if (!secondary.modelId().equals(modelId)
        || !secondary.modelVersion().equals(modelVersion)
        || secondary.dimension() != dimension) {
      throw new IllegalArgumentException(
          "fused space "
              + id
              + " was fitted on "
              + secondary.modelId()
              + "@"
              + secondary.modelVersion()
              + ", not on "
              + modelId
              + "@"
              + modelVersion);
    }
  }

  @Override
  public String toString() {
    return "FusedSpace[" + id + "@" + version + ", w=" + primaryWeight + "]";
  }
}
