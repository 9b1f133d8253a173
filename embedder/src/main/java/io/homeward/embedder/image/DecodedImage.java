package io.homeward.embedder.image;

import io.homeward.embedder.domain.ImageInfo;
import java.util.Objects;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A decoded image: 8-bit BGR pixels, upright (EXIF orientation applied). Holds native memory: close
 * it.
 */
public final class DecodedImage implements AutoCloseable {
  private final Mat bgr;
  private final ImageInfo info;

  public DecodedImage(Mat bgr, ImageInfo info) {
    this.bgr = Objects.requireNonNull(bgr);
    this.info = Objects.requireNonNull(info);
  }

  /** The pixels, CV_8UC3 in BGR order. Owned by this object. */
  public Mat bgr() {
    return bgr;
  }

  public ImageInfo info() {
    return info;
  }

  @Override
  public void close() {
    bgr.close();
  }

  @Override
  public String toString() {
    return "DecodedImage[" + info.width() + "x" + info.height() + " " + info.format() + "]";
  }
}
