package io.homeward.embedder.pipeline;

/**
 * The quality gate's thresholds. A face that breaks any of them is reported with the matching issue
 * and is not embedded unless the caller bypasses the gate.
 *
 * @param minFaceSizePx smallest side of the face box
 * @param minDetectorScore lowest detector confidence
 * @param minSharpness lowest variance of the Laplacian of the aligned grey face
 * @param maxYawDegrees largest absolute yaw
 * @param maxPitchDegrees largest absolute pitch
 * @param minBrightness darkest mean grey level of the aligned face
 * @param maxBrightness brightest mean grey level
 * @param minContrast lowest standard deviation of the grey level
 * @param minVisibleFraction smallest fraction of the face box inside the image
 */
public record QualitySettings(
    float minFaceSizePx,
    float minDetectorScore,
    float minSharpness,
    float maxYawDegrees,
    float maxPitchDegrees,
    float minBrightness,
    float maxBrightness,
    float minContrast,
    float minVisibleFraction) {

  /** Defaults chosen on the fixtures so that usable old, scanned photos pass; see the README. */
  public static QualitySettings defaults() {
    return new QualitySettings(40f, 0.7f, 20f, 50f, 40f, 35f, 225f, 14f, 0.75f);
  }
}
