package io.homeward.gateway.search;

import io.homeward.gateway.client.EmbeddedFace;
import io.homeward.gateway.client.EmbedderClient;
import io.homeward.gateway.client.FaceToIndex;
import io.homeward.gateway.domain.SpaceRef;
import io.homeward.gateway.images.ImageStore;
import io.homeward.gateway.outbox.IndexedFaces;
import io.homeward.gateway.policy.PhotoAge;
import io.homeward.gateway.security.ProbeHasher;
import io.homeward.gateway.store.CaseSnapshot;
import io.homeward.gateway.store.PhotoRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The photos a case is searched with: their keyed hashes first (rule 16), their faces later. */
@ApplicationScoped
public class Probes {
  /** A search uses at most this many of the case's photos: the latest. */
  static final int MAX_PROBES = 10;

  private final ImageStore images;
  private final ProbeHasher hasher;
  private final EmbedderClient embedder;

  public Probes(ImageStore images, ProbeHasher hasher, EmbedderClient embedder) {
    this.images = images;
    this.hasher = hasher;
    this.embedder = embedder;
  }

  /** A photo searched with, and the keyed hash of its image (audited, and counted per case). */
  record Probe(PhotoRecord photo, String hmac) {}

  /** The case's latest live photos with their hashes. */
  List<Probe> of(CaseSnapshot c) {
    List<PhotoRecord> live = c.livePhotos();
    List<PhotoRecord> latest =
        live.size() > MAX_PROBES ? live.subList(live.size() - MAX_PROBES, live.size()) : live;
    List<Probe> out = new ArrayList<>();
    for (PhotoRecord p : latest) {
      out.add(new Probe(p, hasher.hash(images.readPlaintext(p.imageRef()))));
    }
    return out;
  }

  /**
   * The probes' faces, as the search service is told them, in the search's one vector space (the
   * live one; empty: the embedder's configured one). The images are decrypted again here rather
   * than held from hashing through the policy decision.
   */
  List<FaceToIndex> faces(List<Probe> probes, CaseSnapshot c, Optional<SpaceRef> space) {
    List<FaceToIndex> out = new ArrayList<>();
    for (Probe probe : probes) {
      PhotoRecord p = probe.photo();
      EmbeddedFace face =
          embedder.embedSingleFace(images.readPlaintext(p.imageRef()), p.faceBox(), space);
      FaceToIndex indexed = IndexedFaces.of(p, c.record(), c.subject(), face);
      // The age enrolment decided stands (birth years, a typed minor's age); a photo enrolled
      // without one gets the embedder's reading, derived as enrolment derives it.
      out.add(
          p.ageAtPhoto() != null
              ? indexed
              : indexed.withAgeAtPhoto(PhotoAge.fromEstimate(face).decisive()));
    }
    return out;
  }
}
