package io.homeward.models;

/** Manifest locations of the default chain (npm package {@code faceplugin@1.0.3}). */
public final class DefaultModels {
  public static final String DETECTOR = "classpath:homeward/models/faceplugin-rfb320-detector.json";
  public static final String LANDMARKS = "classpath:homeward/models/faceplugin-landmarks68.json";

  /**
   * The embedding weights as published (batch of one, denormal weights): the source of the variants
   * below, verified with them, not served by default.
   */
  public static final String EMBEDDING = "classpath:homeward/models/faceplugin-mobilefacenet.json";

  /**
   * The embedding model the embedder serves by default: the published graph with a dynamic batch (a
   * face and its mirror image in one call) and its denormal weights flushed; the same vectors to
   * float rounding, so the same vector space as {@link #EMBEDDING}.
   */
  public static final String EMBEDDING_FP32 =
      "classpath:homeward/models/faceplugin-mobilefacenet-fp32.json";

  /**
   * The int8 static quantisation of {@link #EMBEDDING_FP32}: about three times faster on one core,
   * its own vector space ({@code faceplugin-1.0.3-int8}); selectable, not the default.
   */
  public static final String EMBEDDING_INT8 =
      "classpath:homeward/models/faceplugin-mobilefacenet-int8.json";

  /**
   * The second embedding model that a fused vector space pairs with {@link #EMBEDDING_FP32}: dlib's
   * 128-d ResNet, converted by the build from npm {@code @vladmandic/face-api@1.7.15}'s tfjs
   * weights ({@code models/derive/tfjs_resnet.py}). Not served alone.
   */
  public static final String SECOND_EMBEDDING = "classpath:homeward/models/dlib-resnet128.json";

  private DefaultModels() {}
}
