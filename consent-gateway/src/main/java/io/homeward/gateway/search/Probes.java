package io.homeward.gateway.search;

import io.homeward.gateway.client.EmbeddedFace;
import io.homeward.gateway.client.EmbedderClient;
import io.homeward.gateway.client.FaceToIndex;
import io.homeward.gateway.client.SearchProbe;
import io.homeward.gateway.domain.SpaceRef;
import io.homeward.gateway.images.ImageStore;
import io.homeward.gateway.outbox.IndexedFaces;
import io.homeward.gateway.policy.PhotoAge;
import io.homeward.gateway.security.ProbeHasher;
import io.homeward.gateway.store.CaseSnapshot;
import io.homeward.gateway.store.PhotoRecord;
import io.homeward.gateway.store.PhotoState;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The photos a case is searched with: their keyed hashes first (rule 16), their faces later. Both
 * come from what is already recorded where possible: the hash kept with the photo at enrolment, the
 * vector the index holds (a stored probe). Only a photo without a recorded hash (enrolled before
 * hashes were kept, or before a key rotation) is decrypted to hash it, and only a photo the index
 * does not hold yet is decrypted and embedded again.
 */
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

  /**
   * A photo searched with, and the keyed hash of its image (audited, and counted per case).
   *
   * @param hashedNow the hash was made now from the decrypted image (none was recorded with the
   *     current key): the search keeps it with the photo
   */
  record Probe(PhotoRecord photo, String hmac, boolean hashedNow) {}

  /** The id of the current hash key: only hashes recorded with it are used. */
  String keyId() {
    return hasher.keyId();
  }

  /**
   * The case's latest live photos with their hashes: the recorded ones ({@code recordedHmacs}, by
   * photo id, made with the current key), the others made now.
   */
  List<Probe> of(CaseSnapshot c, Map<String, String> recordedHmacs) {
    List<PhotoRecord> live = c.livePhotos();
    List<PhotoRecord> latest =
        live.size() > MAX_PROBES ? live.subList(live.size() - MAX_PROBES, live.size()) : live;
    List<Probe> out = new ArrayList<>();
    for (PhotoRecord p : latest) {
      String recorded = recordedHmacs.get(p.id());
      out.add(
          recorded != null
              ? new Probe(p, recorded, false)
              : new Probe(p, hasher.hash(images.readPlaintext(p.imageRef())), true));
    }
    return out;
  }

  /**
   * The probes as the search service is asked with them: a photo the index holds (INDEXED) by its
   * face id, any other embedded now into {@code space} (the recorded live space; empty: the
   * embedder's configured one). A stored probe's age is the one enrolment decided; where it decided
   * none (no birth years, no estimate) the search service takes the one the face was indexed with,
   * which is unknown too.
   */
  List<SearchProbe> forSearch(List<Probe> probes, CaseSnapshot c, Optional<SpaceRef> space) {
    List<SearchProbe> out = new ArrayList<>();
    for (Probe probe : probes) {
      PhotoRecord p = probe.photo();
      out.add(
          p.state() == PhotoState.INDEXED
              ? SearchProbe.stored(IndexedFaces.of(p, c.record(), c.subject(), null))
              : SearchProbe.embedded(embedded(p, c, space)));
    }
    return out;
  }

  /** The same probes, those of the given faces embedded now (the index did not hold them). */
  List<SearchProbe> embedding(
      List<SearchProbe> asked,
      Collection<Long> faceIds,
      List<Probe> probes,
      CaseSnapshot c,
      Optional<SpaceRef> space) {
    List<SearchProbe> out = new ArrayList<>(asked.size());
    for (int i = 0; i < asked.size(); i++) {
      SearchProbe a = asked.get(i);
      out.add(
          a.isStored() && faceIds.contains(a.faceId())
              ? SearchProbe.embedded(embedded(probes.get(i).photo(), c, space))
              : a);
    }
    return out;
  }

  /**
   * A probe photo's face embedded now. The image is decrypted again here rather than held from
   * hashing through the policy decision.
   */
  private FaceToIndex embedded(PhotoRecord p, CaseSnapshot c, Optional<SpaceRef> space) {
    EmbeddedFace face =
        embedder.embedSingleFace(images.readPlaintext(p.imageRef()), p.faceBox(), space);
    FaceToIndex indexed = IndexedFaces.of(p, c.record(), c.subject(), face);
    // The age enrolment decided stands (birth years, a typed minor's age); a photo enrolled
    // without one gets the embedder's reading, derived as enrolment derives it.
    return p.ageAtPhoto() != null
        ? indexed
        : indexed.withAgeAtPhoto(PhotoAge.fromEstimate(face).decisive());
  }
}
