package io.homeward.models;

/** Manifest locations of the default chain (npm package {@code faceplugin@1.0.3}). */
public final class DefaultModels {
  public static final String DETECTOR = "classpath:homeward/models/faceplugin-rfb320-detector.json";
  public static final String LANDMARKS = "classpath:homeward/models/faceplugin-landmarks68.json";
  public static final String EMBEDDING = "classpath:homeward/models/faceplugin-mobilefacenet.json";

  private DefaultModels() {}
}
