package io.homeward.embedder.cli;

import io.homeward.embedder.eval.CacdPairs;
import io.homeward.embedder.eval.EvaluationReport;
import io.homeward.embedder.eval.EvaluationResult;
import io.homeward.embedder.eval.Evaluator;
import io.homeward.embedder.eval.GroupMetrics;
import io.homeward.embedder.eval.IdentificationMetrics;
import io.homeward.embedder.eval.LabeledVector;
import io.homeward.embedder.eval.LagManifest;
import io.homeward.embedder.eval.PairVerification;
import io.homeward.embedder.eval.PairVerificationResult;
import io.homeward.embedder.eval.Plots;
import io.homeward.embedder.eval.ReportJson;
import io.homeward.embedder.eval.ScoredPair;
import io.homeward.embedder.eval.SummaryTable;
import io.homeward.embedder.eval.VerificationMetrics;
import io.homeward.embedder.pipeline.EmbedderEngine;
import io.homeward.embedder.pipeline.EngineSettings;
import io.homeward.proto.search.v1.ModelRef;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Cross-age accuracy, reading the images where they are (research sets are never copied):
 * child-to-adult identification and verification on LAG, pair verification on CACD, for one or more
 * configurations side by side.
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
      "Child->adult identification on LAG (probes: young photos; gallery: adult photos): rank-1/5/10/20,",
      "CMC, TAR at FAR 1e-2 and 1e-3, AUC, EER; CACD pair verification (threshold chosen on the other fold).",
      "Prints a table and writes JSON reports and PNG plots (CMC, ROC, score histograms) to --out.",
      "With --through-service, LAG identification also runs through the search service: face only,",
      "with SIMULATED metadata, and with simulated metadata carrying recollection errors, plus the",
      "recall@10 of the service's index against exact search."
    })
final class EvalCommand implements Callable<Integer> {
  @Mixin EngineOptions engineOptions;

  @Option(
      names = "--lag",
      description = "LAG folder with manifest.csv (default: ${DEFAULT-VALUE}).")
  Path lag = Path.of("..", "shared", "datasets", "lag");

  @Option(
      names = "--cacd",
      description = "CACD-VS folder with pairs.csv (default: ${DEFAULT-VALUE}).")
  Path cacd = Path.of("..", "shared", "datasets", "cacd_vs");

  @Option(
      names = "--out",
      description = "Folder for reports and plots (default: ${DEFAULT-VALUE}).")
  Path out = Path.of("eval-out");

  @Option(
      names = "--configs",
      split = ",",
      description = "Configurations to compare: flip, no-flip (default: ${DEFAULT-VALUE}).")
  List<String> configs = List.of("flip", "no-flip");

  @Option(
      names = "--subjects",
      description = "Only the first N LAG subjects (a quick look; default: all).")
  Integer subjects;

  @Option(
      names = "--through-service",
      paramLabel = "HOST:PORT",
      description = {
        "Also run LAG identification through the search service's gRPC API at HOST:PORT (loopback",
        "only; e.g. 127.0.0.1:9111). It must serve the embedding's model with an empty index; the",
        "LAG faces are upserted under pseudonymous case references and removed afterwards."
      })
  String throughService;

  @Override
  public Integer call() throws Exception {
    boolean haveLag = Files.isRegularFile(lag.resolve(LagManifest.FILE_NAME));
    boolean haveCacd = Files.isRegularFile(cacd.resolve(CacdPairs.FILE_NAME));
    if (!haveLag && !haveCacd) {
      System.err.println("homeward eval: neither " + lag + " nor " + cacd + " holds a dataset");
      return 2;
    }
    if (throughService != null && !haveLag) {
      System.err.println("homeward eval: --through-service needs LAG, and " + lag + " has none");
      return 2;
    }
    Files.createDirectories(out);
    PrintStream err = System.err;
    List<LagManifest.Sample> samples = haveLag ? limit(LagManifest.read(lag)) : List.of();
    List<CacdPairs.Pair> pairs = haveCacd ? CacdPairs.read(cacd) : List.of();

    Map<String, EvaluationReport> reports = new LinkedHashMap<>();
    Map<String, IdentificationMetrics> cmc = new LinkedHashMap<>();
    Map<String, VerificationMetrics> roc = new LinkedHashMap<>();
    List<String> serviceNotes = new ArrayList<>();
    for (String config : configs) {
      EngineSettings settings = settingsFor(config);
      try (EmbedderEngine engine = EmbedderEngine.start(settings)) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("configuration", config);
        labels.put("embedding", engine.embeddingModel().ref());
        labels.put("detector", engine.detectorModel().ref());
        labels.put("landmarks", engine.landmarkModel().ref());
        labels.put("flipAveraging", Boolean.toString(settings.flipAveraging()));
        labels.put("projection", "identity");
        labels.put("faceChoice", "largest face, quality gate bypassed");
        labels.put(
            "datasets",
            (haveLag ? "LAG" : "")
                + (haveLag && haveCacd ? " + " : "")
                + (haveCacd ? "CACD-VS folds 1-2" : ""));
        labels.put("date", Instant.now().toString());

        ModelRef model =
            ModelRef.newBuilder()
                .setId(engine.embeddingModel().id())
                .setVersion(engine.embeddingModel().version())
                .build();
        ServiceEvaluation service = null;
        String indexKind = null;
        try {
          if (throughService != null) {
            // Checked before the embedding, which takes minutes.
            service = ServiceEvaluation.connect(throughService, err);
            indexKind = service.checkReady(model);
          }
          LagRun lagRun = haveLag ? evaluateLag(engine, samples, config, err) : null;
          EvaluationResult lagResult = lagRun == null ? null : lagRun.result();
          PairVerificationResult cacdResult =
              haveCacd ? evaluateCacd(engine, pairs, config, err) : null;
          EvaluationReport report = EvaluationReport.of(labels, lagResult, cacdResult);
          reports.put(config, report);
          ReportJson.write(report, out.resolve("eval-" + config + ".json"));
          if (lagResult != null) {
            cmc.put(config, lagResult.overall().identification());
            roc.put(config, lagResult.overall().verification());
            Plots.writeScoreHistogram(
                "LAG child->adult scores (" + config + ")",
                lagResult.overall().histogram(),
                lagResult.overall().verification(),
                out.resolve("scores-" + config + ".png"));
          }
          if (service != null) {
            ServiceEvaluation.Result r =
                service.evaluate(model, indexKind, lagRun.probes(), lagRun.gallery(), lagResult);
            addServiceReports(config, labels, r, reports, cmc, serviceNotes);
          }
        } catch (ServiceEvaluation.ServiceException e) {
          err.println("homeward eval: " + e.getMessage());
          return 3;
        } finally {
          if (service != null) {
            service.close();
          }
        }
      }
    }
    if (!cmc.isEmpty()) {
      Plots.writeCmc(cmc, out.resolve("cmc.png"));
      Plots.writeRoc(roc, out.resolve("roc.png"));
    }
    System.out.println(SummaryTable.format(reports));
    serviceNotes.forEach(System.out::println);
    System.out.println("Reports and plots: " + out.toAbsolutePath());
    return 0;
  }

  private void addServiceReports(
      String config,
      Map<String, String> engineLabels,
      ServiceEvaluation.Result r,
      Map<String, EvaluationReport> reports,
      Map<String, IdentificationMetrics> cmc,
      List<String> notes)
      throws java.io.IOException {
    String recall =
        String.format(
            Locale.ROOT,
            "%.4f (k=%d call); %.4f (top %d of a k=%d call)",
            r.recallAt10(),
            ServiceEvaluation.RECALL_K,
            r.recallAt10Of100(),
            ServiceEvaluation.RECALL_K,
            ServiceEvaluation.K);
    for (Map.Entry<String, GroupMetrics> e : r.byConfiguration().entrySet()) {
      String name = config + "+svc:" + e.getKey();
      Map<String, String> labels = new LinkedHashMap<>(engineLabels);
      labels.put("configuration", name);
      labels.put("searchService", throughService);
      labels.put("searchIndex", r.indexKind());
      labels.put("calibration", r.calibrationVersion());
      labels.put(
          "ranks",
          "image-level, from candidate lists of k="
              + ServiceEvaluation.K
              + " (a match below them is a miss); verification figures not computed");
      labels.put(
          "metadata",
          switch (e.getKey()) {
            case ServiceEvaluation.FACE_ONLY ->
                "none sent with probes (no metadata evidence applies); gallery faces carry "
                    + "simulated metadata";
            case ServiceEvaluation.METADATA -> SimulatedMetadata.DESCRIPTION;
            default ->
                SimulatedMetadata.NOISY_DESCRIPTION
                    + " ("
                    + r.noisySubjects()
                    + " of "
                    + r.subjects()
                    + " subjects)";
          });
      labels.put("indexRecallAt10VsExact", recall);
      EvaluationReport report = new EvaluationReport(labels, e.getValue(), Map.of(), null);
      reports.put(name, report);
      ReportJson.write(
          report,
          out.resolve(
              "eval-"
                  + config
                  + "-service-"
                  + e.getKey().replaceAll("[^A-Za-z0-9]+", "-").replaceAll("-$", "")
                  + ".json"));
      cmc.put(name, e.getValue().identification());
    }
    notes.add(
        config
            + "+svc: index "
            + r.indexKind()
            + ", calibration "
            + r.calibrationVersion()
            + "; recall@10 vs exact search: "
            + recall);
    notes.add(
        String.format(
            Locale.ROOT,
            "%s+svc: face-only rank equals the direct rank for %d of %d probes ranked within %d;"
                + " %d face-only lists out of raw-score order",
            config,
            r.agreeWithDirect(),
            r.comparableWithDirect(),
            ServiceEvaluation.K,
            r.unsortedLists()));
    notes.add(
        config
            + "+svc metadata columns use SIMULATED metadata: "
            + SimulatedMetadata.NOISY_DESCRIPTION
            + " ("
            + r.noisySubjects()
            + " of "
            + r.subjects()
            + " subjects noisy)");
  }

  /** LAG's direct evaluation and the labelled vectors it was computed from. */
  private record LagRun(
      EvaluationResult result, List<LabeledVector> probes, List<LabeledVector> gallery) {}

  private LagRun evaluateLag(
      EmbedderEngine engine, List<LagManifest.Sample> samples, String config, PrintStream err) {
    List<Path> files = new ArrayList<>();
    Path root = imagesRoot(lag);
    samples.forEach(s -> files.add(s.resolve(root)));
    BatchEmbedder.Outcome outcome = BatchEmbedder.embedAll(engine, files, "LAG " + config, err);
    if (!outcome.failures().isEmpty()) {
      err.println("LAG photos without a face, by reason: " + outcome.failures());
    }
    List<LabeledVector> probes = new ArrayList<>();
    List<LabeledVector> gallery = new ArrayList<>();
    for (LagManifest.Sample s : samples) {
      LabeledVector v =
          new LabeledVector(s.file(), s.subject(), outcome.vectors().get(s.resolve(root)));
      (s.isYoung() ? probes : gallery).add(v);
    }
    return new LagRun(Evaluator.evaluate(probes, gallery), probes, gallery);
  }

  private PairVerificationResult evaluateCacd(
      EmbedderEngine engine, List<CacdPairs.Pair> pairs, String config, PrintStream err) {
    Path root = imagesRoot(cacd);
    Set<Path> unique = new LinkedHashSet<>();
    pairs.forEach(
        p -> {
          unique.add(p.resolve0(root));
          unique.add(p.resolve1(root));
        });
    BatchEmbedder.Outcome outcome =
        BatchEmbedder.embedAll(engine, new ArrayList<>(unique), "CACD " + config, err);
    List<ScoredPair> scored = new ArrayList<>();
    for (CacdPairs.Pair p : pairs) {
      float[] a = outcome.vectors().get(p.resolve0(root));
      float[] b = outcome.vectors().get(p.resolve1(root));
      scored.add(
          new ScoredPair(
              p.id(), p.fold(), a == null || b == null ? Double.NaN : dot(a, b), p.same()));
    }
    return PairVerification.crossFold(scored);
  }

  /** Manifests name files relative to the set's {@code images/} folder where it has one. */
  private static Path imagesRoot(Path set) {
    Path images = set.resolve("images");
    return Files.isDirectory(images) ? images : set;
  }

  private List<LagManifest.Sample> limit(List<LagManifest.Sample> all) {
    if (subjects == null) {
      return all;
    }
    Set<String> kept = new LinkedHashSet<>();
    all.forEach(
        s -> {
          if (kept.size() < subjects) {
            kept.add(s.subject());
          }
        });
    return all.stream().filter(s -> kept.contains(s.subject())).toList();
  }

  private EngineSettings settingsFor(String config) {
    EngineSettings base = engineOptions.settings();
    return switch (config) {
      case "flip" -> base.withFlipAveraging(true);
      case "no-flip" -> base.withFlipAveraging(false);
      default ->
          throw new IllegalArgumentException(
              "unknown configuration '" + config + "' (flip, no-flip)");
    };
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
