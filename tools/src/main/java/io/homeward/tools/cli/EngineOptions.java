package io.homeward.tools.cli;

import io.homeward.embedder.inference.InferenceDevice;
import io.homeward.embedder.pipeline.EngineSettings;
import io.homeward.models.DefaultModels;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by every command that runs the models. */
final class EngineOptions {
  @Option(
      names = "--models-dir",
      description =
          "Folder of the verified weights (default: $HOMEWARD_MODELS_DIR or ~/.cache/homeward/models).")
  Path modelsDir;

  @Option(names = "--detector", description = "Detector manifest (classpath:... or a file).")
  String detector = DefaultModels.DETECTOR;

  @Option(names = "--landmarks", description = "Landmark model manifest.")
  String landmarks = DefaultModels.LANDMARKS;

  @Option(names = "--embedding", description = "Embedding model manifest.")
  String embedding = DefaultModels.EMBEDDING_FP32;

  @Option(names = "--device", description = "cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).")
  String device = "cpu";

  @Option(names = "--workers", description = "Worker threads (default: one per core).")
  Integer workers;

  @Option(names = "--no-flip", description = "Do not average each face with its mirror image.")
  boolean noFlip;

  @Option(
      names = "--no-second-pass",
      description =
          "Do not look again at photos in which the first detection finds no face (for comparison).")
  boolean noSecondPass;

  Path modelsDir() {
    if (modelsDir != null) {
      return modelsDir;
    }
    String env = System.getenv("HOMEWARD_MODELS_DIR");
    return env != null && !env.isBlank()
        ? Path.of(env)
        : Path.of(System.getProperty("user.home"), ".cache", "homeward", "models");
  }

  EngineSettings settings() {
    EngineSettings.Builder b =
        EngineSettings.builder(modelsDir())
            .manifests(detector, landmarks, embedding)
            .device(InferenceDevice.parse(device))
            .flipAveraging(!noFlip)
            .secondPass(!noSecondPass);
    if (workers != null) {
      b.workers(workers);
    }
    return b.build();
  }
}
