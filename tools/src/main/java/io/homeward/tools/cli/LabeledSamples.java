package io.homeward.tools.cli;

import io.homeward.embedder.projection.Projection;
import io.homeward.tools.eval.LabeledVector;
import io.homeward.tools.eval.LagManifest;
import io.homeward.tools.fit.ProjectionFitter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Manifest samples with their raw vectors, as projected evaluation items or training faces. */
final class LabeledSamples {
  private LabeledSamples() {}

  /**
   * The kept samples as labelled vectors through {@code projection} (null vector where no face was
   * found).
   */
  static List<LabeledVector> labeled(
      List<LagManifest.Sample> samples,
      Map<Path, float[]> raw,
      Path root,
      Projection projection,
      Predicate<LagManifest.Sample> keep) {
    List<LabeledVector> out = new ArrayList<>();
    for (LagManifest.Sample s : samples) {
      if (keep.test(s)) {
        float[] v = raw.get(s.resolve(root));
        out.add(new LabeledVector(s.file(), s.subject(), v == null ? null : projection.apply(v)));
      }
    }
    return out;
  }

  /** Training faces of the kept samples (photos without a face are left out). */
  static List<ProjectionFitter.Face> faces(
      List<LagManifest.Sample> samples,
      Map<Path, float[]> raw,
      Path root,
      Predicate<LagManifest.Sample> keep) {
    List<ProjectionFitter.Face> out = new ArrayList<>();
    for (LagManifest.Sample s : samples) {
      float[] v = raw.get(s.resolve(root));
      if (v != null && keep.test(s)) {
        out.add(new ProjectionFitter.Face(s.subject(), s.isYoung(), v));
      }
    }
    return out;
  }
}
