package io.homeward.tools.bench;

import io.homeward.embedder.pipeline.EmbedderEngine;
import io.homeward.embedder.pipeline.EngineSettings;
import io.homeward.embedder.projection.Projection;
import io.homeward.embedder.projection.ProjectionFile;
import io.homeward.embedder.projection.ProjectionPolicy;
import io.homeward.models.ModelManifest;
import io.homeward.tools.cli.RawVectors;
import io.homeward.tools.eval.CacdPairs;
import io.homeward.tools.eval.LagManifest;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Real face vectors for the benchmark: every LAG and CACD-VS photo embedded as the service embeds
 * (largest face, mirror averaging) and projected into the service's default space (the bundled
 * projection), and a Gaussian fitted to them (mean and covariance) from which the benchmark draws
 * its other vectors.
 *
 * <p>The model's vectors are embedded once and kept in the same owner-only cache file as {@code
 * ./homeward eval --vector-cache}: biometric data of the data sets, never committed. The mean and
 * covariance are computed from them on every run (a second or two), so nothing derived from faces
 * is written anywhere else.
 *
 * @param faces the projected unit vectors, by LAG subject (CACD photos carry no subject)
 * @param projection the projection's id
 * @param gaussian the fitted distribution
 */
record FaceVectors(List<Face> faces, String projection, Gaussian gaussian) {

  /**
   * One real face.
   *
   * @param subject the LAG subject, or {@code null} for a CACD-VS photo
   * @param young a LAG young photo
   * @param vector projected, unit length
   */
  record Face(String subject, boolean young, float[] vector) {}

  /**
   * Embeds (or reads from {@code cache}) and projects every photo of the two sets.
   *
   * @param modelsDir the verified weights
   */
  static FaceVectors load(Path lag, Path cacd, Path cache, Path modelsDir, PrintStream err)
      throws IOException {
    if (!Files.isRegularFile(lag.resolve(LagManifest.FILE_NAME))) {
      throw new IllegalArgumentException(
          "realistic vectors need LAG in "
              + lag
              + " (or use --vectors random): its "
              + LagManifest.FILE_NAME
              + " is missing");
    }
    List<LagManifest.Sample> samples = LagManifest.read(lag);
    Path lagImages = imagesRoot(lag);
    Map<Path, LagManifest.Sample> lagFiles = new LinkedHashMap<>();
    samples.forEach(s -> lagFiles.put(s.resolve(lagImages), s));
    LinkedHashSet<Path> files = new LinkedHashSet<>(lagFiles.keySet());
    if (Files.isRegularFile(cacd.resolve(CacdPairs.FILE_NAME))) {
      Path cacdImages = imagesRoot(cacd);
      for (CacdPairs.Pair p : CacdPairs.read(cacd)) {
        files.add(p.resolve0(cacdImages));
        files.add(p.resolve1(cacdImages));
      }
    }
    EngineSettings settings = RawVectors.settings(EngineSettings.defaults(modelsDir));
    Map<Path, float[]> raw;
    ModelManifest model;
    try (EmbedderEngine engine = EmbedderEngine.start(settings)) {
      model = engine.embeddingModel();
      raw = RawVectors.embed(engine, List.copyOf(files), "LAG + CACD", err, cache);
    }
    Projection projection = ProjectionFile.read(ProjectionPolicy.BUNDLED);
    projection.checkModel(model.id(), model.version(), model.dimension());
    List<Face> faces = new ArrayList<>();
    for (Map.Entry<Path, float[]> e : raw.entrySet()) {
      if (e.getValue() == null) {
        continue;
      }
      LagManifest.Sample s = lagFiles.get(e.getKey());
      faces.add(
          new Face(
              s == null ? null : s.subject(),
              s != null && s.isYoung(),
              projection.apply(e.getValue())));
    }
    if (faces.size() <= projection.outputDimension()) {
      throw new IllegalArgumentException(
          "too few faces (" + faces.size() + ") to fit a covariance in " + lag + " and " + cacd);
    }
    List<float[]> vectors = faces.stream().map(Face::vector).toList();
    return new FaceVectors(List.copyOf(faces), projection.id(), Gaussian.fit(vectors));
  }

  /**
   * The benchmark's vectors: base vectors drawn from the Gaussian; the queries real young LAG
   * photos, one per subject, chosen by {@code seed}; the first {@code planted} of them with every
   * adult photo of their subject planted on the searched side, the others with none.
   */
  VectorSource source(long seed, int size, int queries, int planted) {
    Map<String, List<Face>> young = new LinkedHashMap<>();
    Map<String, List<Face>> adult = new LinkedHashMap<>();
    for (Face f : faces) {
      if (f.subject() != null) {
        (f.young() ? young : adult).computeIfAbsent(f.subject(), s -> new ArrayList<>()).add(f);
      }
    }
    List<String> subjects = new ArrayList<>(young.keySet());
    subjects.retainAll(adult.keySet());
    if (queries > subjects.size()) {
      throw new IllegalArgumentException(
          "realistic vectors have "
              + subjects.size()
              + " LAG subjects with young and adult photos: at most that many queries");
    }
    Random r = new Random(seed);
    Collections.shuffle(subjects, r);
    List<VectorSource.Planted> withMatches = new ArrayList<>();
    List<float[]> others = new ArrayList<>();
    for (int j = 0; j < queries; j++) {
      String subject = subjects.get(j);
      List<Face> photos = young.get(subject);
      float[] query = photos.get(r.nextInt(photos.size())).vector();
      if (j < planted) {
        withMatches.add(
            new VectorSource.Planted(
                query, adult.get(subject).stream().map(Face::vector).toList()));
      } else {
        others.add(query);
      }
    }
    return VectorSource.realistic(seed, size, gaussian, withMatches, others);
  }

  /** A line on what was fitted, for the report. */
  String describe() {
    long subjects = faces.stream().map(Face::subject).filter(s -> s != null).distinct().count();
    return String.format(
        Locale.ROOT,
        "%d real faces (%d LAG subjects, the rest CACD-VS), projection %s; Gaussian: |mean| %.3f,"
            + " effective dimensions %.1f of %d",
        faces.size(),
        subjects,
        projection,
        gaussian.meanNorm(),
        gaussian.effectiveDimensions(),
        gaussian.dimension());
  }

  private static Path imagesRoot(Path set) {
    Path images = set.resolve("images");
    return Files.isDirectory(images) ? images : set;
  }

  /**
   * A multivariate Gaussian, sampled as {@code mean + L z} with {@code L} the Cholesky factor of
   * the covariance and {@code z} standard normal, then normalised (the service's vectors are unit
   * length).
   */
  static final class Gaussian implements VectorSource.Distribution {
    private final int dim;
    private final double[] mean;
    // Lower triangle of L, row by row: row i holds i + 1 values.
    private final double[] cholesky;
    private final double meanNorm;
    private final double effectiveDimensions;

    private Gaussian(
        double[] mean, double[] cholesky, double meanNorm, double effectiveDimensions) {
      this.dim = mean.length;
      this.mean = mean;
      this.cholesky = cholesky;
      this.meanNorm = meanNorm;
      this.effectiveDimensions = effectiveDimensions;
    }

    /** Mean and sample covariance of {@code vectors} (a small ridge keeps it positive definite). */
    static Gaussian fit(List<float[]> vectors) {
      int dim = vectors.get(0).length;
      int n = vectors.size();
      double[] mean = new double[dim];
      for (float[] v : vectors) {
        for (int d = 0; d < dim; d++) {
          mean[d] += v[d];
        }
      }
      for (int d = 0; d < dim; d++) {
        mean[d] /= n;
      }
      double[][] cov = new double[dim][dim];
      double[] c = new double[dim];
      for (float[] v : vectors) {
        for (int d = 0; d < dim; d++) {
          c[d] = v[d] - mean[d];
        }
        for (int a = 0; a < dim; a++) {
          double ca = c[a];
          double[] row = cov[a];
          for (int b = 0; b <= a; b++) {
            row[b] += ca * c[b];
          }
        }
      }
      double trace = 0;
      double frobenius = 0;
      for (int a = 0; a < dim; a++) {
        for (int b = 0; b <= a; b++) {
          cov[a][b] /= n - 1;
          frobenius += (a == b ? 1 : 2) * cov[a][b] * cov[a][b];
        }
        trace += cov[a][a];
      }
      double ridge = 1e-6 * trace / dim;
      for (int a = 0; a < dim; a++) {
        cov[a][a] += ridge;
      }
      double[] l = new double[dim * (dim + 1) / 2];
      for (int i = 0; i < dim; i++) {
        int ri = i * (i + 1) / 2;
        for (int j = 0; j <= i; j++) {
          int rj = j * (j + 1) / 2;
          double s = cov[i][j];
          for (int t = 0; t < j; t++) {
            s -= l[ri + t] * l[rj + t];
          }
          if (i == j) {
            if (!(s > 0)) {
              throw new IllegalArgumentException("the face vectors' covariance is singular");
            }
            l[ri + i] = Math.sqrt(s);
          } else {
            l[ri + j] = s / l[rj + j];
          }
        }
      }
      double norm = 0;
      for (double m : mean) {
        norm += m * m;
      }
      return new Gaussian(mean, l, Math.sqrt(norm), trace * trace / frobenius);
    }

    @Override
    public int dimension() {
      return dim;
    }

    /** The mean's length: 0 for vectors centred on the origin, 1 for all alike. */
    double meanNorm() {
      return meanNorm;
    }

    /**
     * The covariance's participation ratio {@code trace^2 / ||C||_F^2}: the dimension count if the
     * spread were even in every direction (uniform vectors), fewer when a few directions dominate.
     */
    double effectiveDimensions() {
      return effectiveDimensions;
    }

    @Override
    public void sample(SplittableRandom r, float[] out, int offset) {
      double[] z = new double[dim];
      for (int d = 0; d < dim; d++) {
        z[d] = r.nextGaussian();
      }
      for (int i = 0; i < dim; i++) {
        int ri = i * (i + 1) / 2;
        double s = mean[i];
        for (int t = 0; t <= i; t++) {
          s += cholesky[ri + t] * z[t];
        }
        out[offset + i] = (float) s;
      }
      VectorSource.normalise(out, offset, dim);
    }
  }
}
