package io.homeward.embedder.pipeline;

import io.homeward.embedder.domain.FaceBox;
import io.homeward.embedder.domain.FacePolicy;
import java.util.Objects;
import java.util.Optional;

/**
 * What the caller wants from one image.
 *
 * @param policy how many faces are expected
 * @param bypassQualityGate embed faces that fail the gate too (evaluation and examiners' tools
 *     only)
 * @param faceHint a face box drawn by a person (image pixels after EXIF orientation), used only
 *     when the detector finds no face on the whole image
 * @param projection the id of the projection the vectors go through, when the caller names one
 *     other than the configured one (a re-embedding job filling a new vector space); empty: the
 *     configured projection
 */
public record EmbedOptions(
    FacePolicy policy,
    boolean bypassQualityGate,
    Optional<FaceBox> faceHint,
    Optional<String> projection) {
  public EmbedOptions {
    Objects.requireNonNull(policy);
    Objects.requireNonNull(faceHint);
    Objects.requireNonNull(projection);
  }

  public EmbedOptions(FacePolicy policy, boolean bypassQualityGate, Optional<FaceBox> faceHint) {
    this(policy, bypassQualityGate, faceHint, Optional.empty());
  }

  public EmbedOptions(FacePolicy policy, boolean bypassQualityGate) {
    this(policy, bypassQualityGate, Optional.empty(), Optional.empty());
  }

  public static EmbedOptions all() {
    return new EmbedOptions(FacePolicy.ALL, false);
  }
}
