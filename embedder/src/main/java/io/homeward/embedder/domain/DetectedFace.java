package io.homeward.embedder.domain;

import java.util.Optional;

/**
 * One face found in an image.
 *
 * @param box in the pixels of the image as decoded (EXIF orientation applied), also when the face
 *     was found with the photo turned
 * @param landmarks in the same pixels
 * @param pass which look at the photo found it
 * @param uprightTurns quarter turns clockwise that make the face upright in the photo: 0 for almost
 *     every face; 1-3 for a face on its side or upside down (a print scanned so), whose alignment
 *     and vector were made upright
 */
public record DetectedFace(
    FaceBox box,
    Landmarks landmarks,
    FaceQuality quality,
    Optional<AgeEstimate> age,
    DetectionPass pass,
    int uprightTurns) {}
