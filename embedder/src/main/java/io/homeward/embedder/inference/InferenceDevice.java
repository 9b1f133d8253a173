package io.homeward.embedder.inference;

import java.util.Locale;

/**
 * Where models run: {@code cpu}, or {@code gpu} / {@code gpu:N} with ONNX Runtime's CUDA build on
 * the classpath (Maven profile {@code gpu}).
 */
public record InferenceDevice(boolean gpu, int index) {
  public static final InferenceDevice CPU = new InferenceDevice(false, 0);

  /** Parses {@code cpu}, {@code gpu} or {@code gpu:N}. */
  public static InferenceDevice parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("cpu")) {
      return CPU;
    }
    if (t.equals("gpu")) {
      return new InferenceDevice(true, 0);
    }
    if (t.startsWith("gpu:")) {
      return new InferenceDevice(true, Integer.parseInt(t.substring(4)));
    }
    throw new IllegalArgumentException("device must be cpu, gpu or gpu:N");
  }

  @Override
  public String toString() {
    return gpu ? "gpu:" + index : "cpu";
  }
}
