package io.homeward.tools.fit;

import io.homeward.embedder.projection.ProjectionKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Learns a projection from faces labelled with identity and young/adult: age-direction removal (the
 * top principal directions of each person's mean-young-minus-mean-adult difference are projected
 * out) and regularised within-class covariance normalisation ({@code W = (Sw + lambda I)^-1/2},
 * with {@code Sw} the within-identity scatter of the vectors after removal), or either alone. Their
 * settings are chosen by cross-validation by identity on the training faces only. Pure Java, double
 * precision; nothing here sees an image.
 */
public final class ProjectionFitter {
  private ProjectionFitter() {}

  /** One training face: an identity label, young or adult, and its L2-normalised vector. */
  public record Face(String subject, boolean young, float[] vector) {}

  /**
   * One fitting setting.
   *
   * @param ageDirections how many age directions to project out (0: none)
   * @param alpha WCCN regularisation: {@code lambda = alpha x} the mean within-identity variance
   *     per dimension; infinite means no WCCN
   */
  public record Setting(int ageDirections, double alpha) {
    public static final Setting IDENTITY = new Setting(0, Double.POSITIVE_INFINITY);

    public Setting {
      if (ageDirections < 0 || !(alpha > 0)) {
        throw new IllegalArgumentException("age directions >= 0 and alpha > 0 are required");
      }
    }

    public boolean whitens() {
      return Double.isFinite(alpha);
    }

    public ProjectionKind kind() {
      if (ageDirections == 0) {
        return whitens() ? ProjectionKind.WCCN : ProjectionKind.IDENTITY;
      }
      return whitens() ? ProjectionKind.AGE_REMOVAL_WCCN : ProjectionKind.AGE_REMOVAL;
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%d age direction%s, %s",
          ageDirections,
          ageDirections == 1 ? "" : "s",
          whitens() ? "WCCN lambda = " + alpha + " x mean within-identity variance" : "no WCCN");
    }
  }

  /** The settings tried. */
  public record Grid(List<Integer> ageDirections, List<Double> alphas) {
    public Grid {
      ageDirections = List.copyOf(ageDirections);
      alphas = List.copyOf(alphas);
    }

    /** Every combination, restricted to one kind (null: all kinds). */
    public List<Setting> settings(ProjectionKind only) {
      List<Setting> out = new ArrayList<>();
      for (int k : ageDirections) {
        for (double a : alphas) {
          Setting s = new Setting(k, a);
          if (only == null || s.kind() == only || s.kind() == ProjectionKind.IDENTITY) {
            out.add(s);
          }
        }
      }
      return out;
    }

    /** The default grid (infinite alpha: no WCCN). */
    public static Grid standard() {
      return new Grid(
          List.of(0, 1, 2, 4, 8),
          List.of(Double.POSITIVE_INFINITY, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0));
    }
  }

  /**
   * What cross-validation measured and chose.
   *
   * @param chosen the best setting by the criterion
   * @param scores per setting: mean over folds of child->adult rank-1, rank-5, rank-10, rank-20 on
   *     the held-out fold, then their mean (the criterion)
   * @param folds number of folds
   */
  public record CrossValidation(Setting chosen, Map<Setting, double[]> scores, int folds) {
    /** One line for provenance. */
    public String describe() {
      double[] best = scores.get(chosen);
      double[] none = scores.get(Setting.IDENTITY);
      return String.format(
              Locale.ROOT,
              "%s; chosen on the train identities only by %d-fold cross-validation by identity"
                  + " (folds by sha256 of seed and subject) over %d settings, criterion: mean of"
                  + " child->adult rank-1/5/10/20 on the held-out fold (%.4f",
              chosen,
              folds,
              scores.size(),
              best[4])
          + (none == null ? ")" : String.format(Locale.ROOT, "; no projection %.4f)", none[4]));
    }
  }

  /**
   * Tries every setting of {@code settings} by cross-validation by identity on {@code train} and
   * returns the best. Folds come from {@code split.fold}, so they are reproducible.
   */
  public static CrossValidation choose(
      List<Face> train,
      List<Setting> settings,
      IdentitySplit split,
      int folds,
      Consumer<String> progress) {
    if (folds < 2) {
      throw new IllegalArgumentException("cross-validation needs at least 2 folds");
    }
    int dim = dimension(train);
    List<Integer> ks = settings.stream().map(Setting::ageDirections).distinct().sorted().toList();
    Map<Setting, double[]> sums = new LinkedHashMap<>();
    settings.forEach(s -> sums.put(s, new double[5]));
    for (int f = 0; f < folds; f++) {
      List<Face> fit = new ArrayList<>();
      List<Face> held = new ArrayList<>();
      for (Face face : train) {
        (split.fold(face.subject(), folds) == f ? held : fit).add(face);
      }
      SymmetricEigen age = ageScatter(fit, dim);
      for (int k : ks) {
        double[][] u = topDirections(age, k);
        double[][] fitP = projectOut(fit, u);
        double[][] heldP = projectOut(held, u);
        SymmetricEigen within = SymmetricEigen.of(withinScatter(fit, fitP, dim), dim);
        double meanVariance = trace(within) / dim;
        double[][] rotated = rotate(within, heldP);
        for (Setting s : settings) {
          if (s.ageDirections() != k) {
            continue;
          }
          double[] scale = scale(within, s, meanVariance);
          double[] r = ranks(held, rotated, scale);
          double[] acc = sums.get(s);
          for (int i = 0; i < 4; i++) {
            acc[i] += r[i] / folds;
            acc[4] += r[i] / (4.0 * folds);
          }
        }
        progress.accept(
            String.format(Locale.ROOT, "fold %d/%d: %d age directions tried", f + 1, folds, k));
      }
    }
    Setting best = null;
    for (Map.Entry<Setting, double[]> e : sums.entrySet()) {
      if (best == null || e.getValue()[4] > sums.get(best)[4]) {
        best = e.getKey();
      }
    }
    return new CrossValidation(best, sums, folds);
  }

  /**
   * The projection matrix (row-major, {@code d x d}) for {@code setting} fitted on {@code train};
   * null for the identity setting.
   */
  public static float[] fit(List<Face> train, Setting setting) {
    if (setting.kind() == ProjectionKind.IDENTITY) {
      return null;
    }
    int dim = dimension(train);
    double[][] u = topDirections(ageScatter(train, dim), setting.ageDirections());
    double[] m = new double[dim * dim];
    if (!setting.whitens()) {
      for (int i = 0; i < dim; i++) {
        m[i * dim + i] = 1;
      }
    } else {
      double[][] projected = projectOut(train, u);
      SymmetricEigen within = SymmetricEigen.of(withinScatter(train, projected, dim), dim);
      double[] s = scale(within, setting, trace(within) / dim);
      // A = V diag(s) V^T
      for (int c = 0; c < dim; c++) {
        for (int i = 0; i < dim; i++) {
          double vi = within.vector(i, c) * s[c];
          if (vi == 0) {
            continue;
          }
          for (int j = 0; j < dim; j++) {
            m[i * dim + j] += vi * within.vector(j, c);
          }
        }
      }
    }
    // M = A (I - U U^T) = A - (A U) U^T
    for (double[] dir : u) {
      double[] au = new double[dim];
      for (int i = 0; i < dim; i++) {
        double s = 0;
        for (int j = 0; j < dim; j++) {
          s += m[i * dim + j] * dir[j];
        }
        au[i] = s;
      }
      for (int i = 0; i < dim; i++) {
        for (int j = 0; j < dim; j++) {
          m[i * dim + j] -= au[i] * dir[j];
        }
      }
    }
    float[] out = new float[dim * dim];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) m[i];
    }
    return out;
  }

  private static int dimension(List<Face> faces) {
    if (faces.isEmpty()) {
      throw new IllegalArgumentException("no training faces");
    }
    int dim = faces.get(0).vector().length;
    for (Face f : faces) {
      if (f.vector().length != dim) {
        throw new IllegalArgumentException("training vectors differ in dimension");
      }
    }
    return dim;
  }

  /** Second moment of the per-identity mean-young-minus-mean-adult differences. */
  private static SymmetricEigen ageScatter(List<Face> faces, int dim) {
    Map<String, double[]> young = new HashMap<>();
    Map<String, double[]> adult = new HashMap<>();
    Map<String, int[]> counts = new HashMap<>();
    for (Face f : faces) {
      double[] sum = (f.young() ? young : adult).computeIfAbsent(f.subject(), s -> new double[dim]);
      for (int i = 0; i < dim; i++) {
        sum[i] += f.vector()[i];
      }
      counts.computeIfAbsent(f.subject(), s -> new int[2])[f.young() ? 0 : 1]++;
    }
    double[] c = new double[dim * dim];
    int n = 0;
    for (Map.Entry<String, double[]> e : young.entrySet()) {
      double[] a = adult.get(e.getKey());
      if (a == null) {
        continue;
      }
      int[] k = counts.get(e.getKey());
      double[] d = new double[dim];
      for (int i = 0; i < dim; i++) {
        d[i] = e.getValue()[i] / k[0] - a[i] / k[1];
      }
      addOuter(c, d, dim);
      n++;
    }
    if (n == 0) {
      throw new IllegalArgumentException(
          "no identity has both young and adult photos: age directions cannot be fitted");
    }
    finishSymmetric(c, dim, n);
    return SymmetricEigen.of(c, dim);
  }

  private static double[][] topDirections(SymmetricEigen age, int k) {
    if (k > age.size()) {
      throw new IllegalArgumentException("more age directions than dimensions");
    }
    double[][] u = new double[k][];
    for (int i = 0; i < k; i++) {
      u[i] = age.column(i);
    }
    return u;
  }

  private static double[][] projectOut(List<Face> faces, double[][] u) {
    double[][] out = new double[faces.size()][];
    for (int f = 0; f < faces.size(); f++) {
      float[] x = faces.get(f).vector();
      double[] p = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        p[i] = x[i];
      }
      for (double[] dir : u) {
        double dot = 0;
        for (int i = 0; i < p.length; i++) {
          dot += dir[i] * p[i];
        }
        for (int i = 0; i < p.length; i++) {
          p[i] -= dot * dir[i];
        }
      }
      out[f] = p;
    }
    return out;
  }

  /** Within-identity scatter over identities with two photos or more, per photo. */
  private static double[] withinScatter(List<Face> faces, double[][] vectors, int dim) {
    Map<String, List<Integer>> bySubject = new HashMap<>();
    for (int f = 0; f < faces.size(); f++) {
      bySubject.computeIfAbsent(faces.get(f).subject(), s -> new ArrayList<>()).add(f);
    }
    double[] sw = new double[dim * dim];
    int n = 0;
    double[] r = new double[dim];
    for (List<Integer> members : bySubject.values()) {
      if (members.size() < 2) {
        continue;
      }
      double[] mean = new double[dim];
      for (int f : members) {
        for (int i = 0; i < dim; i++) {
          mean[i] += vectors[f][i] / members.size();
        }
      }
      for (int f : members) {
        for (int i = 0; i < dim; i++) {
          r[i] = vectors[f][i] - mean[i];
        }
        addOuter(sw, r, dim);
        n++;
      }
    }
    if (n == 0) {
      throw new IllegalArgumentException(
          "no identity has two photos or more: within-identity scatter cannot be fitted");
    }
    finishSymmetric(sw, dim, n);
    return sw;
  }

  /** Adds {@code v v^T} to the upper triangle of {@code m}. */
  private static void addOuter(double[] m, double[] v, int dim) {
    for (int i = 0; i < dim; i++) {
      double vi = v[i];
      int row = i * dim;
      for (int j = i; j < dim; j++) {
        m[row + j] += vi * v[j];
      }
    }
  }

  /** Divides by {@code n} and mirrors the upper triangle into the lower one. */
  private static void finishSymmetric(double[] m, int dim, int n) {
    for (int i = 0; i < dim; i++) {
      for (int j = i; j < dim; j++) {
        double v = m[i * dim + j] / n;
        m[i * dim + j] = v;
        m[j * dim + i] = v;
      }
    }
  }

  private static double trace(SymmetricEigen e) {
    double t = 0;
    for (int i = 0; i < e.size(); i++) {
      t += Math.max(0, e.value(i));
    }
    return t;
  }

  /** Each vector in the eigenbasis of the within-identity scatter: {@code V^T x}. */
  private static double[][] rotate(SymmetricEigen basis, double[][] vectors) {
    int dim = basis.size();
    double[][] columns = new double[dim][];
    for (int c = 0; c < dim; c++) {
      columns[c] = basis.column(c);
    }
    double[][] out = new double[vectors.length][dim];
    for (int f = 0; f < vectors.length; f++) {
      double[] x = vectors[f];
      for (int c = 0; c < dim; c++) {
        double[] col = columns[c];
        double s = 0;
        for (int i = 0; i < dim; i++) {
          s += col[i] * x[i];
        }
        out[f][c] = s;
      }
    }
    return out;
  }

  /** Per-eigendirection weights: {@code (e + lambda)^-1/2}, or 1 without WCCN. */
  private static double[] scale(SymmetricEigen within, Setting s, double meanVariance) {
    double[] w = new double[within.size()];
    double lambda = s.alpha() * meanVariance;
    for (int i = 0; i < w.length; i++) {
      w[i] = s.whitens() ? 1 / Math.sqrt(Math.max(0, within.value(i)) + lambda) : 1;
    }
    return w;
  }

  /**
   * Child->adult rank-1/5/10/20 among {@code faces}: young photos are probes, adult photos the
   * gallery; ties count against the probe.
   */
  private static double[] ranks(List<Face> faces, double[][] rotated, double[] scale) {
    int dim = scale.length;
    List<float[]> gallery = new ArrayList<>();
    List<String> gallerySubjects = new ArrayList<>();
    List<float[]> probes = new ArrayList<>();
    List<String> probeSubjects = new ArrayList<>();
    for (int f = 0; f < faces.size(); f++) {
      float[] y = new float[dim];
      double sq = 0;
      for (int i = 0; i < dim; i++) {
        double v = rotated[f][i] * scale[i];
        y[i] = (float) v;
        sq += v * v;
      }
      float inv = (float) (1 / Math.sqrt(sq));
      for (int i = 0; i < dim; i++) {
        y[i] *= inv;
      }
      if (faces.get(f).young()) {
        probes.add(y);
        probeSubjects.add(faces.get(f).subject());
      } else {
        gallery.add(y);
        gallerySubjects.add(faces.get(f).subject());
      }
    }
    return Ranks.childToAdult(probes, probeSubjects, gallery, gallerySubjects);
  }
}
