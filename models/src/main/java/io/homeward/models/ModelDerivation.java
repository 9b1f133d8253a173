package io.homeward.models;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a weight file was made from another verified one by the build ({@code models/derive}), for
 * manifests of derived variants: the published file it comes from and its checksum, and the recipe.
 * The source is verified too whenever the variant is, so a variant is never trusted beyond the
 * published weights it was made from.
 *
 * @param file the source weight file, relative to the models folder
 * @param sha256 lower-case hex sha256 of the source file
 * @param recipe what {@code models/derive/derive.py} did ({@code batch}: a dynamic batch dimension
 *     and denormal weights flushed, the same vectors; {@code int8}: static int8 quantisation with a
 *     committed calibration table, another vector space)
 */
public record ModelDerivation(String file, String sha256, String recipe) {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern RECIPE = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

  public ModelDerivation {
    Objects.requireNonNull(file, "derivedFrom");
    if (file.isBlank()) {
      throw new IllegalArgumentException("derivedFrom is blank");
    }
    if (sha256 == null || !SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException("derivedFromSha256 is missing or malformed");
    }
    if (recipe == null || !RECIPE.matcher(recipe).matches()) {
      throw new IllegalArgumentException("recipe is missing or malformed");
    }
  }
}
