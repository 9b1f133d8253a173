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
  private static EmbedderEngine firstPassOnly;

  private TestEngine() {}

  public static synchronized EmbedderEngine shared() {
    if (shared == null) {
      shared = EmbedderEngine.start(EngineSettings.defaults(SharedData.modelsDir()).withWorkers(2));
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
    }
    return shared;
  }

  /**
   * The same models with the second detection pass off: for the manual face box, which is the last
   * resort where no pass finds the face, and for comparisons with the second pass.
   */
  public static synchronized EmbedderEngine firstPassOnly() {
    if (firstPassOnly == null) {
      firstPassOnly =
          EmbedderEngine.start(
              EngineSettings.builder(SharedData.modelsDir()).workers(1).secondPass(false).build());
      Runtime.getRuntime().addShutdownHook(new Thread(firstPassOnly::close));
    }
    return firstPassOnly;
  }
}
