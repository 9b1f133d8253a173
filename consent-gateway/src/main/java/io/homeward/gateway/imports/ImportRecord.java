package io.homeward.gateway.imports;

import io.homeward.gateway.domain.PhotoSource;
import io.homeward.gateway.registration.Commands;
import java.util.List;

/**
 * One record of a manifest, parsed and checked for shape by the REST layer as a single registration
 * and enrolment would be.
 *
 * @param key the client's own reference, unique within the organisation (no names: it is kept)
 */
public record ImportRecord(String key, Commands.NewCase newCase, List<Photo> photos) {
  public ImportRecord {
    photos = List.copyOf(photos);
  }

  /** A photo of the record, by its file name in the batch. */
  public record Photo(String file, PhotoSource source, Float ageAtPhoto, Integer photoYear) {}
}
