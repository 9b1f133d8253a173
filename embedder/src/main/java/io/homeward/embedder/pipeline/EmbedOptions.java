package io.homeward.embedder.pipeline;

import io.homeward.embedder.domain.FacePolicy;
import java.util.Objects;

/**
 * What the caller wants from one image.
 *
 * @param policy how many faces are expected
 * @param bypassQualityGate embed faces that fail the gate too (evaluation and examiners' tools
 *     only)
 */
public record EmbedOptions(FacePolicy policy, boolean bypassQualityGate) {
  public EmbedOptions {
    Objects.requireNonNull(policy);
  }

  public static EmbedOptions all() {
    return new EmbedOptions(FacePolicy.ALL, false);
  }
}
