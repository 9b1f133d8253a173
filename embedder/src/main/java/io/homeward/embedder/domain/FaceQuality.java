package io.homeward.embedder.domain;

import java.util.List;

/**
 * Measured quality of one face and the gate's verdict.
 *
 * @param eyeDistancePx inter-ocular distance in image pixels
 * @param faceSizePx side of the square face box in image pixels
 * @param detectorScore detector confidence, 0..1
 * @param sharpness variance of the Laplacian of the aligned grey face
 * @param yawDegrees rough yaw from the landmarks
 * @param pitchDegrees rough pitch from the landmarks
 * @param rollDegrees roll: the angle of the eye line
 * @param brightness mean grey level of the aligned face, 0..255
 * @param contrast standard deviation of the grey level of the aligned face
 * @param issues what the gate found wrong; empty when the face passed
 */
public record FaceQuality(
    float eyeDistancePx,
    float faceSizePx,
    float detectorScore,
    float sharpness,
    float yawDegrees,
    float pitchDegrees,
    float rollDegrees,
    float brightness,
    float contrast,
    List<QualityIssue> issues) {

  public FaceQuality {
    issues = List.copyOf(issues);
  }

  public boolean passed() {
    return issues.isEmpty();
  }
}
