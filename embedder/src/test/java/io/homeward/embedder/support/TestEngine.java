package io.homeward.embedder.support;

import io.homeward.embedder.pipeline.EmbedderEngine;
import io.homeward.embedder.pipeline.EngineSettings;
import io.homeward.support.testing.SharedData;

/**
 * One engine with the real default models for every pipeline test in the JVM (loading takes about a
 * second).
 */
public final class TestEngine {
  private static EmbedderEngine shared;

  private TestEngine() {}

  public static synchronized EmbedderEngine shared() {
    if (shared == null) {
      shared = EmbedderEngine.start(EngineSettings.defaults(SharedData.modelsDir()).withWorkers(2));
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
    }
    return shared;
  }
}
