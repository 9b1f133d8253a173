package io.homeward.embedder.pipeline;

import io.homeward.embedder.image.ImageLimits;
import io.homeward.embedder.inference.GraphOptimization;
import io.homeward.embedder.inference.InferenceDevice;
import io.homeward.embedder.projection.ProjectionPolicy;
import io.homeward.models.DefaultModels;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How the engine is built.
 *
 * @param modelsDir folder of the weight files
 * @param detector manifest location of the detector ({@code classpath:...} or a file)
 * @param landmarks manifest location of the landmark model
 * @param embedding manifest location of the embedding model
 * @param device where models run
 * @param detectorOptimization ONNX Runtime graph optimisation for the detector
 * @param landmarkOptimization the same for the landmark model
 * @param embeddingOptimization the same for the embedding model
 * @param workers worker threads, each with its own single-threaded predictors
 * @param queueCapacity requests waiting beyond the workers before new ones are refused with
 *     OVERLOADED
 * @param maxJobsPerBatch requests a worker takes at once, so their faces share model calls where
 *     the model accepts batches
 * @param maxFaces most faces handled in one photo, largest first
 * @param flipAveraging average each face's vector with its mirror image's
 * @param secondPass look again, in the ways old scanned prints need, at a photo in which the first
 *     detection finds no face (see {@code SecondPass})
 * @param projection the post-processing applied to every vector (its id becomes part of the
 *     vector's version) and whether research-only parameters may load
 * @param imageLimits decoding limits
 * @param quality the quality gate
 * @param age manifest location of the age model, or empty for no age estimates
 * @param fusion the fused vector space served instead of the projection's ({@code classpath:...} or
 *     a file; see {@code FusedSpace}): a second embedding model runs beside the first and every
 *     vector joins both; empty for the projected vectors of the one model. Its primary member must
 *     be this engine's embedding model and projection.
 */
public record EngineSettings(
    Path modelsDir,
    String detector,
    String landmarks,
    String embedding,
    InferenceDevice device,
    GraphOptimization detectorOptimization,
    GraphOptimization landmarkOptimization,
    GraphOptimization embeddingOptimization,
    int workers,
    int queueCapacity,
    int maxJobsPerBatch,
    int maxFaces,
    boolean flipAveraging,
    boolean secondPass,
    ProjectionPolicy projection,
    ImageLimits imageLimits,
    QualitySettings quality,
    Optional<String> age,
    Optional<String> fusion) {

  public EngineSettings {
    Objects.requireNonNull(modelsDir);
    Objects.requireNonNull(detector);
    Objects.requireNonNull(landmarks);
    Objects.requireNonNull(embedding);
    Objects.requireNonNull(device);
    Objects.requireNonNull(detectorOptimization);
    Objects.requireNonNull(landmarkOptimization);
    Objects.requireNonNull(embeddingOptimization);
    Objects.requireNonNull(projection);
    Objects.requireNonNull(imageLimits);
    Objects.requireNonNull(quality);
    Objects.requireNonNull(age);
    Objects.requireNonNull(fusion);
    if (workers < 1 || queueCapacity < 1 || maxJobsPerBatch < 1 || maxFaces < 1) {
      throw new IllegalArgumentException("workers, queue capacity and batch size must be positive");
    }
  }

  /**
   * The fused space served by default: the default model through the bundled projection, fused with
   * dlib's ResNet, fitted on LAG train identities (research terms, like the projection).
   */
  public static final String FUSION_BUNDLED =
      "classpath:homeward/fusions/fused-mfn-dlib@lag-fit-lag-agewccn-v1.json";

  /** The default chain on CPU, one worker per core. */
  public static EngineSettings defaults(Path modelsDir) {
    return builder(modelsDir).build();
  }

  /** A builder holding the defaults, for the weights in {@code modelsDir}. */
  public static Builder builder(Path modelsDir) {
    return new Builder(modelsDir);
  }

  /** A builder holding these settings. */
  public Builder toBuilder() {
    Builder b = new Builder(modelsDir);
    b.detector = detector;
    b.landmarks = landmarks;
    b.embedding = embedding;
    b.device = device;
    b.detectorOptimization = detectorOptimization;
    b.landmarkOptimization = landmarkOptimization;
    b.embeddingOptimization = embeddingOptimization;
    b.workers = workers;
    b.queueCapacity = queueCapacity;
    b.maxJobsPerBatch = maxJobsPerBatch;
    b.maxFaces = maxFaces;
    b.flipAveraging = flipAveraging;
    b.secondPass = secondPass;
    b.projection = projection;
    b.imageLimits = imageLimits;
    b.quality = quality;
    b.age = age;
    b.fusion = fusion;
    return b;
  }

  public EngineSettings withWorkers(int n) {
    return toBuilder().workers(n).build();
  }

  public EngineSettings withFlipAveraging(boolean on) {
    return toBuilder().flipAveraging(on).build();
  }

  public EngineSettings withProjection(ProjectionPolicy p) {
    return toBuilder().projection(p).build();
  }

  /** These settings serving the projected vectors of the one embedding model, no fused space. */
  public EngineSettings withoutFusion() {
    return toBuilder().fusion(Optional.empty()).build();
  }

  public EngineSettings withEmbedding(String manifest) {
    return toBuilder().manifests(detector, landmarks, manifest).build();
  }

  /** Mutable until {@link #build()}, which validates. */
  public static final class Builder {
    private final Path modelsDir;
    private String detector = DefaultModels.DETECTOR;
    private String landmarks = DefaultModels.LANDMARKS;
    private String embedding = DefaultModels.EMBEDDING_FP32;
    private InferenceDevice device = InferenceDevice.CPU;
    // Measured with `homeward bench` on the default chain: see GraphOptimization.
    private GraphOptimization detectorOptimization = GraphOptimization.ALL;
    private GraphOptimization landmarkOptimization = GraphOptimization.ALL;
    private GraphOptimization embeddingOptimization = GraphOptimization.ALL;
    private int workers = Runtime.getRuntime().availableProcessors();
    private int queueCapacity = 64;
    private int maxJobsPerBatch = 8;
    private int maxFaces = 20;
    private boolean flipAveraging = true;
    private boolean secondPass = true;
    private ProjectionPolicy projection = ProjectionPolicy.defaults();
    private ImageLimits imageLimits = ImageLimits.defaults();
    private QualitySettings quality = QualitySettings.defaults();
    private Optional<String> age = Optional.empty();
    private Optional<String> fusion = Optional.of(FUSION_BUNDLED);

    private Builder(Path modelsDir) {
      this.modelsDir = modelsDir;
    }

    public Builder manifests(String detector, String landmarks, String embedding) {
      this.detector = detector;
      this.landmarks = landmarks;
      this.embedding = embedding;
      return this;
    }

    public Builder device(InferenceDevice device) {
      this.device = device;
      return this;
    }

    public Builder graphOptimization(
        GraphOptimization detector, GraphOptimization landmarks, GraphOptimization embedding) {
      this.detectorOptimization = detector;
      this.landmarkOptimization = landmarks;
      this.embeddingOptimization = embedding;
      return this;
    }

    public Builder workers(int workers) {
      this.workers = workers;
      return this;
    }

    public Builder queueCapacity(int queueCapacity) {
      this.queueCapacity = queueCapacity;
      return this;
    }

    public Builder maxJobsPerBatch(int maxJobsPerBatch) {
      this.maxJobsPerBatch = maxJobsPerBatch;
      return this;
    }

    public Builder maxFaces(int maxFaces) {
      this.maxFaces = maxFaces;
      return this;
    }

    public Builder flipAveraging(boolean flipAveraging) {
      this.flipAveraging = flipAveraging;
      return this;
    }

    /** Whether a photo with no face found gets the second detection pass (on by default). */
    public Builder secondPass(boolean secondPass) {
      this.secondPass = secondPass;
      return this;
    }

    public Builder projection(ProjectionPolicy projection) {
      this.projection = projection;
      return this;
    }

    public Builder imageLimits(ImageLimits imageLimits) {
      this.imageLimits = imageLimits;
      return this;
    }

    public Builder quality(QualitySettings quality) {
      this.quality = quality;
      return this;
    }

    /** The age model's manifest location; empty turns age estimation off (the default). */
    public Builder age(Optional<String> age) {
      this.age = age;
      return this;
    }

    /**
     * The fused space's file; empty serves the projected vectors of the one embedding model. The
     * default is the bundled fused space of the default model, its bundled projection and dlib's
     * ResNet.
     */
    public Builder fusion(Optional<String> fusion) {
      this.fusion = fusion;
      return this;
    }

    /**
     * @throws IllegalArgumentException or NullPointerException for settings that cannot work
     */
    public EngineSettings build() {
      return new EngineSettings(
          modelsDir,
          detector,
          landmarks,
          embedding,
          device,
          detectorOptimization,
          landmarkOptimization,
          embeddingOptimization,
          workers,
          queueCapacity,
          maxJobsPerBatch,
          maxFaces,
          flipAveraging,
          secondPass,
          projection,
          imageLimits,
          quality,
          age,
          fusion);
    }
  }
}
