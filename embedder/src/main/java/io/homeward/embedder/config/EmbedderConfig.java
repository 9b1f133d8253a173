package io.homeward.embedder.config;

import io.homeward.embedder.pipeline.EngineSettings;
import io.homeward.embedder.projection.ProjectionPolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** The embedder's configuration, under {@code homeward.embedder}. */
@ConfigMapping(prefix = "homeward.embedder")
public interface EmbedderConfig {
  /** The models to run. */
  Models models();

  /**
   * Where models run: {@code cpu}, {@code gpu} or {@code gpu:N} (needs the {@code gpu} Maven
   * profile).
   */
  @WithDefault("cpu")
  String device();

  /** ONNX Runtime graph optimisation per model: none, basic, extended or all. */
  GraphOptimizationLevels graphOptimization();

  /** Worker threads, each with its own single-threaded predictors; default one per core. */
  Optional<Integer> workers();

  /** Requests waiting for a worker before new ones are refused with RESOURCE_EXHAUSTED. */
  @WithDefault("64")
  int queueCapacity();

  /** Waiting requests a worker takes at once so that their faces share model calls. */
  @WithDefault("8")
  int maxJobsPerBatch();

  /** Most faces handled in one photo, largest first: a crowd must not cost hundreds of calls. */
  @WithDefault("20")
  int maxFaces();

  /**
   * Average each face's vector with its mirror image's (measured better on LAG; see the README).
   */
  @WithDefault("true")
  boolean flipAveraging();

  /**
   * Look again at a photo in which the first detection finds no face: with a margin, after contrast
   * equalisation, in parts of a large scan, and turned by quarters; every face it finds is
   * confirmed by the landmark model and a second detection (old scanned prints of children; see the
   * README).
   */
  @WithDefault("true")
  boolean secondPass();

  /** The post-processing every vector goes through; changing it means a new vector space. */
  Projection projection();

  Fusion fusion();

  /** Decoding limits. */
  Image image();

  /** The quality gate. */
  Quality quality();

  /** Age estimation, the fallback for photos without dates of birth and of the photo. */
  Age age();

  /**
   * The age stage. Off by default: it needs a converted model (made once by {@code
   * models/convert-age-models.sh}, not by the default build) and its figures (README, {@code
   * homeward age-eval}) must be judged first.
   */
  interface Age {
    /**
     * Estimate each face's age (years, plausible range, minor/adult/uncertain). When on, a missing
     * or altered age model stops start-up like any other model.
     */
    @WithDefault("false")
    boolean enabled();

    /** Age model manifest: {@code classpath:...} or a file path. */
    @WithDefault("classpath:homeward/models/age/hse-faceres-age.json")
    String model();
  }

  /** Model manifests and weights. */
  interface Models {
    /** Folder of the verified weight files (filled by {@code models/fetch-weights.sh}). */
    @WithDefault("${user.home}/.cache/homeward/models")
    String dir();

    /** Detector manifest: {@code classpath:...} or a file path. */
    @WithDefault("classpath:homeward/models/faceplugin-rfb320-detector.json")
    String detector();

    /** Landmark model manifest. */
    @WithDefault("classpath:homeward/models/faceplugin-landmarks68.json")
    String landmarks();

    /**
     * Embedding model manifest; changing it means a new vector space, except between the published
     * MobileFaceNet ({@code faceplugin-mobilefacenet.json}) and the default derived from it (a
     * dynamic batch, denormal weights flushed: the same vectors). {@code
     * classpath:homeward/models/faceplugin-mobilefacenet-int8.json} is its int8 quantisation, about
     * three times faster and its own space ({@code faceplugin-1.0.3-int8}).
     */
    @WithDefault("classpath:homeward/models/faceplugin-mobilefacenet-fp32.json")
    String embedding();
  }

  /**
   * Graph optimisation per model. The defaults are the fastest measured on 2-core x86-64 machines
   * with the default chain ({@code homeward bench}); a new model or CPU may want others.
   */
  interface GraphOptimizationLevels {
    /** For the detector. */
    @WithDefault("all")
    String detector();

    /** For the landmark model. */
    @WithDefault("all")
    String landmarks();

    /**
     * For the embedding model. The published MobileFaceNet ran four times slower with {@code all}
     * than with {@code basic}, because of its denormal weights; the derived default has none, and
     * its int8 variant needs {@code all} (its int8 kernels).
     */
    @WithDefault("all")
    String embedding();
  }

  /**
   * The projection applied to every vector after the model (see {@code fit-projection}). Its id is
   * part of the version of the vectors the embedder returns, so the search service keeps them in
   * their own vector space.
   */
  interface Projection {
    /**
     * {@code identity} (the model's own vectors), {@code classpath:...} or a file written by {@code
     * homeward fit-projection}. The default is the bundled projection for the default model, fitted
     * on LAG train identities (research terms: academic, non-commercial).
     */
    @WithDefault(ProjectionPolicy.BUNDLED)
    String location();

    /**
     * Whether parameters fitted on research-only data may load. True for one machine, development
     * and tests; a deployment that needs other terms sets false, and start-up then fails on a
     * research-only file with a message saying how to refit on its own data or choose {@code
     * identity} (never a silent fallback: that would change the vector space).
     */
    @WithDefault("true")
    boolean allowResearchOnly();
  }

  /**
   * The fused vector space: a second embedding model runs beside the first and every vector joins
   * both (see {@code FusedSpace}); its id and version are the vectors' model reference, so the
   * search service keeps them in their own space.
   */
  interface Fusion {
    /** The value that serves the projected vectors of the one model, no fused space. */
    String NONE = "none";

    /**
     * {@value #NONE}, {@code classpath:...} or a file written by {@code homeward eval --configs
     * fused}. The default is the bundled fused space of the default model through the bundled
     * projection and dlib's ResNet, fitted on LAG train identities (research terms, like the
     * projection: it loads only where research-only parameters are allowed). It must have been
     * fitted on the configured model and projection: start-up fails otherwise.
     */
    @WithDefault(EngineSettings.FUSION_BUNDLED)
    String location();
  }

  /** Limits checked before a full decode. */
  interface Image {
    /** Largest encoded image in bytes. */
    @WithDefault("20971520")
    long maxBytes();

    /** Largest width in pixels. */
    @WithDefault("12000")
    int maxWidth();

    /** Largest height in pixels. */
    @WithDefault("12000")
    int maxHeight();

    /** Largest width x height. */
    @WithDefault("50000000")
    long maxPixels();

    /** Smallest width or height. */
    @WithDefault("32")
    int minSide();
  }

  /** Thresholds of the quality gate. */
  interface Quality {
    /** Smallest face box side in pixels. */
    @WithDefault("40")
    float minFaceSizePx();

    /** Lowest detector score. */
    @WithDefault("0.7")
    float minDetectorScore();

    /** Lowest variance of the Laplacian of the aligned grey face. */
    @WithDefault("20")
    float minSharpness();

    /** Largest absolute yaw in degrees. */
    @WithDefault("50")
    float maxYawDegrees();

    /** Largest absolute pitch in degrees. */
    @WithDefault("40")
    float maxPitchDegrees();

    /** Darkest acceptable mean grey level. */
    @WithDefault("35")
    float minBrightness();

    /** Brightest acceptable mean grey level. */
    @WithDefault("225")
    float maxBrightness();

    /** Lowest standard deviation of the grey level. */
    @WithDefault("14")
    float minContrast();

    /** Smallest fraction of the face box inside the image. */
    @WithDefault("0.75")
    float minVisibleFraction();
  }
}
