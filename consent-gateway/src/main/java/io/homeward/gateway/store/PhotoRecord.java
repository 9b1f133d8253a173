package io.homeward.gateway.store;

import io.homeward.gateway.domain.PhotoSource;
import java.time.Instant;

/**
 * A photo's metadata; the image itself is in the encrypted image store, the vector in the index.
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
    Instant deleteAfter) {}
