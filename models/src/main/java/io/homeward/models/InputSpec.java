package io.homeward.models;

import java.util.Arrays;
import java.util.Objects;

/**
 * The tensor a model takes: NCHW float, {@code (pixel - mean[c]) * scale[c]}.
 *
 * @param name the input's name in the graph
 * @param width input width in pixels
 * @param height input height in pixels
 * @param colorOrder channel order
 * @param mean per-channel value subtracted first
 * @param scale per-channel factor applied after the mean
 * @param maxBatch largest batch the graph accepts (1 for graphs with a fixed batch dimension)
 */
public record InputSpec(
    String name,
    int width,
    int height,
    ColorOrder colorOrder,
    float[] mean,
    float[] scale,
    int maxBatch) {

  public InputSpec {
    Objects.requireNonNull(name, "input.name");
    Objects.requireNonNull(colorOrder, "input.colorOrder");
    if (width < 8 || height < 8 || width > 4096 || height > 4096) {
      throw new IllegalArgumentException("input size " + width + "x" + height + " is out of range");
    }
    int channels = colorOrder.channels();
    if (mean == null || scale == null || mean.length != channels || scale.length != channels) {
      throw new IllegalArgumentException(
          "input.mean and input.scale need " + channels + " values for " + colorOrder);
    }
    for (float s : scale) {
      if (!(s > 0f) || Float.isInfinite(s)) {
        throw new IllegalArgumentException("input.scale values must be positive and finite");
      }
    }
    if (maxBatch < 1) {
      throw new IllegalArgumentException("input.maxBatch must be at least 1");
    }
    mean = mean.clone();
    scale = scale.clone();
  }

  /** Number of channels. */
  public int channels() {
    return colorOrder.channels();
  }

  @Override
  public float[] mean() {
    return mean.clone();
  }

  @Override
  public float[] scale() {
    return scale.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InputSpec other
        && name.equals(other.name)
        && width == other.width
        && height == other.height
        && colorOrder == other.colorOrder
        && Arrays.equals(mean, other.mean)
        && Arrays.equals(scale, other.scale)
        && maxBatch == other.maxBatch;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, width, height, colorOrder, Arrays.hashCode(mean), maxBatch);
  }

  @Override
  public String toString() {
    return "InputSpec[" + name + " " + width + "x" + height + " " + colorOrder + "]";
  }
}
