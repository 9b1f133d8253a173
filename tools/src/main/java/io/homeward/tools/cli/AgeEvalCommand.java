package io.homeward.tools.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.homeward.embedder.domain.AgeClass;
import io.homeward.embedder.domain.AgeEstimate;
import io.homeward.embedder.domain.EmbedResult;
import io.homeward.embedder.domain.EmbeddedFace;
import io.homeward.embedder.domain.FacePolicy;
import io.homeward.embedder.image.DecodedImage;
import io.homeward.embedder.image.ImageDecoder;
import io.homeward.embedder.inference.InferenceDevice;
import io.homeward.embedder.pipeline.AgeProbe;
import io.homeward.embedder.pipeline.EmbedOptions;
import io.homeward.embedder.pipeline.EmbedderEngine;
import io.homeward.embedder.pipeline.EngineSettings;
import io.homeward.tools.age.AgeObservation;
import io.homeward.tools.age.AgePlots;
import io.homeward.tools.age.AgeSummary;
import io.homeward.tools.age.LogisticRegression;
import io.homeward.tools.eval.LagManifest;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Age estimation measured where it can be: mean absolute error by age band on the synthetic grids
 * (the only faces here with stated ages), and minor/adult classification on LAG (childhood photos
 * against adult photos) and CACD (adults), for every candidate side by side. The largest face of
 * each photo is found once by the engine; every candidate then estimates its age from that box.
 */
@Command(
    name = "age-eval",
    mixinStandardHelpOptions = true,
    description = {
      "Age estimators side by side: MAE by age band (0-5, 6-12, 13-17, 18-30, 31+) on the synthetic",
      "grids (row labels: 10 months, 2.5, 'small child' taken as 6, 16, 30, 70 years), the fraction of",
      "LAG childhood photos classified minor (and minor or uncertain, i.e. redacted), of LAG and CACD",
      "adults classified adult, and a logistic minor/adult classifier on the face vectors",
      "(identity-disjoint 5-fold cross-validation on LAG). Writes JSON and PNG plots to --out."
    })
final class AgeEvalCommand implements Callable<Integer> {
  /** The candidates measured by default: the winner, the other converted models, the baseline. */
  static final List<String> DEFAULT_CANDIDATES =
      List.of(
          "classpath:homeward/models/age/hse-faceres-age.json",
          "classpath:homeward/models/age/human-gear-age.json",
          "classpath:homeward/models/age/human-ssrnet-age.json",
          "classpath:homeward/models/age/faceplugin-ssrnet-age.json");

  /** Row labels of the SFHQ age grids, top to bottom (a CLIP text search; approximate). */
  static final double[] GRID_ROW_AGES = {0.8, 2.5, 6, 16, 30, 70};

  static final List<String> GRIDS = SyntheticGrids.AGE_GRIDS;
  static final String EMBEDDING_CLASSIFIER = "embedding-logistic";

  @Mixin EngineOptions engineOptions;

  @Mixin DatasetOptions datasets;

  @Option(
      names = "--synthetic",
      description = "Folder of the SFHQ age grids (default: ${DEFAULT-VALUE}).")
  Path synthetic = Path.of("..", "shared", "fixtures", "synthetic");

  @Option(
      names = "--candidates",
      split = ",",
      description = "Age model manifests to compare (default: the four shipped manifests).")
  List<String> candidates = DEFAULT_CANDIDATES;

  @Option(
      names = "--limit",
      description =
          "At most this many photos per LAG group and from CACD, chosen at random with a fixed seed (0: all).")
  int limit;

  @Option(
      names = "--no-embedding-classifier",
      description = "Leave out the logistic classifier on the face vectors.")
  boolean noEmbeddingClassifier;

  @Option(
      names = "--out",
      description = "Folder for the JSON report and plots (default: ${DEFAULT-VALUE}).")
  Path out = Path.of("eval-out");

  /** One photo to measure. */
  private record Sample(String set, String subject, double age, boolean minor, Source source) {}

  /** Where a sample's bytes come from. */
  private interface Source {
    byte[] read() throws IOException;
  }

  @Override
  public Integer call() throws Exception {
    PrintStream err = System.err;
    List<Sample> samples = collect(err);
    if (samples.isEmpty()) {
      err.println("age-eval: no data found (../shared is absent?); nothing to measure");
      return 1;
    }
    EngineSettings settings =
        engineOptions.settings().toBuilder().workers(1).flipAveraging(false).build();
    List<AgeProbe> probes = new ArrayList<>();
    Map<String, List<AgeObservation>> observations = new LinkedHashMap<>();
    Map<String, long[]> nanos = new LinkedHashMap<>();
    List<float[]> vectors = new ArrayList<>();
    List<Sample> embedded = new ArrayList<>();
    Map<String, Integer> noFace = new LinkedHashMap<>();
    try (EmbedderEngine engine = EmbedderEngine.start(settings)) {
      for (String c : candidates) {
        AgeProbe p =
            AgeProbe.open(settings.modelsDir(), c, InferenceDevice.parse(engineOptions.device));
        probes.add(p);
        observations.put(name(p), new ArrayList<>());
        nanos.put(name(p), new long[2]);
      }
      ImageDecoder decoder = new ImageDecoder(settings.imageLimits());
      Progress progress = new Progress("age-eval", samples.size(), err);
      EmbedOptions options = new EmbedOptions(FacePolicy.LARGEST, true);
      Deque<CompletableFuture<EmbedResult>> inFlight = new ArrayDeque<>();
      Deque<byte[]> bytesInFlight = new ArrayDeque<>();
      int next = 0;
      for (int done = 0; done < samples.size(); done++) {
        // Keep the engine's worker busy with the next photos while this thread runs the age models.
        while (next < samples.size() && inFlight.size() < 8) {
          byte[] bytes = samples.get(next++).source().read();
          bytesInFlight.add(bytes);
          inFlight.add(engine.embed(bytes, options));
        }
        Sample s = samples.get(done);
        byte[] bytes = bytesInFlight.poll();
        EmbedResult r;
        try {
          r = inFlight.poll().join();
        } catch (RuntimeException e) {
          r = null;
        }
        progress.step();
        if (r == null || r.faces().isEmpty()) {
          noFace.merge(s.set(), 1, Integer::sum);
          continue;
        }
        EmbeddedFace face = r.faces().get(0);
        vectors.add(face.vector().copyValues());
        embedded.add(s);
        try (DecodedImage image = decoder.decode(bytes)) {
          for (AgeProbe p : probes) {
            long t0 = System.nanoTime();
            AgeEstimate a = p.estimate(image, face.face().box());
            long[] t = nanos.get(name(p));
            t[0] += System.nanoTime() - t0;
            t[1]++;
            double score = Float.isNaN(a.minorProbability()) ? -a.years() : a.minorProbability();
            observations
                .get(name(p))
                .add(
                    new AgeObservation(
                        s.set(), s.subject(), s.age(), s.minor(), a.years(), score, a.ageClass()));
          }
        }
      }
    } finally {
      probes.forEach(AgeProbe::close);
    }
    if (!noEmbeddingClassifier) {
      observations.put(EMBEDDING_CLASSIFIER, classifyByEmbedding(embedded, vectors));
      nanos.put(EMBEDDING_CLASSIFIER, new long[] {0, 1});
    }
    List<AgeSummary> summaries = new ArrayList<>();
    observations.forEach(
        (name, obs) -> {
          long[] t = nanos.get(name);
          summaries.add(AgeSummary.of(name, obs, t[0] / 1e6 / Math.max(1, t[1])));
        });
    System.out.println(table(summaries, noFace));
    Map<String, Map<String, Map<String, Double>>> points = new LinkedHashMap<>();
    observations.forEach(
        (name, obs) -> {
          if (!obs.isEmpty()
              && obs.stream().allMatch(o -> o.minorScore() >= 0 && o.minorScore() <= 1)) {
            points.put(name, operatingPoints(obs));
          }
        });
    System.out.println(operatingPointTable(points));
    write(summaries, noFace, observations, points);
    return 0;
  }

  private static String name(AgeProbe p) {
    return p.manifest().id();
  }

  private List<Sample> collect(PrintStream err) throws IOException {
    List<Sample> samples = new ArrayList<>();
    for (String grid : GRIDS) {
      Path file = synthetic.resolve(grid);
      if (Files.isRegularFile(file)) {
        samples.addAll(gridCells(file));
      } else {
        err.println("age-eval: " + file + " is absent; no labelled ages from it");
      }
    }
    if (datasets.haveLag()) {
      Path lagRoot = datasets.lagImages();
      List<LagManifest.Sample> young = new ArrayList<>();
      List<LagManifest.Sample> adult = new ArrayList<>();
      for (LagManifest.Sample s : LagManifest.read(datasets.lag)) {
        (s.isYoung() ? young : adult).add(s);
      }
      for (LagManifest.Sample s : limited(young)) {
        samples.add(
            new Sample(
                "lag",
                s.subject(),
                Double.NaN,
                true,
                () -> Files.readAllBytes(s.resolve(lagRoot))));
      }
      for (LagManifest.Sample s : limited(adult)) {
        samples.add(
            new Sample(
                "lag",
                s.subject(),
                Double.NaN,
                false,
                () -> Files.readAllBytes(s.resolve(lagRoot))));
      }
    } else {
      err.println("age-eval: " + datasets.lag + " is absent; no LAG figures");
    }
    if (datasets.haveCacd()) {
      for (Path f : limited(datasets.cacdFiles())) {
        samples.add(new Sample("cacd", "", Double.NaN, false, () -> Files.readAllBytes(f)));
      }
    } else {
      err.println("age-eval: " + datasets.cacd + " is absent; no CACD figures");
    }
    return samples;
  }

  private <T> List<T> limited(List<T> all) {
    if (limit <= 0 || all.size() <= limit) {
      return all;
    }
    List<T> copy = new ArrayList<>(all);
    Collections.shuffle(copy, new Random(42));
    return copy.subList(0, limit);
  }

  /** The grid's cells as PNG photos, labelled by row. */
  private static List<Sample> gridCells(Path file) {
    List<Sample> cells = new ArrayList<>();
    for (SyntheticGrids.Cell cell : SyntheticGrids.cells(file)) {
      double age = GRID_ROW_AGES[cell.row()];
      byte[] png = cell.png();
      cells.add(new Sample("synthetic", "", age, age < 18, () -> png));
    }
    return cells;
  }

  /**
   * A logistic minor/adult classifier on the face vectors, fitted on LAG (young = minor). LAG faces
   * are scored out of fold (5 folds, identity-disjoint); other faces by a fit on all of LAG.
   */
  private static List<AgeObservation> classifyByEmbedding(
      List<Sample> samples, List<float[]> vectors) {
    int folds = 5;
    List<AgeObservation> obs = new ArrayList<>();
    List<Integer> lagIndex = new ArrayList<>();
    for (int i = 0; i < samples.size(); i++) {
      if (samples.get(i).set().equals("lag")) {
        lagIndex.add(i);
      }
    }
    if (lagIndex.isEmpty()) {
      return obs;
    }
    double[] score = new double[samples.size()];
    for (int f = 0; f < folds; f++) {
      List<Integer> train = new ArrayList<>();
      for (int i : lagIndex) {
        if (fold(samples.get(i).subject(), folds) != f) {
          train.add(i);
        }
      }
      LogisticRegression model = fit(samples, vectors, train);
      for (int i : lagIndex) {
        if (fold(samples.get(i).subject(), folds) == f) {
          score[i] = model.probability(vectors.get(i));
        }
      }
    }
    LogisticRegression all = fit(samples, vectors, lagIndex);
    for (int i = 0; i < samples.size(); i++) {
      Sample s = samples.get(i);
      double p = s.set().equals("lag") ? score[i] : all.probability(vectors.get(i));
      AgeClass c = p >= 0.5 ? AgeClass.MINOR : p <= 0.1 ? AgeClass.ADULT : AgeClass.UNCERTAIN;
      obs.add(new AgeObservation(s.set(), s.subject(), s.age(), s.minor(), Double.NaN, p, c));
    }
    return obs;
  }

  private static int fold(String subject, int folds) {
    return Math.floorMod(subject.hashCode() * 0x9E3779B9, folds);
  }

  private static LogisticRegression fit(
      List<Sample> samples, List<float[]> vectors, List<Integer> rows) {
    float[][] x = new float[rows.size()][];
    boolean[] y = new boolean[rows.size()];
    for (int k = 0; k < rows.size(); k++) {
      x[k] = vectors.get(rows.get(k));
      y[k] = samples.get(rows.get(k)).minor();
    }
    return LogisticRegression.fit(x, y, 1e-2, 300);
  }

  static String table(List<AgeSummary> summaries, Map<String, Integer> noFace) {
    StringBuilder b = new StringBuilder();
    String fmt = "%-26s";
    b.append(String.format(Locale.ROOT, fmt, ""));
    summaries.forEach(s -> b.append(String.format(Locale.ROOT, "%22s", s.candidate())));
    b.append('\n');
    AgeSummary first = summaries.get(0);
    for (String band : first.maeByBand().keySet()) {
      b.append(
          String.format(
              Locale.ROOT, fmt, "MAE " + band + " (n=" + first.facesByBand().get(band) + ")"));
      summaries.forEach(s -> b.append(cell(s.maeByBand().get(band), "%.1f")));
      b.append('\n');
    }
    b.append(String.format(Locale.ROOT, fmt, "MAE all labelled"));
    summaries.forEach(s -> b.append(cell(s.maeOverall(), "%.1f")));
    b.append('\n');
    for (String rate : first.rates().keySet()) {
      b.append(String.format(Locale.ROOT, fmt, rate + " (n=" + first.rates().get(rate).of() + ")"));
      summaries.forEach(s -> b.append(cell(s.rates().get(rate).fraction(), "%.3f")));
      b.append('\n');
    }
    b.append(String.format(Locale.ROOT, fmt, "LAG AUC young vs adult"));
    summaries.forEach(s -> b.append(cell(s.lagAuc(), "%.3f")));
    b.append('\n');
    b.append(String.format(Locale.ROOT, fmt, "ms per face"));
    summaries.forEach(s -> b.append(cell(s.msPerFace(), "%.1f")));
    b.append('\n');
    b.append(String.format(Locale.ROOT, fmt, "tells children from adults"));
    summaries.forEach(
        s ->
            b.append(
                String.format(Locale.ROOT, "%22s", s.tellsChildrenFromAdults() ? "yes" : "NO")));
    b.append('\n');
    b.append("Criteria (fixed before measuring): ").append(AgeSummary.criteria()).append('\n');
    b.append("Photos with no face (left out): ")
        .append(noFace.isEmpty() ? "none" : noFace)
        .append('\n');
    b.append(
        "Labels: synthetic ages are the grid rows' captions (approximate); LAG 'young' photos count as"
            + " under 18 although some are not; LAG and CACD state no ages, so MAE comes only from the"
            + " 156 synthetic faces.");
    return b.toString();
  }

  /** Thresholds on the probability of a minor at or below which a face counts as an adult. */
  static final double[] ADULT_AT = {0.01, 0.02, 0.05, 0.1, 0.2, 0.3};

  /**
   * For estimators that give a probability of a minor: how the rates move with the threshold below
   * which a face is called adult (everything above it is redacted as a minor or uncertain).
   */
  static Map<String, Map<String, Double>> operatingPoints(List<AgeObservation> obs) {
    Map<String, Map<String, Double>> byThreshold = new LinkedHashMap<>();
    for (double t : ADULT_AT) {
      Map<String, Double> rates = new LinkedHashMap<>();
      rates.put("lag young: redacted", fraction(obs, "lag", true, o -> o.minorScore() > t));
      rates.put(
          "synthetic <18: redacted", fraction(obs, "synthetic", true, o -> o.minorScore() > t));
      rates.put("lag adult: adult", fraction(obs, "lag", false, o -> o.minorScore() <= t));
      rates.put("cacd adult: adult", fraction(obs, "cacd", false, o -> o.minorScore() <= t));
      rates.put(
          "synthetic adult: adult", fraction(obs, "synthetic", false, o -> o.minorScore() <= t));
      byThreshold.put(String.format(Locale.ROOT, "adultAt %.2f", t), rates);
    }
    return byThreshold;
  }

  private static double fraction(
      List<AgeObservation> obs, String set, boolean minor, Predicate<AgeObservation> counted) {
    int n = 0;
    int hit = 0;
    for (AgeObservation o : obs) {
      if (o.set().equals(set) && o.minor() == minor) {
        n++;
        hit += counted.test(o) ? 1 : 0;
      }
    }
    return n == 0 ? Double.NaN : hit / (double) n;
  }

  static String operatingPointTable(Map<String, Map<String, Map<String, Double>>> points) {
    StringBuilder b =
        new StringBuilder(
            "\nOperating points (probability of a minor <= adultAt: adult; above: redacted)\n");
    points.forEach(
        (name, byThreshold) -> {
          b.append(name).append('\n');
          byThreshold.forEach(
              (t, rates) -> {
                b.append(String.format(Locale.ROOT, "  %-14s", t));
                rates.forEach(
                    (k, v) ->
                        b.append(
                            String.format(
                                Locale.ROOT,
                                "  %s %s",
                                k,
                                Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v))));
                b.append('\n');
              });
        });
    return b.toString();
  }

  private static String cell(double v, String format) {
    return String.format(
        Locale.ROOT, "%22s", Double.isNaN(v) ? "-" : String.format(Locale.ROOT, format, v));
  }

  private void write(
      List<AgeSummary> summaries,
      Map<String, Integer> noFace,
      Map<String, List<AgeObservation>> observations,
      Map<String, Map<String, Map<String, Double>>> points)
      throws IOException {
    Files.createDirectories(out);
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("createdAt", Instant.now().toString());
    report.put("criteria", AgeSummary.criteria());
    report.put("gridRowAges", GRID_ROW_AGES);
    report.put("limitPerGroup", limit);
    report.put("photosWithoutFace", noFace);
    report.put("summaries", summaries);
    report.put("operatingPoints", points);
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(out.resolve("age-eval.json").toFile(), report);
    Map<String, List<AgeObservation>> synthetic = new LinkedHashMap<>();
    observations.forEach(
        (k, v) -> synthetic.put(k, v.stream().filter(o -> o.set().equals("synthetic")).toList()));
    AgePlots.writeScatter(synthetic, out.resolve("age-scatter.png"));
    AgePlots.writeRates(summaries, out.resolve("age-rates.png"));
    System.out.println("Report and plots: " + out.toAbsolutePath());
  }
}
