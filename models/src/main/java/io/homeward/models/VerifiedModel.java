package io.homeward.models;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A manifest whose weight file exists and matched its sha256 when it was checked. Only {@link
 * ModelFiles} makes these, so holding one means the check was done.
 */
public final class VerifiedModel {
  private final ModelManifest manifest;
  private final Path weights;

  VerifiedModel(ModelManifest manifest, Path weights) {
    this.manifest = Objects.requireNonNull(manifest);
    this.weights = Objects.requireNonNull(weights);
  }

  public ModelManifest manifest() {
    return manifest;
  }

  /** The verified weight file. */
  public Path weights() {
    return weights;
  }

  @Override
  public String toString() {
    return "VerifiedModel[" + manifest.ref() + "]";
  }
}
