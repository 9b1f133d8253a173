package io.homeward.tools.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.homeward.embedder.inference.InferenceDevice;
import io.homeward.embedder.pipeline.EmbedderEngine;
import io.homeward.embedder.pipeline.EngineSettings;
import io.homeward.embedder.projection.FusedSpace;
import io.homeward.embedder.projection.FusionFile;
import io.homeward.embedder.projection.Projection;
import io.homeward.embedder.projection.ProjectionFile;
import io.homeward.embedder.projection.ProjectionPolicy;
import io.homeward.models.ModelManifest;
import io.homeward.search.ranking.Band;
import io.homeward.search.ranking.Calibration;
import io.homeward.search.ranking.Ranker;
import io.homeward.tools.age.AgeGaps;
import io.homeward.tools.eval.CacdPairs;
import io.homeward.tools.eval.LabeledVector;
import io.homeward.tools.eval.LagManifest;
import io.homeward.tools.eval.Plots;
import io.homeward.tools.eval.RankSummary;
import io.homeward.tools.fit.BandThresholds;
import io.homeward.tools.fit.IdentitySplit;
import io.homeward.tools.fit.LogisticCurve;
import io.homeward.tools.fit.PairScores;
import io.homeward.tools.fit.Reliability;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Fits the search service's calibration (cosine to calibrated score, the band thresholds and the
 * agreeing-photos bonus) on the LAG train identities through the bundled projection, measures it on
 * people it was not fitted on, and writes the calibration file with its provenance.
 */
@Command(
    name = "fit-calibration",
    mixinStandardHelpOptions = true,
    description = {
      "Fits the calibration on LAG train identities (child->adult pairs, the projection's split):",
      "a logistic curve cosine -> P(same person) with classes weighted to --prior (0.5: the",
      "log-likelihood ratio), band thresholds that promise a false accept rate each, moved up by",
      "the smallest margin that keeps the measured rate within --tolerance times the promise on",
      "LAG test (child->adult), CACD-VS (adult->adult) and degraded copies of the LAG test young",
      "photos; for case searches, the level at which a photo agrees, the bonus per further",
      "agreeing photo and the penalty per log of the probe photos, fitted on train case searches.",
      "Prints and writes (JSON + PNG)",
      "the transfer table, a reliability diagram of the final scores on LAG test with and without",
      "simulated metadata, and the case-search fusion rules with the fitted calibration."
    })
final class FitCalibrationCommand implements Callable<Integer> {
  static final Map<String, Double> PROMISES =
      mapOf("POSSIBLE", 5e-2, "PROBABLE", 1e-2, "STRONG", 1e-3);

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final int RELIABILITY_BINS = 10;

  @Spec CommandSpec spec;

  @Mixin EngineOptions engineOptions;

  @Mixin DatasetOptions datasets;

  @Option(names = "--out", required = true, description = "Calibration file to write.")
  Path out;

  @Option(
      names = "--version-id",
      description = "The calibration's version (default: ${DEFAULT-VALUE}).")
  String versionId = "lag-fit-v1-agewccn";

  @Option(
      names = "--report-dir",
      description = "Folder for the JSON report and PNG plots (default: ${DEFAULT-VALUE}).")
  Path reportDir = Path.of("eval-out", "calibration");

  @Option(
      names = "--prior",
      description = "Prior of the same person the curve is fitted for (default: ${DEFAULT-VALUE}).")
  double prior = 0.5;

  @Option(
      names = "--tolerance",
      description =
          "Largest measured false accept rate, in multiples of a band's promise (default:"
              + " ${DEFAULT-VALUE}).")
  double tolerance = 1.5;

  @Option(names = "--seed", description = "Seed of the identity split (default: ${DEFAULT-VALUE}).")
  long seed = 7;

  @Option(
      names = "--test-fraction",
      description = "Share of identities held out (default: ${DEFAULT-VALUE}).")
  double testFraction = 0.3;

  @Option(
      names = "--no-degraded",
      description = "Skip the degraded copies (they are embedded in each run, about a minute).")
  boolean noDegraded;

  @Option(
      names = "--before",
      description = {
        "A calibration (classpath:... or a file) whose band thresholds are measured on the same",
        "populations for comparison, e.g. the file this run replaces."
      })
  String before;

  @Option(
      names = "--fusion",
      description = {
        "The fused space to calibrate ('none': the bundled projection's space of the one model;",
        "default: the bundled fused space). Its second model embeds every photo too, its vectors",
        "kept in the --vector-cache file's name plus .second."
      })
  String fusion = EngineSettings.FUSION_BUNDLED;

  @Option(
      names = "--vector-cache",
      description = {
        "Keep the model's vectors of the LAG and CACD photos in FILE between runs (biometric data",
        "of the data sets: owner-only, never commit or share it)."
      })
  Path vectorCache;

  @Option(
      names = "--age-model",
      description = {
        "Estimate every LAG photo's age with this age model manifest (e.g.",
        "classpath:homeward/models/age/hse-faceres-age.json), report LAG test child->adult per",
        "probe-age and age-gap band, and fit a curve per calibration gap band (kept only where the",
        "numbers support it)."
      })
  String ageModel;

  @Option(
      names = "--age-cache",
      description =
          "Keep the age estimates of the LAG photos in FILE between runs (owner-only, never commit).")
  Path ageCache;

  @Override
  public Integer call() throws Exception {
    PrintStream err = System.err;
    PrintStream o = System.out;
    Path lagRoot = datasets.lagImages().toAbsolutePath().normalize();
    Path cacdRoot = datasets.cacdImages().toAbsolutePath().normalize();
    List<LagManifest.Sample> samples = LagManifest.read(datasets.lag.toAbsolutePath().normalize());
    List<CacdPairs.Pair> cacd =
        datasets.haveCacd()
            ? CacdPairs.read(datasets.cacd.toAbsolutePath().normalize())
            : List.of();
    IdentitySplit split = new IdentitySplit(seed, testFraction);

    List<Path> files = new ArrayList<>();
    samples.forEach(s -> files.add(s.resolve(lagRoot)));
    for (CacdPairs.Pair p : cacd) {
      files.add(p.resolve0(cacdRoot));
      files.add(p.resolve1(cacdRoot));
    }
    Map<Path, float[]> raw;
    Map<Path, float[]> degraded = Map.of();
    Map<String, AgeGaps.AgeRange> ages = new HashMap<>();
    ModelManifest model;
    FusedSpace space;
    List<Path> testYoung =
        samples.stream()
            .filter(s -> s.isYoung() && split.isTest(s.subject()))
            .map(s -> s.resolve(lagRoot))
            .toList();
    try (EmbedderEngine engine =
        EmbedderEngine.start(RawVectors.settings(engineOptions.settings()))) {
      model = engine.embeddingModel();
      raw =
          RawVectors.embed(
              engine, files.stream().distinct().toList(), "embedding LAG + CACD", err, vectorCache);
      if (!noDegraded) {
        degraded = DegradedCopies.embed(engine, testYoung, "embedding degraded LAG test", err);
      }
      space = NONE.equals(fusion) ? null : FusionFile.read(fusion);
      if (ageModel != null) {
        List<Path> lagFiles = samples.stream().map(s -> s.resolve(lagRoot)).toList();
        Map<Path, AgeGaps.AgeRange> byFile =
            AgeEstimates.estimate(
                engine,
                ageModel,
                InferenceDevice.parse(engineOptions.device),
                lagFiles,
                err,
                ageCache);
        for (LagManifest.Sample s : samples) {
          AgeGaps.AgeRange a = byFile.get(s.resolve(lagRoot));
          if (a != null) {
            ages.put(s.file(), a);
          }
        }
      }
    }
    Projection projection = ProjectionFile.read(ProjectionPolicy.BUNDLED);
    projection.checkModel(model.id(), model.version(), model.dimension());
    if (space != null) {
      // The fused vectors of every photo; from here on they are the space calibrated, as they are.
      space.checkPrimary(model.id(), projection.vectorVersion(), projection.outputDimension());
      EngineSettings second =
          RawVectors.settings(engineOptions.settings().withEmbedding(space.secondary().manifest()));
      Map<Path, float[]> secondRaw;
      Map<Path, float[]> secondDegraded = Map.of();
      try (EmbedderEngine engine = EmbedderEngine.start(second)) {
        ModelManifest m = engine.embeddingModel();
        space.checkSecondary(m.id(), m.version(), m.dimension());
        secondRaw =
            RawVectors.embed(
                engine,
                files.stream().distinct().toList(),
                "embedding LAG + CACD, second model",
                err,
                vectorCache == null ? null : Path.of(vectorCache + ".second"));
        if (!noDegraded) {
          secondDegraded =
              DegradedCopies.embed(
                  engine, testYoung, "embedding degraded LAG test, second model", err);
        }
      }
      raw = RawVectors.fused(raw, secondRaw, projection, space);
      degraded = RawVectors.fused(degraded, secondDegraded, projection, space);
      projection = Projection.identity(space.id(), space.version(), space.dimension());
    }

    List<LabeledVector> trainYoung =
        LabeledSamples.labeled(
            samples, raw, lagRoot, projection, s -> s.isYoung() && !split.isTest(s.subject()));
    List<LabeledVector> trainAdult =
        LabeledSamples.labeled(
            samples, raw, lagRoot, projection, s -> s.isAdult() && !split.isTest(s.subject()));
    List<LabeledVector> young =
        LabeledSamples.labeled(
            samples, raw, lagRoot, projection, s -> s.isYoung() && split.isTest(s.subject()));
    List<LabeledVector> adult =
        LabeledSamples.labeled(
            samples, raw, lagRoot, projection, s -> s.isAdult() && split.isTest(s.subject()));
    List<LabeledVector> youngDegraded =
        LabeledSamples.labeled(
            samples, degraded, lagRoot, projection, s -> s.isYoung() && split.isTest(s.subject()));

    PairScores train =
        PairPopulations.childToAdult("LAG train child->adult", trainYoung, trainAdult);
    PairScores test = PairPopulations.childToAdult("LAG test child->adult", young, adult);
    List<PairScores> measured = new ArrayList<>(List.of(train, test));
    PairScores cacdScores = null;
    if (!cacd.isEmpty()) {
      cacdScores = PairPopulations.cacdPairs(cacd, raw, cacdRoot, projection);
      measured.add(cacdScores);
    }
    long degradedMissing = youngDegraded.stream().filter(v -> !v.enrolled()).count();
    if (!noDegraded) {
      measured.add(
          PairPopulations.childToAdult("LAG test degraded child->adult", youngDegraded, adult));
    }
    o.println("Populations (genuine / impostor pairs):");
    for (PairScores p : measured) {
      o.printf(
          Locale.ROOT, "  %-34s %7d / %,10d%n", p.name(), p.genuine().length, p.impostor().length);
    }
    if (!noDegraded) {
      o.printf(
          Locale.ROOT,
          "  degraded copies (%s): %d of %d young test photos gave no face%n",
          DegradedCopies.DESCRIPTION,
          degradedMissing,
          youngDegraded.size());
    }

    LogisticCurve fitted = LogisticCurve.fit(train, prior);
    // Rounded as written, so the bands below are those of the file.
    LogisticCurve curve =
        new LogisticCurve(round(fitted.slope(), 3), round(fitted.intercept(), 4), prior);
    o.printf(
        Locale.ROOT,
        "%nCurve fitted on %s (prior %.2f): log-odds = %.3f * cosine %+.4f%n",
        train.name(),
        prior,
        curve.slope(),
        curve.intercept());

    if (before != null) {
      printBefore(o, Calibration.read(before), measured, test);
    }
    List<BandThresholds.Choice> bands = BandThresholds.choose(PROMISES, train, measured, tolerance);
    printTransfer(o, bands, test, curve);

    float[] bandScores = new float[bands.size()];
    for (int i = 0; i < bands.size(); i++) {
      bandScores[i] = (float) round(curve.probability(bands.get(i).cosine()), 6);
    }
    Files.createDirectories(reportDir);
    AgeGapSection.Outcome byAge = null;
    if (ageModel != null) {
      byAge =
          AgeGapSection.run(
              o,
              ageModel,
              ages,
              trainYoung,
              trainAdult,
              young,
              adult,
              test,
              curve,
              bandScores,
              PROMISES,
              tolerance,
              prior,
              reportDir);
      Files.writeString(
          reportDir.resolve("accuracy-by-age.json"), JSON.writeValueAsString(byAge.json()) + "\n");
    }
    Map<String, LogisticCurve> gapCurves = byAge == null ? Map.of() : byAge.curves();
    // The case evidence, on case searches of train identities against the train gallery, for each
    // level of agreement; the level whose fit explains the train candidates best is written.
    RankerTrials trainTrials = new RankerTrials(PairPopulations.enrolled(trainAdult));
    Map<String, List<LabeledVector>> trainCaseProbes = casesOf(trainYoung, trainTrials);
    CaseEvidence.CaseFit likelihood = null;
    double[][] caseRows = null;
    int trainCaseCount = trainCaseProbes.size();
    for (Band level : List.of(Band.POSSIBLE, Band.PROBABLE)) {
      Path unitFile = reportDir.resolve("calibration-unit-case-evidence.json");
      Files.writeString(
          unitFile,
          calibrationJson(
                  model,
                  projection,
                  curve,
                  gapCurves,
                  bandScores,
                  CaseEvidence.CaseFit.unit(level),
                  "",
                  bands)
              .toString());
      Ranker unit = new Ranker(Calibration.read(unitFile.toString()), false);
      Files.delete(unitFile);
      double[][] rows =
          CaseEvidence.caseRows(trainTrials.caseSearches(unit, trainCaseProbes, false));
      CaseEvidence.CaseFit fit = CaseEvidence.fitCaseEvidence(level, rows);
      o.printf(
          Locale.ROOT,
          "%nAgreement at %s or above: bonus %.3f, penalty %.3f per log photo; train loss %.6f%n",
          level,
          fit.bonusFitted(),
          fit.penaltyFitted(),
          fit.loss());
      if (likelihood == null || fit.loss() < likelihood.loss()) {
        likelihood = fit;
        caseRows = rows;
      }
    }
    int trainImpostorCases = trainCaseCount * (trainTrials.gallerySubjects() - 1);
    CaseEvidence.CaseFit caseFit =
        CaseEvidence.choosePenalty(likelihood, caseRows, bandScores, trainImpostorCases, o);
    o.printf(
        Locale.ROOT,
        "%nCase evidence fitted on %d train case searches (log-odds added to the best pair's),"
            + " agreement at %s or above:%n"
            + "  agreeing-photos bonus alone: %.3f per further agreeing photo%n"
            + "  with a shift common to all candidates: shift %.3f, bonus %.3f%n"
            + "  with the log of the probe photos: penalty %.3f per log photo, bonus %.3f%n"
            + "  written: penalty %s (chosen for the bands), bonus %s (negative: 0)%n",
        trainCaseCount,
        caseFit.agreementBand(),
        caseFit.bonusAlone(),
        caseFit.shift(),
        caseFit.bonusWithShift(),
        caseFit.penaltyFitted(),
        caseFit.bonusFitted(),
        trim(caseFit.penalty()),
        trim(caseFit.bonus()));

    String provenance =
        provenance(
            train,
            test,
            measured,
            bands,
            caseFit,
            trainCaseCount,
            byAge == null
                ? "LAG records no ages: every age-gap band shares the curve."
                : byAge.note());
    ObjectNode file =
        calibrationJson(
            model, projection, curve, gapCurves, bandScores, caseFit, provenance, bands);
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(out, JSON.writeValueAsString(file) + "\n");
    Calibration calibration = Calibration.read(out.toString());
    o.println("\nWrote " + out + " (" + calibration.version() + ")");

    ObjectNode report = JSON.createObjectNode();
    report.put("calibration", calibration.version());
    report.put("command", commandLine());
    report.put("prior", prior);
    report.put("tolerance", tolerance);
    report.put("slope", curve.slope());
    report.put("intercept", curve.intercept());
    ObjectNode cf = report.putObject("caseEvidence");
    cf.put("bonusAlone", caseFit.bonusAlone());
    cf.put("shift", caseFit.shift());
    cf.put("bonusWithShift", caseFit.bonusWithShift());
    cf.put("penaltyFitted", caseFit.penaltyFitted());
    cf.put("bonusFitted", caseFit.bonusFitted());
    cf.put("penalty", caseFit.penalty());
    cf.put("bonus", caseFit.bonus());
    cf.put("agreementBand", caseFit.agreementBand().name());
    report.set("bands", bandsJson(bands, bandScores, test));
    if (byAge != null) {
      report.set("ages", byAge.json());
    }
    if (!noDegraded) {
      report.put("degradation", DegradedCopies.DESCRIPTION);
      report.put("degradedNoFace", degradedMissing);
    }

    // Reliability of the final scores on LAG test, face only and with simulated metadata.
    RankerTrials testTrials = new RankerTrials(PairPopulations.enrolled(adult));
    List<LabeledVector> probes = PairPopulations.enrolled(young);
    Map<String, double[][]> curves = new LinkedHashMap<>();
    ObjectNode reliability = report.putObject("reliability");
    for (boolean metadata : new boolean[] {false, true}) {
      String label = metadata ? "with simulated metadata" : "face only";
      RankerTrials.Scored s =
          testTrials.scoreAll(new Ranker(calibration, metadata), probes, metadata);
      List<Reliability.Bin> bins =
          Reliability.bins(s.predicted(), s.same(), prior, RELIABILITY_BINS);
      curves.put(
          label,
          new double[][] {
            column(bins, Reliability.Bin::meanPredicted), column(bins, Reliability.Bin::observed)
          });
      reliability.set(label, reliabilityJson(bins));
      printReliability(o, label, bins);
    }
    Plots.writeReliability(
        "Reliability on LAG test child->adult (" + calibration.version() + ")",
        curves,
        reportDir.resolve("reliability.png"));

    // One photo per search: metadata's weight is relative to the curve's, so its ranking moves.
    List<LabeledVector> ranked =
        probes.stream().filter(v -> testTrials.hasCase(v.subject())).toList();
    int depth = Math.min(RankerTrials.CASES, testTrials.gallerySubjects());
    o.printf(
        Locale.ROOT,
        "%nOne photo per search on LAG test (%d probes, identity-level rank):%n",
        ranked.size());
    ObjectNode single = report.putObject("singlePhoto");
    Map<String, Calibration> compared = new LinkedHashMap<>();
    compared.put(calibration.version(), calibration);
    if (before != null) {
      Calibration old = Calibration.read(before);
      compared.put(old.version(), old);
    }
    for (Map.Entry<String, Calibration> c : compared.entrySet()) {
      for (boolean metadata : new boolean[] {false, true}) {
        RankSummary r =
            CandidateRanks.summary(
                testTrials.ranks(new Ranker(c.getValue(), metadata), ranked, metadata), depth);
        String label = c.getKey() + (metadata ? ", metadata (simulated)" : ", face only");
        o.printf(
            Locale.ROOT,
            "  %-50s rank-1 %.3f  rank-5 %.3f  rank-10 %.3f  rank-20 %.3f%n",
            label,
            r.rank1(),
            r.rank5(),
            r.rank10(),
            r.rank20());
        ObjectNode n = single.putObject(label);
        n.put("rank1", r.rank1());
        n.put("rank10", r.rank10());
      }
    }

    // Case searches on LAG test with the fitted calibration: the fusion rules side by side.
    Map<String, List<LabeledVector>> testCases = casesOf(young, testTrials);
    ObjectNode fusion = report.putObject("caseFusion");
    CaseFusionReport.print(o, fusion, testTrials, calibration, testCases);

    Map<String, double[]> transfer = new LinkedHashMap<>();
    for (PairScores p : measured) {
      double[] f = new double[bands.size()];
      for (int i = 0; i < f.length; i++) {
        f[i] = bands.get(i).measuredFar().get(p.name());
      }
      transfer.put(p.name(), f);
    }
    Plots.writeFarTransfer(
        PROMISES.values().stream().mapToDouble(Double::doubleValue).toArray(),
        tolerance,
        transfer,
        reportDir.resolve("band-transfer.png"));
    Files.writeString(
        reportDir.resolve("calibration-report.json"), JSON.writeValueAsString(report) + "\n");
    o.println(
        "\nReport: "
            + reportDir.resolve("calibration-report.json")
            + ", plots band-transfer.png and reliability.png");
    return 0;
  }

  /** The subjects with two or more enrolled young photos whose case is in the gallery. */
  private static Map<String, List<LabeledVector>> casesOf(
      List<LabeledVector> young, RankerTrials trials) {
    Map<String, List<LabeledVector>> cases = new LinkedHashMap<>();
    for (LabeledVector v : PairPopulations.enrolled(young)) {
      cases.computeIfAbsent(v.subject(), s -> new ArrayList<>()).add(v);
    }
    cases.values().removeIf(photos -> photos.size() < 2);
    cases.keySet().removeIf(s -> !trials.hasCase(s));
    return cases;
  }

  /** The measured false accept rates at another calibration's band thresholds (unknown gap). */
  private static void printBefore(
      PrintStream o, Calibration old, List<PairScores> measured, PairScores test) {
    o.printf(Locale.ROOT, "%nBefore: %s, measured FAR per band threshold%n", old.version());
    for (Band band : List.of(Band.POSSIBLE, Band.PROBABLE, Band.STRONG)) {
      // The lowest cosine the old file puts in this band or above (its curves rise with the
      // cosine).
      double lo = -1;
      double hi = 1;
      for (int i = 0; i < 60; i++) {
        double mid = (lo + hi) / 2;
        if (old.band(Calibration.sigmoid(old.logOdds((float) mid, -1))).ordinal()
            >= band.ordinal()) {
          hi = mid;
        } else {
          lo = mid;
        }
      }
      StringBuilder line =
          new StringBuilder(String.format(Locale.ROOT, "  %-8s cosine %.4f:", band, hi));
      for (PairScores p : measured) {
        line.append(String.format(Locale.ROOT, "  %s %.5f", p.name(), p.far(hi)));
      }
      line.append(String.format(Locale.ROOT, "  (LAG test precision %.2f)", test.precision(hi)));
      o.println(line);
    }
  }

  private void printTransfer(
      PrintStream o, List<BandThresholds.Choice> bands, PairScores test, LogisticCurve curve) {
    o.printf(
        Locale.ROOT,
        "%nBands: promised false accept rate, margin, cosine, calibrated score; measured FAR"
            + " (x promise) and TAR per population%n");
    for (BandThresholds.Choice c : bands) {
      o.printf(
          Locale.ROOT,
          "  %-8s promise %.0e  margin %-5s cosine %.4f  score %.4f%s%n",
          c.name(),
          c.promisedFar(),
          trim(c.margin()),
          c.cosine(),
          curve.probability(c.cosine()),
          c.kept() ? "" : "  NOT KEPT even at the largest margin");
      for (Map.Entry<String, Double> f : c.measuredFar().entrySet()) {
        o.printf(
            Locale.ROOT,
            "      %-34s FAR %.5f (%.2fx)  TAR %.3f%n",
            f.getKey(),
            f.getValue(),
            f.getValue() / c.promisedFar(),
            c.measuredTar().get(f.getKey()));
      }
      o.printf(
          Locale.ROOT,
          "      of 100 %s-or-better pairs on LAG test, %.0f were the same person%n",
          c.name(),
          100 * test.precision(c.cosine()));
    }
  }

  private static void printReliability(PrintStream o, String label, List<Reliability.Bin> bins) {
    o.printf(
        Locale.ROOT,
        "%nReliability on LAG test, %s (observed rate at the fitted prior; ECE %.3f):%n",
        label,
        Reliability.expectedError(bins));
    for (Reliability.Bin b : bins) {
      o.printf(
          Locale.ROOT,
          "  %.1f-%.1f  predicted %.3f  observed %.3f  genuine %5d  impostor %,8d%n",
          b.lower(),
          b.upper(),
          b.meanPredicted(),
          b.observed(),
          b.genuine(),
          b.impostor());
    }
  }

  private static final String NONE = "none";

  private ObjectNode calibrationJson(
      ModelManifest model,
      Projection projection,
      LogisticCurve curve,
      Map<String, LogisticCurve> gapCurves,
      float[] bandScores,
      CaseEvidence.CaseFit caseFit,
      String provenance,
      List<BandThresholds.Choice> bands) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", versionId);
    root.put("modelId", projection.modelId());
    root.put("modelVersion", projection.vectorVersion());
    root.put("provenance", provenance);
    ArrayNode gaps = root.putArray("gapBands");
    String[][] names = {
      {"same-age", "4"}, {"childhood", "14"}, {"large", "200"}, {"unknown", "-1"}
    };
    for (String[] n : names) {
      ObjectNode b = gaps.addObject();
      b.put("name", n[0]);
      b.put("maxYears", Integer.parseInt(n[1]));
      // A gap band's own curve where the age section kept one; the shared curve otherwise.
      LogisticCurve c = gapCurves.getOrDefault(n[0], curve);
      b.put("slope", c.slope());
      b.put("intercept", c.intercept());
    }
    ObjectNode b = root.putObject("bands");
    b.put("possible", bandScores[0]);
    b.put("probable", bandScores[1]);
    b.put("strong", bandScores[2]);
    root.put("severalPhotosBonus", caseFit.bonus());
    root.put("severalProbesPenalty", caseFit.penalty());
    root.put("agreementBand", caseFit.agreementBand().name());
    ObjectNode promises = root.putObject("promisedFar");
    for (BandThresholds.Choice c : bands) {
      promises.put(c.name().toLowerCase(Locale.ROOT), c.promisedFar());
    }
    return root;
  }

  private String provenance(
      PairScores train,
      PairScores test,
      List<PairScores> measured,
      List<BandThresholds.Choice> bands,
      CaseEvidence.CaseFit caseFit,
      int cases,
      String ageNote) {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "Fitted %s with `%s` on the LAG train identities of the projection's split (seed %d,"
                + " test fraction %s; LAG: academic and non-commercial use only, not for"
                + " deployments that need other terms): logistic regression of same person on"
                + " the cosine over %,d genuine and %,d impostor child->adult pairs, classes"
                + " weighted to a prior of %s (%s). Bands promise a false accept rate each:",
            LocalDate.now(ZoneOffset.UTC),
            commandLine(),
            seed,
            testFraction,
            train.genuine().length,
            train.impostor().length,
            prior,
            prior == 0.5 ? "the score is the likelihood ratio in probability form" : "stated"));
    for (BandThresholds.Choice c : bands) {
      s.append(
          String.format(
              Locale.ROOT,
              " %s %.0e (cosine %.4f, the train threshold at FAR %.1e: margin %s)",
              c.name(),
              c.promisedFar(),
              c.cosine(),
              c.promisedFar() / c.margin(),
              trim(c.margin())));
    }
    s.append(
        String.format(
            Locale.ROOT,
            "; each margin is the smallest that keeps the measured FAR within %sx the promise on",
            trim(tolerance)));
    for (PairScores p : measured) {
      s.append(' ').append(p.name()).append(',');
    }
    s.setLength(s.length() - 1);
    s.append(
        " (the margins saw these populations; the curve and the case evidence did not)."
            + " Measured:");
    for (BandThresholds.Choice c : bands) {
      s.append(
          String.format(
              Locale.ROOT,
              " %s worst %.2fx, LAG test precision %.2f;",
              c.name(),
              c.worstRatio(),
              test.precision(c.cosine())));
    }
    s.append(
        String.format(
            Locale.ROOT,
            " case searches: the best pair's log-odds less %s per log of the probe photos, plus"
                + " %s per further photo agreeing at %s or above (the level and both fitted on %d"
                + " train case searches). ",
            trim(caseFit.penalty()),
            trim(caseFit.bonus()),
            caseFit.agreementBand(),
            cases));
    s.append(ageNote);
    return s.toString();
  }

  private static ArrayNode bandsJson(
      List<BandThresholds.Choice> bands, float[] scores, PairScores test) {
    ArrayNode a = JSON.createArrayNode();
    for (int i = 0; i < bands.size(); i++) {
      BandThresholds.Choice c = bands.get(i);
      ObjectNode n = a.addObject();
      n.put("band", c.name());
      n.put("promisedFar", c.promisedFar());
      n.put("margin", c.margin());
      n.put("cosine", c.cosine());
      n.put("calibratedScore", scores[i]);
      n.put("kept", c.kept());
      n.put("lagTestPrecision", test.precision(c.cosine()));
      ObjectNode far = n.putObject("measuredFar");
      c.measuredFar().forEach(far::put);
      ObjectNode tar = n.putObject("measuredTar");
      c.measuredTar().forEach(tar::put);
    }
    return a;
  }

  private static ArrayNode reliabilityJson(List<Reliability.Bin> bins) {
    ArrayNode a = JSON.createArrayNode();
    for (Reliability.Bin b : bins) {
      ObjectNode n = a.addObject();
      n.put("lower", b.lower());
      n.put("upper", b.upper());
      n.put("genuine", b.genuine());
      n.put("impostor", b.impostor());
      n.put("meanPredicted", b.meanPredicted());
      n.put("observed", b.observed());
    }
    return a;
  }

  private static double[] column(List<Reliability.Bin> bins, ToDoubleFunction<Reliability.Bin> f) {
    return bins.stream().mapToDouble(f).toArray();
  }

  static double clamp(double p) {
    return Math.min(1 - 1e-7, Math.max(1e-7, p));
  }

  static double round(double v, int decimals) {
    double f = Math.pow(10, decimals);
    return Math.round(v * f) / f;
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }

  private static Map<String, Double> mapOf(Object... kv) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], (Double) kv[i + 1]);
    }
    return m;
  }

  private String commandLine() {
    List<String> args = new ArrayList<>();
    for (String a : spec.commandLine().getParseResult().originalArgs()) {
      args.add(a.matches("[A-Za-z0-9_./=:@+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
    }
    return "homeward " + String.join(" ", args);
  }
}
