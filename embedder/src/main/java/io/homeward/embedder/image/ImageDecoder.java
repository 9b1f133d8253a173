package io.homeward.embedder.image;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import io.homeward.embedder.domain.ImageInfo;
import io.homeward.embedder.error.EmbedderException;
import io.homeward.embedder.error.Reason;
import java.util.Objects;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/** Encoded bytes to an upright 8-bit BGR image, within limits. Thread-safe. */
public final class ImageDecoder {
  private final ImageLimits limits;

  public ImageDecoder(ImageLimits limits) {
    this.limits = Objects.requireNonNull(limits);
  }

  public ImageLimits limits() {
    return limits;
  }

  /**
   * Decodes an image.
   *
   * @throws EmbedderException with a specific reason when the image is refused
   */
  public DecodedImage decode(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      throw new EmbedderException(Reason.IMAGE_EMPTY, "the image is empty");
    }
    if (bytes.length > limits.maxBytes()) {
      throw new EmbedderException(Reason.IMAGE_TOO_LARGE, "the image is larger than allowed");
    }
    Mat bgr;
    try (BytePointer data = new BytePointer(bytes);
        Mat encoded =
            new Mat(1, bytes.length, org.bytedeco.opencv.global.opencv_core.CV_8UC1, data)) {
      bgr = imdecode(encoded, IMREAD_COLOR);
    }
    if (bgr == null || bgr.empty()) {
      throw new EmbedderException(Reason.IMAGE_UNDECODABLE, "the image cannot be decoded");
    }
    return new DecodedImage(bgr, new ImageInfo(bgr.cols(), bgr.rows(), "unknown", 1));
  }
}
