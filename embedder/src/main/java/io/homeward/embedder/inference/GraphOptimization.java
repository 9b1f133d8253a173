package io.homeward.embedder.inference;

import java.util.Locale;

/**
 * ONNX Runtime's graph optimisation level for one model. The best level depends on the model and
 * the CPU: on this project's 2-core machines {@code ALL} (with its NCHWc layout rewrites) made the
 * detector twice as fast but the MobileFaceNet embedding three times slower than {@code BASIC};
 * {@code homeward bench} shows the figures.
 */
public enum GraphOptimization {
  NONE("NO_OPT"),
  BASIC("BASIC_OPT"),
  EXTENDED("EXTENDED_OPT"),
  ALL("ALL_OPT");

  private final String ortName;

  GraphOptimization(String ortName) {
    this.ortName = ortName;
  }

  String ortName() {
    return ortName;
  }

  /** Parses {@code none}, {@code basic}, {@code extended} or {@code all}. */
  public static GraphOptimization parse(String text) {
    return valueOf(text.trim().toUpperCase(Locale.ROOT));
  }
}
