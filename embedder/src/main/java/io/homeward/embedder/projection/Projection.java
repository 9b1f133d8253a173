package io.homeward.embedder.projection;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A versioned, per-model linear post-processing of face vectors: {@code normalise(M x)} for an
 * L2-normalised model vector {@code x}. Vectors made with different projections live in different
 * vector spaces, like vectors of different models, so the projection's id becomes part of the
 * vector's version ({@link #vectorVersion()}). Immutable and thread-safe; validated when built.
 */
public final class Projection {
  /** Ids are short, lower-case, and safe in versions, file names and collection names. */
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9.-]{0,39}");

  /**
   * Joins the model version and the projection id in a vector version. Not '+': the search
   * service's names allow only letters, digits, '.', '_' and '-'.
   */
  public static final String VERSION_SEPARATOR = "_";

  public static final String IDENTITY_ID = "identity";

  private final String id;
  private final String modelId;
  private final String modelVersion;
  private final ProjectionKind kind;
  private final int inputDimension;
  private final int outputDimension;
  private final float[] matrix;
  private final Provenance provenance;

  private Projection(
      String id,
      String modelId,
      String modelVersion,
      ProjectionKind kind,
      int inputDimension,
      int outputDimension,
      float[] matrix,
      Provenance provenance) {
    this.id = id;
    this.modelId = modelId;
    this.modelVersion = modelVersion;
    this.kind = kind;
    this.inputDimension = inputDimension;
    this.outputDimension = outputDimension;
    this.matrix = matrix;
    this.provenance = provenance;
  }

  /** The model's own space, unchanged. */
  public static Projection identity(String modelId, String modelVersion, int dimension) {
    return builder()
        .id(IDENTITY_ID)
        .model(modelId, modelVersion)
        .kind(ProjectionKind.IDENTITY)
        .dimensions(dimension, dimension)
        .provenance(Provenance.none())
        .build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public String id() {
    return id;
  }

  public String modelId() {
    return modelId;
  }

  public String modelVersion() {
    return modelVersion;
  }

  public ProjectionKind kind() {
    return kind;
  }

  public int inputDimension() {
    return inputDimension;
  }

  public int outputDimension() {
    return outputDimension;
  }

  public Provenance provenance() {
    return provenance;
  }

  public boolean isIdentity() {
    return matrix == null;
  }

  /**
   * The version of the vectors this projection makes: the model's version, plus {@code _<projection
   * id>} unless it is the identity (whose vectors are the model's own).
   */
  public String vectorVersion() {
    return isIdentity() ? modelVersion : modelVersion + VERSION_SEPARATOR + id;
  }

  /** The matrix, row-major {@code outputDimension x inputDimension}; a copy (null: identity). */
  float[] copyMatrix() {
    return matrix == null ? null : matrix.clone();
  }

  /**
   * A new L2-normalised vector: the projection of {@code vector}.
   *
   * @throws IllegalArgumentException when the dimension differs, or the result is zero or not
   *     finite (a vector lying in the removed directions only)
   */
  public float[] apply(float[] vector) {
    if (vector.length != inputDimension) {
      throw new IllegalArgumentException(
          "vector has dimension "
              + vector.length
              + ", projection "
              + id
              + " takes "
              + inputDimension);
    }
    float[] out;
    if (matrix == null) {
      out = vector.clone();
    } else {
      out = new float[outputDimension];
      for (int r = 0; r < outputDimension; r++) {
        int offset = r * inputDimension;
        double s = 0;
        for (int c = 0; c < inputDimension; c++) {
          s += matrix[offset + c] * vector[c];
        }
        out[r] = (float) s;
      }
    }
    double sq = 0;
    for (float x : out) {
      sq += x * x;
    }
    if (!(sq > 0) || Double.isInfinite(sq)) {
      throw new IllegalArgumentException("projection " + id + " made a zero or non-finite vector");
    }
    float inv = (float) (1 / Math.sqrt(sq));
    for (int i = 0; i < out.length; i++) {
      out[i] *= inv;
    }
    return out;
  }

  /**
   * Checks that this projection belongs to the given embedding model.
   *
   * @throws IllegalArgumentException naming both when it does not
   */
  public void checkModel(String id, String version, int dimension) {
    if (!modelId.equals(id) || !modelVersion.equals(version) || inputDimension != dimension) {
      throw new IllegalArgumentException(
          "projection "
              + this.id
              + " was fitted for "
              + modelId
              + "@"
              + modelVersion
              + " ("
              + inputDimension
              + "-d), not "
              + id
              + "@"
              + version
              + " ("
              + dimension
              + "-d)");
    }
  }

  @Override
  public String toString() {
    return "Projection["
        + id
        + " "
        + kind.fileName()
        + " "
        + inputDimension
        + "->"
        + outputDimension
        + " for "
        + modelId
        + "@"
        + modelVersion
        + (provenance.researchOnly() ? ", research-only" : "")
        + "]";
  }

  /** Mutable until {@link #build()}, which validates. */
  public static final class Builder {
    private String id;
    private String modelId;
    private String modelVersion;
    private ProjectionKind kind;
    private int inputDimension;
    private int outputDimension;
    private float[] matrix;
    private Provenance provenance;

    private Builder() {}

    public Builder id(String id) {
      this.id = id;
      return this;
    }

    public Builder model(String modelId, String modelVersion) {
      this.modelId = modelId;
      this.modelVersion = modelVersion;
      return this;
    }

    public Builder kind(ProjectionKind kind) {
      this.kind = kind;
      return this;
    }

    public Builder dimensions(int input, int output) {
      this.inputDimension = input;
      this.outputDimension = output;
      return this;
    }

    /** Row-major {@code output x input}; copied. Not set for the identity. */
    public Builder matrix(float[] matrix) {
      this.matrix = matrix == null ? null : matrix.clone();
      return this;
    }

    public Builder provenance(Provenance provenance) {
      this.provenance = provenance;
      return this;
    }

    /**
     * @throws IllegalArgumentException or NullPointerException for parameters that cannot work: a
     *     bad id, dimensions that do not match the matrix, numbers that are not finite, a matrix on
     *     the identity or none on another kind
     */
    public Projection build() {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(modelId, "modelId");
      Objects.requireNonNull(modelVersion, "modelVersion");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(provenance, "provenance");
      if (!ID.matcher(id).matches()) {
        throw new IllegalArgumentException(
            "projection id '" + id + "' must be lower-case letters, digits, '.' or '-'");
      }
      if (inputDimension < 1 || outputDimension < 1 || outputDimension > inputDimension) {
        throw new IllegalArgumentException(
            "projection dimensions " + inputDimension + "->" + outputDimension + " are invalid");
      }
      if (kind == ProjectionKind.IDENTITY) {
        if (matrix != null || outputDimension != inputDimension || !IDENTITY_ID.equals(id)) {
          throw new IllegalArgumentException(
              "the identity projection has id 'identity', no matrix and equal dimensions");
        }
      } else {
        if (IDENTITY_ID.equals(id)) {
          throw new IllegalArgumentException("id 'identity' is reserved for the identity");
        }
        if (matrix == null || matrix.length != inputDimension * outputDimension) {
          throw new IllegalArgumentException(
              "projection "
                  + id
                  + " needs a "
                  + outputDimension
                  + " x "
                  + inputDimension
                  + " matrix, has "
                  + (matrix == null ? "none" : matrix.length + " numbers"));
        }
        double sum = 0;
        for (float x : matrix) {
          if (!Float.isFinite(x)) {
            throw new IllegalArgumentException("projection " + id + " holds a non-finite number");
          }
          sum += Math.abs(x);
        }
        if (sum == 0) {
          throw new IllegalArgumentException("projection " + id + " is all zeros");
        }
      }
      return new Projection(
          id, modelId, modelVersion, kind, inputDimension, outputDimension, matrix, provenance);
    }
  }
}
