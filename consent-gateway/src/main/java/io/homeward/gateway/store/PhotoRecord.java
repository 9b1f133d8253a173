package io.homeward.gateway.store;

import io.homeward.gateway.domain.FaceArea;
import io.homeward.gateway.domain.PhotoSource;
import java.time.Instant;

/**
 * A photo's metadata; the image itself is in the encrypted image store, the vector in the index.
 * {@code faceBox} is the box a person drew when the detector found no face (null otherwise): every
 * later embedding of the stored image (a search with it, re-indexing) passes it again.
 */
public record PhotoRecord(
    String id,
    String caseId,
    long faceId,
    String imageRef,
    PhotoSource source,
    Float ageAtPhoto,
    Integer photoYear,
    Float quality,
    String modelVersion,
    PhotoState state,
    Instant createdAt,
    Instant deleteAfter,
    FaceArea faceBox) {

  /** A photo whose face the embedder's detector found by itself (no hand-drawn box). */
  public PhotoRecord(
      String id,
      String caseId,
      long faceId,
      String imageRef,
      PhotoSource source,
      Float ageAtPhoto,
      Integer photoYear,
      Float quality,
      String modelVersion,
      PhotoState state,
      Instant createdAt,
      Instant deleteAfter) {
    this(
        id,
        caseId,
        faceId,
        imageRef,
        source,
        ageAtPhoto,
        photoYear,
        quality,
        modelVersion,
        state,
        createdAt,
        deleteAfter,
        null);
  }
}
