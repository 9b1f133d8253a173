package io.homeward.embedder.image;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_UNCHANGED;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import io.homeward.embedder.domain.ImageInfo;
import io.homeward.embedder.error.EmbedderException;
import java.util.Objects;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Encoded bytes to an upright 8-bit BGR image, within limits.
 *
 * <p>Order matters: size in bytes, then format by magic bytes, then dimensions from the header, and
 * only then a full decode, so a decompression bomb is refused in microseconds with no allocation
 * beyond the bytes already held. Accepts JPEG, PNG, WebP, BMP and TIFF; alpha is composited over
 * white, 16-bit and float images are scaled to 8 bits, and the EXIF orientation of JPEG, PNG and
 * WebP is applied.
 *
 * <p>Thread-safe: holds no mutable state, and OpenCV's {@code imdecode} is safe to call
 * concurrently.
 */
public final class ImageDecoder {
  private final ImageLimits limits;

  public ImageDecoder(ImageLimits limits) {
    this.limits = Objects.requireNonNull(limits);
  }

  public ImageLimits limits() {
    return limits;
  }

  /**
   * Decodes an image. The caller owns the result and must close it.
   *
   * @throws EmbedderException with a specific reason when the image is refused; no other exception
   *     escapes for any input
   */
  public DecodedImage decode(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      throw Refusals.empty();
    }
    if (bytes.length > limits.maxBytes()) {
      throw Refusals.tooLarge(limits.maxBytes());
    }
    ImageFormat format =
        ImageFormat.sniff(bytes)
            .orElseThrow(
                () ->
                    ImageFormat.isCutOffMagic(bytes)
                        ? Refusals.truncated()
                        : Refusals.unsupported());
    ImageHeader header = HeaderProbe.probe(format, bytes);
    checkDimensions(header.width(), header.height());
    if (!header.complete()) {
      throw Refusals.truncated();
    }
    int orientation =
        header.hasExif()
            ? ExifOrientation.read(bytes, header.exifStart(), header.exifLength())
            : ExifOrientation.UPRIGHT;

    Mat pixels = decodePixels(bytes);
    try {
      // The codec parses the header itself; should it ever disagree with the probe, the limits
      // still hold.
      checkDimensions(pixels.cols(), pixels.rows());
    } catch (EmbedderException e) {
      pixels.close();
      throw e;
    }
    try {
      pixels = Bgr8.convert(pixels);
      pixels = ExifOrientation.apply(pixels, orientation);
    } catch (EmbedderException e) {
      throw e; // the steps above close what they were given
    } catch (RuntimeException e) {
      throw Refusals.undecodable(); // OpenCV's own error text is not safe to pass on
    }
    return new DecodedImage(
        pixels, new ImageInfo(pixels.cols(), pixels.rows(), format.id(), orientation));
  }

  private void checkDimensions(long width, long height) {
    // Each side is compared first, so the product of two sides within int limits cannot overflow a
    // long.
    if (width > limits.maxWidth()
        || height > limits.maxHeight()
        || width * height > limits.maxPixels()) {
      throw Refusals.dimensionsTooLarge(width, height, limits);
    }
    if (width < limits.minSide() || height < limits.minSide()) {
      throw Refusals.tooSmall(width, height, limits.minSide());
    }
  }

  /** A non-empty Mat, depth and channels as stored. */
  private static Mat decodePixels(byte[] bytes) {
    Mat decoded;
    try (BytePointer data = new BytePointer(bytes);
        Mat encoded = new Mat(1, bytes.length, CV_8UC1, data)) {
      // IMREAD_UNCHANGED keeps alpha and 16-bit depth, and OpenCV skips its own EXIF rotation for
      // it, so the orientation is applied exactly once, below.
      decoded = imdecode(encoded, IMREAD_UNCHANGED);
    } catch (RuntimeException e) {
      throw Refusals.undecodable();
    }
    if (decoded == null) {
      throw Refusals.undecodable();
    }
    if (decoded.empty()) {
      decoded.close();
      throw Refusals.undecodable();
    }
    return decoded;
  }
}
