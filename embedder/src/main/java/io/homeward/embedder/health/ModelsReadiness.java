package io.homeward.embedder.health;

import io.homeward.embedder.pipeline.EmbedderEngine;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the models are verified and loaded (the engine exists only then) and the queue has
 * room.
 */
@Readiness
@ApplicationScoped
public class ModelsReadiness implements HealthCheck {
  private final EmbedderEngine engine;

  public ModelsReadiness(EmbedderEngine engine) {
    this.engine = engine;
  }

  @Override
  public HealthCheckResponse call() {
    boolean room = engine.queued() < engine.settings().queueCapacity();
    boolean serving = engine.isServing();
    return HealthCheckResponse.named("embedder-models")
        .status(serving && room)
        .withData("model", engine.embeddingModel().ref())
        .withData("workers", engine.settings().workers())
        .withData("queued", engine.queued())
        .build();
  }
}
