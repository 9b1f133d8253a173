package io.homeward.embedder.pipeline;

import io.homeward.models.ColorOrder;
import io.homeward.models.InputSpec;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/** 8-bit OpenCV images to the NCHW float layout a manifest describes. */
final class Tensors {
  private Tensors() {}

  /**
   * Writes {@code image} (CV_8UC3 BGR, or CV_8UC1 for grey inputs, already at the input size) into
   * {@code dst} at {@code offset} as CHW planes in the manifest's colour order, each value {@code
   * (v - mean[c]) * scale[c]}.
   */
  static void writeChw(Mat image, InputSpec spec, byte[] scratch, float[] dst, int offset) {
    int w = spec.width();
    int h = spec.height();
    int channels = image.channels();
    if (image.cols() != w || image.rows() != h || channels != spec.channels()) {
      throw new IllegalStateException("image does not match the model input");
    }
    int plane = w * h;
    int n = plane * channels;
    Mat continuous = image.isContinuous() ? image : image.clone();
    try {
      BytePointer data = continuous.data();
      data.get(scratch, 0, n);
    } finally {
      if (continuous != image) {
        continuous.close();
      }
    }
    float[] mean = spec.mean();
    float[] scale = spec.scale();
    if (channels == 1) {
      for (int i = 0; i < plane; i++) {
        dst[offset + i] = ((scratch[i] & 0xff) - mean[0]) * scale[0];
      }
      return;
    }
    // Source is interleaved BGR; the destination plane order follows the manifest.
    boolean rgb = spec.colorOrder() == ColorOrder.RGB;
    int p0 = offset;
    int p1 = offset + plane;
    int p2 = offset + 2 * plane;
    for (int i = 0, s = 0; i < plane; i++, s += 3) {
      float b = scratch[s] & 0xff;
      float g = scratch[s + 1] & 0xff;
      float r = scratch[s + 2] & 0xff;
      float first = rgb ? r : b;
      float third = rgb ? b : r;
      dst[p0 + i] = (first - mean[0]) * scale[0];
      dst[p1 + i] = (g - mean[1]) * scale[1];
      dst[p2 + i] = (third - mean[2]) * scale[2];
    }
  }
}
