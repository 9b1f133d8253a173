package io.homeward.embedder.config;

import io.homeward.embedder.image.ImageLimits;
import io.homeward.embedder.inference.GraphOptimization;
import io.homeward.embedder.inference.InferenceDevice;
import io.homeward.embedder.pipeline.EmbedderEngine;
import io.homeward.embedder.pipeline.EngineSettings;
import io.homeward.embedder.pipeline.QualitySettings;
import io.homeward.embedder.projection.Projection;
import io.homeward.embedder.projection.ProjectionPolicy;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Builds the engine once at start-up, so a missing or corrupt model stops the service before it
 * serves.
 */
public class EngineProducer {
  private static final System.Logger LOG = System.getLogger(EngineProducer.class.getName());

  @Produces
  @Singleton
  @Startup
  EmbedderEngine engine(EmbedderConfig config) {
    EmbedderEngine engine = EmbedderEngine.start(settings(config));
    Projection p = engine.projection();
    engine
        .space()
        .fusion()
        .ifPresent(
            f ->
                LOG.log(
                    System.Logger.Level.INFO,
                    "vectors are in the fused space {0}: {1} through projection {2} and {3}",
                    engine.space(),
                    engine.embeddingModel().ref(),
                    p.id(),
                    engine.secondEmbeddingModel().map(m -> m.ref()).orElse("?")));
    if (p.provenance().researchOnly()) {
      LOG.log(
          System.Logger.Level.WARNING,
          "vectors go through projection {0}, fitted on research-only data ({1}); a deployment"
              + " that needs other terms sets homeward.embedder.projection.allow-research-only=false"
              + " and refits on its own data",
          p.id(),
          p.provenance().dataset());
    } else {
      LOG.log(
          System.Logger.Level.INFO,
          "vectors go through projection {0} (version {1})",
          p.id(),
          p.vectorVersion());
    }
    return engine;
  }

  void close(@Disposes EmbedderEngine engine) {
    engine.close();
  }

  /** The engine settings a configuration describes. */
  public static EngineSettings settings(EmbedderConfig c) {
    EmbedderConfig.Image i = c.image();
    EmbedderConfig.Quality q = c.quality();
    return EngineSettings.builder(Path.of(c.models().dir()))
        .manifests(c.models().detector(), c.models().landmarks(), c.models().embedding())
        .device(InferenceDevice.parse(c.device()))
        .graphOptimization(
            GraphOptimization.parse(c.graphOptimization().detector()),
            GraphOptimization.parse(c.graphOptimization().landmarks()),
            GraphOptimization.parse(c.graphOptimization().embedding()))
        .workers(c.workers().orElse(Runtime.getRuntime().availableProcessors()))
        .queueCapacity(c.queueCapacity())
        .maxJobsPerBatch(c.maxJobsPerBatch())
        .maxFaces(c.maxFaces())
        .flipAveraging(c.flipAveraging())
        .secondPass(c.secondPass())
        .projection(
            new ProjectionPolicy(c.projection().location(), c.projection().allowResearchOnly()))
        .age(c.age().enabled() ? Optional.of(c.age().model()) : Optional.empty())
        .fusion(
            EmbedderConfig.Fusion.NONE.equals(c.fusion().location())
                ? Optional.empty()
                : Optional.of(c.fusion().location()))
        .imageLimits(
            new ImageLimits(i.maxBytes(), i.maxWidth(), i.maxHeight(), i.maxPixels(), i.minSide()))
        .quality(
            new QualitySettings(
                q.minFaceSizePx(),
                q.minDetectorScore(),
                q.minSharpness(),
                q.maxYawDegrees(),
                q.maxPitchDegrees(),
                q.minBrightness(),
                q.maxBrightness(),
                q.minContrast(),
                q.minVisibleFraction()))
        .build();
  }
}
