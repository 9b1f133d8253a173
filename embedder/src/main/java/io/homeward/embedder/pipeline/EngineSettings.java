package io.homeward.embedder.pipeline;

import io.homeward.embedder.image.ImageLimits;
import io.homeward.embedder.inference.GraphOptimization;
import io.homeward.embedder.inference.InferenceDevice;
import io.homeward.models.DefaultModels;
import java.nio.file.Path;
import java.util.Objects;

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
 * @param flipAveraging average each face's vector with its mirror image's
 * @param imageLimits decoding limits
 * @param quality the quality gate
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
    boolean flipAveraging,
    ImageLimits imageLimits,
    QualitySettings quality) {

  public EngineSettings {
    Objects.requireNonNull(modelsDir);
    Objects.requireNonNull(detector);
    Objects.requireNonNull(landmarks);
    Objects.requireNonNull(embedding);
    Objects.requireNonNull(device);
    Objects.requireNonNull(detectorOptimization);
    Objects.requireNonNull(landmarkOptimization);
    Objects.requireNonNull(embeddingOptimization);
    Objects.requireNonNull(imageLimits);
    Objects.requireNonNull(quality);
    if (workers < 1 || queueCapacity < 1 || maxJobsPerBatch < 1) {
      throw new IllegalArgumentException("workers, queue capacity and batch size must be positive");
    }
  }

  /** The default chain on CPU, one worker per core. */
  public static EngineSettings defaults(Path modelsDir) {
    return new EngineSettings(
        modelsDir,
        DefaultModels.DETECTOR,
        DefaultModels.LANDMARKS,
        DefaultModels.EMBEDDING,
        InferenceDevice.CPU,
        GraphOptimization.ALL,
        GraphOptimization.ALL,
        GraphOptimization.BASIC,
        Runtime.getRuntime().availableProcessors(),
        64,
        8,
        true,
        ImageLimits.defaults(),
        QualitySettings.defaults());
  }

  public EngineSettings withWorkers(int n) {
    return new EngineSettings(
        modelsDir,
        detector,
        landmarks,
        embedding,
        device,
        detectorOptimization,
        landmarkOptimization,
        embeddingOptimization,
        n,
        queueCapacity,
        maxJobsPerBatch,
        flipAveraging,
        imageLimits,
        quality);
  }

  public EngineSettings withFlipAveraging(boolean on) {
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
        on,
        imageLimits,
        quality);
  }

  public EngineSettings withQueueCapacity(int n) {
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
        n,
        maxJobsPerBatch,
        flipAveraging,
        imageLimits,
        quality);
  }
}
