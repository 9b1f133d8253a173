package io.homeward.tools.fit;

import io.homeward.embedder.projection.FusedSpace;
import io.homeward.embedder.projection.Provenance;
import io.homeward.tools.eval.Evaluator;
import io.homeward.tools.eval.LabeledVector;
import io.homeward.tools.eval.RankSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Learns a {@link FusedSpace} from training faces seen by both models: the secondary model's centre
 * is the mean of its vectors over every training face, and the primary weight is the one, on a grid
 * of 0.05 to 0.95, with the best child->adult identification among the training identities
 * (criterion: the mean of rank-1, -5, -10 and -20, as the projection fitter's). Ties go to the
 * larger weight, the primary model's. Pure Java; nothing here sees an image.
 */
public final class FusionFitter {
  /** The grid of primary weights tried. */
  public static final double STEP = 0.05;

  private FusionFitter() {}

  /**
   * One training face.
   *
   * @param subject identity label
   * @param young a child photo (a probe) rather than an adult one (the gallery)
   * @param primary the primary model's projected, L2-normalised vector
   * @param secondary the secondary model's L2-normalised vector
   */
  public record Face(String subject, boolean young, float[] primary, float[] secondary) {}

  /** The criterion at one weight, for the report. */
  public record Trial(double weight, RankSummary ranks, double criterion) {}

  /** The fitted space and every trial. */
  public record Fitted(FusedSpace space, List<Trial> trials, int faces) {}

  /**
   * Fits the centre and the weight, and names the space.
   *
   * @param provenance where the faces come from; its {@code choice} is filled in here
   */
  public static Fitted fit(
      List<Face> faces,
      String id,
      String version,
      FusedSpace.Member primary,
      FusedSpace.Member secondary,
      Provenance provenance) {
    if (faces.isEmpty()) {
      throw new IllegalArgumentException("no training faces to fit a fused space on");
    }
    float[] centre = centre(faces, secondary.dimension());
    List<Trial> trials = new ArrayList<>();
    Trial best = null;
    for (int step = 1; step * STEP < 1 - 1e-9; step++) {
      double w = Math.round(step * STEP * 100) / 100.0;
      FusedSpace trial = new FusedSpace(id, version, primary, secondary, w, centre, provenance);
      RankSummary ranks = identification(trial, faces);
      double criterion = (ranks.rank1() + ranks.rank5() + ranks.rank10() + ranks.rank20()) / 4;
      Trial t = new Trial(w, ranks, criterion);
      trials.add(t);
      if (best == null || criterion >= best.criterion()) {
        best = t;
      }
    }
    String choice =
        String.format(
            Locale.ROOT,
            "primary weight %.2f chosen among %.2f..%.2f (step %.2f) by child->adult"
                + " identification of the training identities (mean of rank-1/5/10/20 %.4f, rank-1"
                + " %.4f); centre = the secondary model's mean vector over %d training photos",
            best.weight(),
            trials.get(0).weight(),
            trials.get(trials.size() - 1).weight(),
            STEP,
            best.criterion(),
            best.ranks().rank1(),
            faces.size());
    Provenance p = provenance.withChoice(choice);
    return new Fitted(
        new FusedSpace(id, version, primary, secondary, best.weight(), centre, p),
        trials,
        faces.size());
  }

  static float[] centre(List<Face> faces, int dimension) {
    double[] sum = new double[dimension];
    for (Face f : faces) {
      if (f.secondary().length != dimension) {
        throw new IllegalArgumentException("a training face's secondary vector has the wrong size");
      }
      for (int i = 0; i < dimension; i++) {
        sum[i] += f.secondary()[i];
      }
    }
    float[] centre = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      centre[i] = (float) (sum[i] / faces.size());
    }
    return centre;
  }

  /** Child->adult identification of the faces in {@code space}: young probes, adult gallery. */
  static RankSummary identification(FusedSpace space, List<Face> faces) {
    List<LabeledVector> probes = new ArrayList<>();
    List<LabeledVector> gallery = new ArrayList<>();
    for (int i = 0; i < faces.size(); i++) {
      Face f = faces.get(i);
      LabeledVector v =
          new LabeledVector(
              Integer.toString(i), f.subject(), space.fuse(f.primary(), f.secondary()));
      (f.young() ? probes : gallery).add(v);
    }
    return Evaluator.evaluate(probes, gallery).overall().identification().imageLevel();
  }
}
