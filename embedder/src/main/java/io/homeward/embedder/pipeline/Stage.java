package io.homeward.embedder.pipeline;

/** Pipeline stages whose time is measured (for the benchmark and metrics). */
public enum Stage {
  DECODE(false),
  DETECT_PREPROCESS(false),
  DETECT_MODEL(true),
  DETECT_POSTPROCESS(false),
  LANDMARK_PREPROCESS(false),
  LANDMARK_MODEL(true),
  ALIGN(false),
  QUALITY(false),
  EMBED_PREPROCESS(false),
  EMBED_MODEL(true),
  EMBED_POSTPROCESS(false),
  /** The fused space's second embedding model: its preparation and post-processing. */
  SECOND_EMBED(false),
  /** The fused space's second embedding model's inference. */
  SECOND_EMBED_MODEL(true),
  AGE(false),
  AGE_MODEL(true),
  /** The second detection pass for hard photos, its model calls included (it runs rarely). */
  SECOND_PASS(false);

  private final boolean model;

  Stage(boolean model) {
    this.model = model;
  }

  /** Whether this stage is bare model inference. */
  public boolean isModel() {
    return model;
  }
}
