package io.homeward.tools.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.homeward.embedder.pipeline.EmbedderEngine;
import io.homeward.embedder.pipeline.EngineSettings;
import io.homeward.embedder.projection.FusedSpace;
import io.homeward.embedder.projection.FusionFile;
import io.homeward.embedder.projection.Projection;
import io.homeward.embedder.projection.ProjectionFile;
import io.homeward.embedder.projection.ProjectionKind;
import io.homeward.embedder.projection.ProjectionPolicy;
import io.homeward.embedder.projection.Provenance;
import io.homeward.models.DefaultModels;
import io.homeward.models.ModelManifest;
import io.homeward.proto.search.v1.ModelRef;
import io.homeward.tools.eval.CacdPairs;
import io.homeward.tools.eval.EvaluationReport;
import io.homeward.tools.eval.EvaluationResult;
import io.homeward.tools.eval.Evaluator;
import io.homeward.tools.eval.GroupMetrics;
import io.homeward.tools.eval.IdentificationMetrics;
import io.homeward.tools.eval.LabeledVector;
import io.homeward.tools.eval.LagManifest;
import io.homeward.tools.eval.PairBands;
import io.homeward.tools.eval.PairVerification;
import io.homeward.tools.eval.PairVerificationResult;
import io.homeward.tools.eval.PairedBootstrap;
import io.homeward.tools.eval.Plots;
import io.homeward.tools.eval.ProbeOutcome;
import io.homeward.tools.eval.RankSummary;
import io.homeward.tools.eval.ReportJson;
import io.homeward.tools.eval.ScoredPair;
import io.homeward.tools.eval.SummaryTable;
import io.homeward.tools.eval.VerificationMetrics;
import io.homeward.tools.fit.FusionFitter;
import io.homeward.tools.fit.IdentitySplit;
import io.homeward.tools.fit.ProjectionFitter;
import java.io.IOException;
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
      "Configurations side by side (projections applied to vectors embedded once): child->adult",
      "identification on the LAG test identities (probes: young photos; gallery: adult photos)",
      "rank-1/5/10/20, CMC, TAR at FAR 1e-2 and 1e-3, AUC, EER; the same with the gallery padded by",
      "distractors (every other adult photo of LAG and CACD); TAR per age-gap band; CACD pair",
      "verification (threshold chosen on the other fold); model and projection versions.",
      "Prints a table and writes JSON reports and PNG plots (CMC, ROC, score histograms) to --out.",
      "With --through-service, LAG identification also runs through the search service: face only,",
      "with SIMULATED metadata, and with simulated metadata carrying recollection errors, plus the",
      "recall@10 of the service's index against exact search."
    })
final class EvalCommand implements Callable<Integer> {
  @Mixin EngineOptions engineOptions;

  @Mixin DatasetOptions datasets;

  @Option(
      names = "--out",
      description = "Folder for reports and plots (default: ${DEFAULT-VALUE}).")
  Path out = Path.of("eval-out");

  @Option(
      names = "--configs",
      split = ",",
      description = {
        "Configurations to compare side by side (default: ${DEFAULT-VALUE}): identity (no",
        "projection), bundled (the default projection), refit (fitted in this run on the LAG train",
        "identities, kind chosen by cross-validation), refit-age, refit-wccn (one kind only),",
        "no-flip (no projection, no mirror averaging: embeds again), file:PATH (a projection file);",
        "with the second model (--second-embedding): second (it alone, no projection), fused (the",
        "bundled projection's vectors fused with it, centre and weight fitted in this run on the LAG",
        "train identities; written to --out as fusion-fused.json), fused-untuned (an even average of",
        "the two cosines, nothing fitted), fusion:PATH (a fused-space file)."
      })
  List<String> configs = List.of(IDENTITY, BUNDLED, REFIT);

  @Option(
      names = "--second-embedding",
      description =
          "The second model of the fused configurations (default: ${DEFAULT-VALUE}, dlib's ResNet).")
  String secondEmbedding = DefaultModels.SECOND_EMBEDDING;

  @Option(
      names = "--seed",
      description =
          "Seed of the identity split into train and test; the bundled projection was fitted with"
              + " it (default: ${DEFAULT-VALUE}).")
  long seed = 7;

  @Option(
      names = "--test-fraction",
      description = "Share of LAG identities held out for testing (default: ${DEFAULT-VALUE}).")
  double testFraction = 0.3;

  @Option(
      names = "--vector-cache",
      description = {
        "Keep the model's vectors of the photos in FILE between runs (biometric data of the",
        "research sets: owner-only, never commit or share it)."
      })
  Path vectorCache;

  @Option(
      names = "--service-config",
      description =
          "The configuration run through the search service with --through-service (default:"
              + " ${DEFAULT-VALUE}, the service's default vector space).")
  String serviceConfig = BUNDLED;

  @Option(
      names = "--subjects",
      description = "Only the first N LAG subjects (a quick look; default: all).")
  Integer subjects;

  @Option(
      names = "--through-service",
      paramLabel = "HOST:PORT",
      description = {
        "Also run LAG identification through the search service's gRPC API at HOST:PORT (e.g.",
        "127.0.0.1:9111): over mTLS with the gateway's certificates (--tls-dir) when the service",
        "requires it, as under ./homeward serve; in plaintext, on loopback only, when it runs",
        "without. It must serve the embedding's model with an empty index; the LAG faces are",
        "upserted under pseudonymous case references and removed afterwards."
      })
  String throughService;

  @Option(
      names = "--tls-dir",
      paramLabel = "DIR",
      description = {
        "With --through-service: the internal certificates' folder (ca.pem, gateway.crt,",
        "gateway.key), used when the service requires mTLS (default: $HOMEWARD_TLS_DIR, else tls",
        "in $HOMEWARD_SIGNING_KEYS_DIR, else ~/.config/homeward/keys/tls, as ./homeward serve)."
      })
  Path tlsDir;

  @Override
  public Integer call() throws Exception {
    boolean haveLag = datasets.haveLag();
    boolean haveCacd = datasets.haveCacd();
    if (!haveLag && !haveCacd) {
      System.err.println(
          "homeward eval: neither " + datasets.lag + " nor " + datasets.cacd + " holds a dataset");
      return 2;
    }
    if (throughService != null && !haveLag) {
      System.err.println(
          "homeward eval: --through-service needs LAG, and " + datasets.lag + " has none");
      return 2;
    }
    Files.createDirectories(out);
    PrintStream err = System.err;
    List<LagManifest.Sample> samples = haveLag ? limit(LagManifest.read(datasets.lag)) : List.of();
    List<CacdPairs.Pair> pairs = haveCacd ? CacdPairs.read(datasets.cacd) : List.of();
    IdentitySplit split = new IdentitySplit(seed, testFraction);
    Path lagRoot = datasets.lagImages();
    Path cacdRoot = datasets.cacdImages();
    List<Path> cacdFiles = cacdFiles(pairs, cacdRoot);

    // Each photo is embedded once per flip setting, with no projection; projections are applied
    // to these vectors afterwards.
    Map<Boolean, Embedded> embedded = new LinkedHashMap<>();
    for (String config : configs) {
      boolean flip = !NO_FLIP.equals(config);
      if (!embedded.containsKey(flip)) {
        embedded.put(flip, embed(flip, samples, lagRoot, cacdFiles, err));
      }
    }
    Embedded second = null;
    if (configs.stream().anyMatch(EvalCommand::usesSecondModel)) {
      second = embedSecond(samples, lagRoot, cacdFiles, err);
    }
    Embedded any = embedded.values().iterator().next();
    ModelManifest model = any.model();
    List<String> subjects = samples.stream().map(LagManifest.Sample::subject).distinct().toList();
    String splitDigest = split.testDigest(subjects);

    Map<String, EvaluationReport> reports = new LinkedHashMap<>();
    Map<String, IdentificationMetrics> cmc = new LinkedHashMap<>();
    Map<String, IdentificationMetrics> paddedCmc = new LinkedHashMap<>();
    Map<String, VerificationMetrics> roc = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    Map<String, List<ProbeOutcome>> outcomes = new LinkedHashMap<>();
    ServiceEvaluation.Result serviceResult = null;
    for (String config : configs) {
      Embedded e = embedded.get(!NO_FLIP.equals(config));
      Projection projection;
      String embeddingLabel = model.ref();
      String projectionLabel = null;
      if (usesSecondModel(config)) {
        embeddingLabel = model.ref() + " + " + second.model().ref();
        if (config.equals(SECOND)) {
          e = second;
          embeddingLabel = second.model().ref();
          projection =
              Projection.identity(e.model().id(), e.model().version(), e.model().dimension());
        } else {
          Projection primary = checked(ProjectionFile.read(ProjectionPolicy.BUNDLED), model);
          FusedSpace fusion =
              fusionFor(config, model, primary, samples, e, second, lagRoot, split, err);
          e = fused(e, second, primary, fusion);
          projection = Projection.identity(fusion.id(), fusion.version(), fusion.dimension());
          projectionLabel =
              primary.id()
                  + " on "
                  + model.id()
                  + String.format(
                      Locale.ROOT, ", fused: primary weight %.2f", fusion.primaryWeight());
          notes.add(config + ": " + fusion.provenance().choice());
          // Both the projection and the fused space must have held this run's test identities out.
          String primaryNote = splitNote(primary, splitDigest);
          if (!primaryNote.isEmpty()) {
            notes.add(config + ": " + primaryNote);
          }
          String fusedSplit = fusion.provenance().split();
          if (!fusedSplit.isEmpty() && !fusedSplit.contains(splitDigest)) {
            notes.add(
                config
                    + ": WARNING: fused space "
                    + fusion.id()
                    + " was not fitted with this run's split ("
                    + splitDigest
                    + " not in its provenance): its figures are not held-out figures");
          }
        }
      } else {
        projection = projectionFor(config, model, samples, e, lagRoot, split, err);
      }
      String splitNote = splitNote(projection, splitDigest);
      if (!splitNote.isEmpty()) {
        notes.add(config + ": " + splitNote);
      }
      Map<String, String> labels = new LinkedHashMap<>();
      labels.put("configuration", config);
      labels.put("vectors", projection.modelId() + "@" + projection.vectorVersion());
      labels.put("embedding", embeddingLabel);
      labels.put("detector", e.detector());
      labels.put("landmarks", e.landmarks());
      labels.put("flipAveraging", Boolean.toString(!NO_FLIP.equals(config)));
      labels.put("projection", projectionLabel != null ? projectionLabel : projection.id());
      labels.put("projectionKind", projection.kind().fileName());
      labels.put(
          "projectionProvenance",
          projection.isIdentity()
              ? "none"
              : projection.provenance().dataset()
                  + (projection.provenance().researchOnly() ? ", research-only" : "")
                  + ", fitted "
                  + projection.provenance().fittedAt()
                  + "; "
                  + projection.provenance().choice());
      labels.put("split", split.describe(subjects) + (splitNote.isEmpty() ? "" : "; " + splitNote));
      labels.put("faceChoice", "largest face, quality gate bypassed");
      labels.put("identification", IDENTIFICATION);
      labels.put("paddedGallery", PADDED);
      labels.put("bands", BANDS);
      labels.put("date", Instant.now().toString());

      LagFigures lagFigures =
          haveLag ? lagFigures(samples, e, lagRoot, cacdFiles, split, projection) : null;
      PairVerificationResult cacdResult = null;
      Map<String, GroupMetrics> bands = new LinkedHashMap<>();
      if (lagFigures != null) {
        bands.put(BAND_CHILD_ADULT, lagFigures.test().overall());
        bands.put(BAND_ADULT_ADULT, lagFigures.adultPairs());
        bands.put(PADDED_KEY, lagFigures.padded().overall());
      }
      if (haveCacd) {
        List<ScoredPair> scored = cacdScores(pairs, cacdRoot, e.vectors(), projection);
        cacdResult = PairVerification.crossFold(scored);
        bands.put(BAND_CACD, PairBands.scoredPairs(scored));
      }
      EvaluationReport report =
          new EvaluationReport(
              labels, lagFigures == null ? null : lagFigures.test().overall(), bands, cacdResult);
      reports.put(config, report);
      ReportJson.write(report, out.resolve("eval-" + fileSafe(config) + ".json"));
      if (lagFigures != null) {
        GroupMetrics test = lagFigures.test().overall();
        outcomes.put(config, lagFigures.test().probes());
        cmc.put(config, test.identification());
        paddedCmc.put(config, lagFigures.padded().overall().identification());
        roc.put(config, test.verification());
        Plots.writeScoreHistogram(
            "LAG child->adult scores, test identities (" + config + ")",
            test.histogram(),
            test.verification(),
            out.resolve("scores-" + fileSafe(config) + ".png"));
        if (throughService != null && config.equals(serviceConfig)) {
          serviceResult =
              throughService(model, projection, lagFigures, labels, reports, cmc, notes);
          if (serviceResult == null) {
            return 3;
          }
        }
      }
    }
    if (throughService != null && serviceResult == null) {
      err.println(
          "homeward eval: --through-service ran for no configuration: --service-config "
              + serviceConfig
              + " is not among "
              + configs);
    }
    if (!cmc.isEmpty()) {
      Plots.writeCmc(cmc, out.resolve("cmc.png"));
      Plots.writeCmc(paddedCmc, out.resolve("cmc-padded.png"));
      Plots.writeRoc(roc, out.resolve("roc.png"));
    }
    System.out.println(SummaryTable.format(reports));
    pairedDifferences(outcomes).forEach(notes::add);
    System.out.println("Identification: " + IDENTIFICATION);
    System.out.println("Padded gallery: " + PADDED);
    System.out.println("Bands: " + BANDS);
    System.out.println("Split: " + split.describe(subjects));
    notes.forEach(System.out::println);
    System.out.println("Reports and plots: " + out.toAbsolutePath());
    return 0;
  }

  static final String NO_FLIP = "no-flip";
  static final String SECOND = "second";
  static final String FUSED = "fused";
  static final String FUSED_UNTUNED = "fused-untuned";
  static final String FUSION_FILE = "fusion:";
  static final String FUSED_ID = "fused-mfn-dlib";
  static final String IDENTITY = "identity";
  static final String BUNDLED = "bundled";
  static final String REFIT = "refit";
  static final String REFIT_AGE = "refit-age";
  static final String REFIT_WCCN = "refit-wccn";
  static final String PADDED_KEY = SummaryTable.PADDED;
  static final String BAND_CHILD_ADULT = "child->adult (LAG test)";
  static final String BAND_ADULT_ADULT = SummaryTable.ADULT_ADULT;
  static final String BAND_CACD = SummaryTable.CACD;
  static final String IDENTIFICATION =
      "LAG test identities only: probes = their young photos, gallery = their adult photos;"
          + " ranks image-level, ties against the probe, photos without a face count as misses";
  static final String PADDED =
      "the same probes against their adult photos plus distractors: every adult photo of the LAG"
          + " train identities and every CACD-VS photo (LAG and CACD are both celebrity sets and"
          + " may share people, who then count as impostors)";
  static final String BANDS =
      "no photo in these sets carries an age, so the age-gap bands are by life stage:"
          + " child->adult = every young x adult photo pair of the LAG test identities;"
          + " adult->adult = every pair of adult photos of the LAG test identities (gap unknown,"
          + " often small); CACD-VS = its 800 pairs of adult photos taken years apart (400"
          + " impostor pairs: TAR at FAR 1e-3 then means no impostor accepted)";

  /** Raw vectors of every LAG and CACD photo for one flip setting. */
  private record Embedded(
      ModelManifest model, String detector, String landmarks, Map<Path, float[]> vectors) {}

  private Embedded embed(
      boolean flip,
      List<LagManifest.Sample> samples,
      Path lagRoot,
      List<Path> cacdFiles,
      PrintStream err)
      throws IOException {
    return embedAll(
        RawVectors.settings(engineOptions.settings().withFlipAveraging(flip)),
        "LAG + CACD" + (flip ? "" : " no-flip"),
        vectorCache == null || flip ? vectorCache : Path.of(vectorCache + ".no-flip"),
        samples,
        lagRoot,
        cacdFiles,
        err);
  }

  /** Raw vectors of every LAG and CACD photo under {@code settings}, kept in {@code cache}. */
  private static Embedded embedAll(
      EngineSettings settings,
      String label,
      Path cache,
      List<LagManifest.Sample> samples,
      Path lagRoot,
      List<Path> cacdFiles,
      PrintStream err)
      throws IOException {
    try (EmbedderEngine engine = EmbedderEngine.start(settings)) {
      List<Path> files = new ArrayList<>();
      samples.forEach(s -> files.add(s.resolve(lagRoot)));
      files.addAll(cacdFiles);
      return new Embedded(
          engine.embeddingModel(),
          engine.detectorModel().ref(),
          engine.landmarkModel().ref(),
          RawVectors.embed(engine, files, label, err, cache));
    }
  }

  private static boolean usesSecondModel(String config) {
    return config.equals(SECOND)
        || config.equals(FUSED)
        || config.equals(FUSED_UNTUNED)
        || config.startsWith(FUSION_FILE);
  }

  /** Raw vectors of every photo by the second model, with mirror averaging. */
  private Embedded embedSecond(
      List<LagManifest.Sample> samples, Path lagRoot, List<Path> cacdFiles, PrintStream err)
      throws IOException {
    return embedAll(
        RawVectors.settings(engineOptions.settings().withEmbedding(secondEmbedding)),
        "LAG + CACD, second model",
        vectorCache == null ? null : Path.of(vectorCache + ".second"),
        samples,
        lagRoot,
        cacdFiles,
        err);
  }

  /**
   * The fused space of a configuration: read from a file, an untuned even average, or fitted on the
   * LAG train identities (and then written to --out).
   */
  private FusedSpace fusionFor(
      String config,
      ModelManifest model,
      Projection primary,
      List<LagManifest.Sample> samples,
      Embedded e,
      Embedded second,
      Path lagRoot,
      IdentitySplit split,
      PrintStream err)
      throws IOException {
    if (!second.detector().equals(e.detector()) || !second.landmarks().equals(e.landmarks())) {
      throw new IllegalArgumentException("the two models must share the detector and landmarks");
    }
    ModelManifest s = second.model();
    FusedSpace.Member primaryMember =
        new FusedSpace.Member(
            engineOptions.embedding,
            model.id(),
            model.version(),
            primary.vectorVersion(),
            primary.outputDimension());
    FusedSpace.Member secondMember =
        new FusedSpace.Member(secondEmbedding, s.id(), s.version(), s.version(), s.dimension());
    if (config.startsWith(FUSION_FILE)) {
      FusedSpace f = FusionFile.read(config.substring(FUSION_FILE.length()));
      f.checkPrimary(model.id(), primary.vectorVersion(), primary.outputDimension());
      f.checkSecondary(s.id(), s.version(), s.dimension());
      return f;
    }
    List<String> subjects = samples.stream().map(LagManifest.Sample::subject).distinct().toList();
    if (config.equals(FUSED_UNTUNED)) {
      return new FusedSpace(
          FUSED_ID,
          "untuned",
          primaryMember,
          secondMember,
          0.5,
          new float[s.dimension()],
          new Provenance(
              "none",
              "none",
              false,
              Instant.now().toString(),
              "homeward eval",
              "",
              0,
              0,
              "an even average of the two models' cosines, nothing fitted",
              ""));
    }
    if (samples.isEmpty()) {
      throw new IllegalArgumentException(config + " needs LAG to fit on");
    }
    err.println(config + ": fitting the fusion on the LAG train identities");
    List<FusionFitter.Face> train = new ArrayList<>();
    for (LagManifest.Sample sample : samples) {
      if (split.isTest(sample.subject())) {
        continue;
      }
      Path file = sample.resolve(lagRoot);
      float[] a = e.vectors().get(file);
      float[] b = second.vectors().get(file);
      if (a != null && b != null) {
        train.add(new FusionFitter.Face(sample.subject(), sample.isYoung(), primary.apply(a), b));
      }
    }
    long trainIdentities = train.stream().map(FusionFitter.Face::subject).distinct().count();
    FusionFitter.Fitted fitted =
        FusionFitter.fit(
            train,
            FUSED_ID,
            "lag-fit-" + primary.id(),
            primaryMember,
            secondMember,
            new Provenance(
                "LAG train identities (this eval run)",
                "LAG: academic and non-commercial use only",
                true,
                Instant.now().toString(),
                "homeward eval --configs fused",
                split.describe(subjects),
                (int) trainIdentities,
                split.testSubjects(subjects).size(),
                "",
                ""));
    for (FusionFitter.Trial t : fitted.trials()) {
      err.printf(
          Locale.ROOT,
          "  primary weight %.2f: train rank-1 %.4f, rank-10 %.4f, criterion %.4f%n",
          t.weight(),
          t.ranks().rank1(),
          t.ranks().rank10(),
          t.criterion());
    }
    Path file = out.resolve("fusion-" + fileSafe(config) + ".json");
    FusionFile.write(fitted.space(), file);
    err.println(config + ": fused space written to " + file);
    return fitted.space();
  }

  /** The fused vectors of every photo both models embedded (null where either found no face). */
  private static Embedded fused(
      Embedded primaryRaw, Embedded second, Projection primary, FusedSpace fusion) {
    return new Embedded(
        primaryRaw.model(),
        primaryRaw.detector(),
        primaryRaw.landmarks(),
        RawVectors.fused(primaryRaw.vectors(), second.vectors(), primary, fusion));
  }

  private Projection projectionFor(
      String config,
      ModelManifest model,
      List<LagManifest.Sample> samples,
      Embedded e,
      Path lagRoot,
      IdentitySplit split,
      PrintStream err) {
    ProjectionKind only =
        switch (config) {
          case REFIT -> null;
          case REFIT_AGE -> ProjectionKind.AGE_REMOVAL;
          case REFIT_WCCN -> ProjectionKind.WCCN;
          default -> ProjectionKind.IDENTITY;
        };
    if (config.equals(IDENTITY) || config.equals(NO_FLIP)) {
      return Projection.identity(model.id(), model.version(), model.dimension());
    }
    if (config.equals(BUNDLED)) {
      return checked(ProjectionFile.read(ProjectionPolicy.BUNDLED), model);
    }
    if (config.startsWith("file:") || config.startsWith("classpath:")) {
      String location = config.startsWith("file:") ? config.substring("file:".length()) : config;
      return checked(ProjectionFile.read(location), model);
    }
    if (only == ProjectionKind.IDENTITY) {
      throw new IllegalArgumentException(
          "unknown configuration '"
              + config
              + "' (identity, bundled, refit, refit-age, refit-wccn, no-flip, file:PATH)");
    }
    if (samples.isEmpty()) {
      throw new IllegalArgumentException(config + " needs LAG to fit on");
    }
    err.println(config + ": fitting on the LAG train identities");
    List<ProjectionFitter.Face> train =
        LabeledSamples.faces(samples, e.vectors(), lagRoot, s -> !split.isTest(s.subject()));
    FitProjectionCommand.Fitted fitted =
        FitProjectionCommand.fit(train, only, split, FitProjectionCommand.DEFAULT_FOLDS, err);
    long trainIdentities = train.stream().map(ProjectionFitter.Face::subject).distinct().count();
    List<String> subjects = samples.stream().map(LagManifest.Sample::subject).distinct().toList();
    return FitProjectionCommand.build(
        "eval-" + config,
        model,
        fitted,
        new Provenance(
            "LAG train identities (this eval run)",
            "LAG: academic and non-commercial use only",
            true,
            Instant.now().toString(),
            "homeward eval",
            split.describe(subjects),
            (int) trainIdentities,
            split.testSubjects(subjects).size(),
            fitted.cv().describe(),
            ""));
  }

  private static Projection checked(Projection p, ModelManifest model) {
    p.checkModel(model.id(), model.version(), model.dimension());
    return p;
  }

  /** Empty when the projection held out this run's test identities (or fitted nothing). */
  private static String splitNote(Projection p, String digest) {
    if (p.isIdentity() || p.provenance().split().contains(digest)) {
      return "";
    }
    return "WARNING: projection "
        + p.id()
        + " was not fitted with this run's split ("
        + digest
        + " not in its provenance), so its test identities may have been seen in fitting:"
        + " its figures are not held-out figures";
  }

  /** LAG figures for one projection. */
  private record LagFigures(
      List<LabeledVector> probes,
      List<LabeledVector> gallery,
      EvaluationResult test,
      EvaluationResult padded,
      GroupMetrics adultPairs) {}

  private LagFigures lagFigures(
      List<LagManifest.Sample> samples,
      Embedded e,
      Path lagRoot,
      List<Path> cacdFiles,
      IdentitySplit split,
      Projection p) {
    List<LabeledVector> probes =
        LabeledSamples.labeled(
            samples, e.vectors(), lagRoot, p, s -> s.isYoung() && split.isTest(s.subject()));
    List<LabeledVector> gallery =
        LabeledSamples.labeled(
            samples, e.vectors(), lagRoot, p, s -> s.isAdult() && split.isTest(s.subject()));
    List<LabeledVector> padded = new ArrayList<>(gallery);
    for (LabeledVector d :
        LabeledSamples.labeled(
            samples, e.vectors(), lagRoot, p, s -> s.isAdult() && !split.isTest(s.subject()))) {
      padded.add(new LabeledVector(d.id(), "distractor:lag:" + d.id(), d.vector()));
    }
    for (Path f : cacdFiles) {
      float[] v = e.vectors().get(f);
      padded.add(
          new LabeledVector(
              f.toString(), "distractor:cacd:" + f.getFileName(), v == null ? null : p.apply(v)));
    }
    return new LagFigures(
        probes,
        gallery,
        Evaluator.evaluate(probes, gallery),
        Evaluator.evaluate(probes, padded),
        PairBands.allPairs(gallery));
  }

  private static List<Path> cacdFiles(List<CacdPairs.Pair> pairs, Path root) {
    Set<Path> unique = new LinkedHashSet<>();
    pairs.forEach(
        p -> {
          unique.add(p.resolve0(root));
          unique.add(p.resolve1(root));
        });
    return new ArrayList<>(unique);
  }

  private static List<ScoredPair> cacdScores(
      List<CacdPairs.Pair> pairs, Path root, Map<Path, float[]> raw, Projection p) {
    List<ScoredPair> scored = new ArrayList<>();
    for (CacdPairs.Pair pair : pairs) {
      float[] a = raw.get(pair.resolve0(root));
      float[] b = raw.get(pair.resolve1(root));
      scored.add(
          new ScoredPair(
              pair.id(),
              pair.fold(),
              a == null || b == null ? Double.NaN : dot(p.apply(a), p.apply(b)),
              pair.same()));
    }
    return scored;
  }

  private ServiceEvaluation.Result throughService(
      ModelManifest model,
      Projection projection,
      LagFigures lagFigures,
      Map<String, String> labels,
      Map<String, EvaluationReport> reports,
      Map<String, IdentificationMetrics> cmc,
      List<String> notes)
      throws IOException {
    ModelRef ref =
        ModelRef.newBuilder().setId(model.id()).setVersion(projection.vectorVersion()).build();
    ServiceEvaluation service = null;
    try {
      service =
          ServiceEvaluation.connect(
              throughService,
              tlsDir != null ? tlsDir : ServiceChannels.defaultTlsDir(),
              System.err);
      String indexKind = service.checkReady(ref);
      EvaluationResult test = lagFigures.test();
      // The same probes and gallery as the direct figures, in the same order.
      ServiceEvaluation.Result r =
          service.evaluate(ref, indexKind, lagFigures.probes(), lagFigures.gallery(), test);
      addServiceReports(serviceConfig, labels, r, reports, cmc, notes);
      return r;
    } catch (ServiceEvaluation.ServiceException e) {
      System.err.println("homeward eval: " + e.getMessage());
      return null;
    } finally {
      if (service != null) {
        service.close();
      }
    }
  }

  private void addServiceReports(
      String config,
      Map<String, String> engineLabels,
      ServiceEvaluation.Result r,
      Map<String, EvaluationReport> reports,
      Map<String, IdentificationMetrics> cmc,
      List<String> notes)
      throws IOException {
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
    writeCaseFusion(config, r);
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

  /**
   * The case-fusion figures: a table on the console, a JSON file and a CMC plot. They are
   * case-level (one entry per candidate case) and therefore not comparable with the image-level
   * rows of the summary table.
   */
  private void writeCaseFusion(String config, ServiceEvaluation.Result r) throws IOException {
    ServiceEvaluation.CaseFusion fusion = r.fusion();
    System.out.printf(
        Locale.ROOT,
        "%nCase fusion through the service (%s, index %s): %d LAG test subjects with 2 or more"
            + " young photos (%d photos), case-level ranks of the right case%n",
        config,
        r.indexKind(),
        fusion.cases(),
        fusion.photos());
    System.out.printf(
        Locale.ROOT,
        "  %-42s %7s %7s %7s %7s%n",
        "ranking",
        "rank-1",
        "rank-5",
        "rank-10",
        "rank-20");
    Map<String, IdentificationMetrics> curves = new LinkedHashMap<>();
    for (Map.Entry<String, RankSummary> e : fusion.byRanking().entrySet()) {
      RankSummary s = e.getValue();
      System.out.printf(
          Locale.ROOT,
          "  %-42s %7.3f %7.3f %7.3f %7.3f%n",
          e.getKey(),
          s.rank1(),
          s.rank5(),
          s.rank10(),
          s.rank20());
      curves.put(e.getKey(), new IdentificationMetrics(fusion.cases(), s, s));
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("configuration", config);
    json.put("searchService", throughService);
    json.put("searchIndex", r.indexKind());
    json.put("calibration", r.calibrationVersion());
    json.put("cases", fusion.cases());
    json.put("photos", fusion.photos());
    json.put(
        "definition",
        "LAG test subjects with at least two enrolled young photos; rank of the right case among"
            + " candidate cases (k="
            + ServiceEvaluation.K
            + "); one photo = each photo searched alone, averaged per case; case search = all"
            + " photos in one SearchForCase call; best pair / mean / average = the service's"
            + " candidates re-ordered by best raw pair score / mean of each photo's best raw"
            + " match / the average of the two;"
            + " metadata is SIMULATED ("
            + SimulatedMetadata.DESCRIPTION
            + ")");
    Map<String, Object> rankings = new LinkedHashMap<>();
    fusion
        .byRanking()
        .forEach(
            (name, s) ->
                rankings.put(
                    name,
                    Map.of(
                        "rank1",
                        s.rank1(),
                        "rank5",
                        s.rank5(),
                        "rank10",
                        s.rank10(),
                        "rank20",
                        s.rank20())));
    json.put("rankings", rankings);
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(out.resolve("eval-" + config + "-service-case-fusion.json").toFile(), json);
    Plots.writeCmc(curves, out.resolve("cmc-case-fusion.png"));
  }

  /**
   * Each configuration's rank-1 and rank-10 against the first one's (the bundled projection's when
   * it runs), on the same probes, with a 95% interval from a paired bootstrap over identities.
   */
  static List<String> pairedDifferences(Map<String, List<ProbeOutcome>> outcomes) {
    List<String> lines = new ArrayList<>();
    if (outcomes.size() < 2) {
      return lines;
    }
    String reference =
        outcomes.containsKey(BUNDLED) ? BUNDLED : outcomes.keySet().iterator().next();
    for (Map.Entry<String, List<ProbeOutcome>> e : outcomes.entrySet()) {
      if (e.getKey().equals(reference)) {
        continue;
      }
      StringBuilder line = new StringBuilder(e.getKey() + " against " + reference + ":");
      for (int k : new int[] {1, 10}) {
        PairedBootstrap.Interval i =
            PairedBootstrap.rankK(outcomes.get(reference), e.getValue(), k, 2000, 16);
        line.append(
            String.format(
                Locale.ROOT,
                " rank-%d %+.4f (95%% interval %+.4f..%+.4f)",
                k,
                i.difference(),
                i.low(),
                i.high()));
        if (k == 1) {
          line.append(";");
        } else {
          line.append(
              String.format(
                  Locale.ROOT,
                  "; paired bootstrap over %d test identities, %d resamples",
                  i.identities(),
                  i.resamples()));
        }
      }
      lines.add(line.toString());
    }
    return lines;
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

  private static String fileSafe(String config) {
    return config.replaceAll("[^A-Za-z0-9.-]+", "-");
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
