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
 */
public record EmbedOptions(
    FacePolicy policy, boolean bypassQualityGate, Optional<FaceBox> faceHint) {
  public EmbedOptions {
    Objects.requireNonNull(policy);
    Objects.requireNonNull(faceHint);
  }

  public EmbedOptions(FacePolicy policy, boolean bypassQualityGate) {
    this(policy, bypassQualityGate, Optional.empty());
  }

  public static EmbedOptions all() {
    return new EmbedOptions(FacePolicy.ALL, false);
  }
}
