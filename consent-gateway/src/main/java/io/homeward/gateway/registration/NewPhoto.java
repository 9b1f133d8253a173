package io.homeward.gateway.registration;

import io.homeward.gateway.domain.FaceArea;
import io.homeward.gateway.domain.PhotoSource;
import java.util.Objects;
import java.util.Optional;

/**
 * A photo to enrol under a case, already parsed and checked for shape by the REST layer.
 *
 * @param faceBox a face box the uploader drew, used when the embedder's detector finds no face
 */
public record NewPhoto(
    byte[] image,
    PhotoSource source,
    Float ageAtPhoto,
    Integer photoYear,
    Optional<FaceArea> faceBox) {
  public NewPhoto {
    Objects.requireNonNull(faceBox);
  }

  public NewPhoto(byte[] image, PhotoSource source, Float ageAtPhoto, Integer photoYear) {
    this(image, source, ageAtPhoto, photoYear, Optional.empty());
  }
}
