package io.homeward.embedder.inference;

import java.util.Locale;

/**
 * ONNX Runtime's graph optimisation level for one model. The best level depends on the model and
 * its weights: on this project's 2-core machines {@code ALL} (with its NCHWc layout rewrites) made
 * the detector twice as fast but the published MobileFaceNet four times slower than {@code BASIC},
 * because of its 8,938 denormal weights (the NCHWc kernels pay dearly for them); with those flushed
 * to zero (the derived default) the two levels are close, and its int8 variant needs {@code ALL}.
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
