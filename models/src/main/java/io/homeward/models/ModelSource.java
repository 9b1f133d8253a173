package io.homeward.models;

import java.util.Objects;

/**
 * Where a weight file comes from: a registry package, never a model hub at run time.
 *
 * @param registry the package registry ({@code npm}, {@code pypi}, {@code maven}, {@code debian},
 *     or {@code local} for weights a deployment supplies itself)
 * @param packageName the package in that registry
 * @param packageVersion its exact version
 * @param path the file's path inside the package
 */
public record ModelSource(String registry, String packageName, String packageVersion, String path) {
  public ModelSource {
    Objects.requireNonNull(registry, "source.registry");
    if (registry.isBlank()) {
      throw new IllegalArgumentException("source.registry is blank");
    }
  }
}
