package io.homeward.models;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything the pipeline needs to know about one model, read from its manifest: which file, its
 * checksum, where it comes from, and its exact pre- and post-processing. A new model is a new
 * manifest, never a code change.
 *
 * @param id stable model id; together with {@code version} it names a vector space
 * @param version the weights' version
 * @param task what the model does
 * @param file the weight file, relative to the models folder (or absolute)
 * @param sha256 lower-case hex sha256 of the weight file
 * @param source the registry package the file comes from
 * @param licence the licence as stated by the source, including what is not stated
 * @param input the input tensor
 * @param outputs output names in the order the post-processing reads them
 * @param dimension output vector dimension for embedding models, 0 otherwise
 * @param alignmentTemplate five reference points (x, y) in input pixels that faces are aligned
 *     onto, for models that take aligned faces; empty otherwise
 * @param parameters task-specific numbers (thresholds and the like)
 * @param derivation for a variant the build derives from published weights, what it comes from and
 *     how; {@code null} for weights used as published
 */
public record ModelManifest(
    String id,
    String version,
    ModelTask task,
    String file,
    String sha256,
    ModelSource source,
    String licence,
    InputSpec input,
    List<String> outputs,
    int dimension,
    List<Point2> alignmentTemplate,
    Map<String, Double> parameters,
    ModelDerivation derivation) {

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  /** A point of an alignment template. */
  public record Point2(float x, float y) {}

  public ModelManifest {
    requireMatch("id", id, ID);
    requireMatch("version", version, ID);
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(file, "file");
    requireMatch("sha256", sha256, SHA256);
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(licence, "licence");
    Objects.requireNonNull(input, "input");
    outputs = List.copyOf(Objects.requireNonNull(outputs, "outputs"));
    if (outputs.isEmpty()) {
      throw new IllegalArgumentException("outputs is empty");
    }
    alignmentTemplate = alignmentTemplate == null ? List.of() : List.copyOf(alignmentTemplate);
    parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    if (task == ModelTask.EMBEDDING) {
      if (dimension < 2 || dimension > 4096) {
        throw new IllegalArgumentException("an embedding model needs a dimension in 2..4096");
      }
      if (alignmentTemplate.size() != 5) {
        throw new IllegalArgumentException(
            "an embedding model needs a five-point alignmentTemplate");
      }
    }
  }

  private static void requireMatch(String field, String value, Pattern pattern) {
    if (value == null || !pattern.matcher(value).matches()) {
      throw new IllegalArgumentException(field + " is missing or malformed");
    }
  }

  /** A manifest of weights used as published (no derivation). */
  public ModelManifest(
      String id,
      String version,
      ModelTask task,
      String file,
      String sha256,
      ModelSource source,
      String licence,
      InputSpec input,
      List<String> outputs,
      int dimension,
      List<Point2> alignmentTemplate,
      Map<String, Double> parameters) {
    this(
        id,
        version,
        task,
        file,
        sha256,
        source,
        licence,
        input,
        outputs,
        dimension,
        alignmentTemplate,
        parameters,
        null);
  }

  /** How the build derives this file from published weights, if it does. */
  public Optional<ModelDerivation> derived() {
    return Optional.ofNullable(derivation);
  }

  /** The name of this model's vector space or behaviour: {@code id@version}. */
  public String ref() {
    return id + "@" + version;
  }

  /** A required numeric parameter. */
  public double parameter(String name) {
    Double value = parameters.get(name);
    if (value == null) {
      throw new IllegalArgumentException("model " + ref() + " has no parameter " + name);
    }
    return value;
  }

  /** A numeric parameter, or the fallback when the manifest does not set it. */
  public double parameter(String name, double fallback) {
    return parameters.getOrDefault(name, fallback);
  }
}
