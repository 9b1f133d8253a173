package io.homeward.gateway.outbox;

import io.homeward.gateway.client.EmbeddedFace;
import io.homeward.gateway.client.FaceToIndex;
import io.homeward.gateway.store.CaseRecord;
import io.homeward.gateway.store.PhotoRecord;
import io.homeward.gateway.store.SubjectRecord;

/** What the search service is told of a photo: its face, pseudonymous ids and filter attributes. */
public final class IndexedFaces {
  private IndexedFaces() {}

  public static FaceToIndex of(PhotoRecord p, CaseRecord c, SubjectRecord s, EmbeddedFace face) {
    return new FaceToIndex(
        p.faceId(),
        c.id(),
        c.side(),
        s.sex(),
        s.birthYearFrom(),
        s.birthYearTo(),
        p.ageAtPhoto(),
        p.photoYear(),
        s.regionCode(),
        face);
  }
}
