package io.homeward.tools.cli;

import io.homeward.embedder.pipeline.EmbedderEngine;
import io.homeward.embedder.projection.Projection;
import io.homeward.embedder.projection.ProjectionFile;
import io.homeward.embedder.projection.ProjectionKind;
import io.homeward.embedder.projection.Provenance;
import io.homeward.models.ModelManifest;
import io.homeward.tools.eval.EvaluationResult;
import io.homeward.tools.eval.Evaluator;
import io.homeward.tools.eval.GroupMetrics;
import io.homeward.tools.eval.LagManifest;
import io.homeward.tools.eval.TrainingManifest;
import io.homeward.tools.fit.IdentitySplit;
import io.homeward.tools.fit.ProjectionFitter;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Learns an age-invariant projection from a folder and a manifest with identity and age labels,
 * holding out test identities, and writes it with its provenance.
 */
@Command(
    name = "fit-projection",
    mixinStandardHelpOptions = true,
    description = {
      "Fits a projection for the embedding model (age-direction removal, regularised WCCN, or",
      "both) on photos labelled with identity and young/adult. Identities are split into train",
      "and test by --seed (never the same person on both sides); the settings are chosen by",
      "cross-validation by identity on the train side only; child->adult rank-1/5/10/20 is printed",
      "before and after on the test identities. Writes a small JSON file with the parameters and",
      "their provenance; set homeward.embedder.projection.location to use it (a new vector space:",
      "re-embed).",
      "Manifest: CSV with a header and columns file,subject plus group (young|adult) or age",
      "(years; below --adult-age is young); file names relative to --images."
    })
final class FitProjectionCommand implements Callable<Integer> {
  static final int DEFAULT_FOLDS = 3;

  @Spec CommandSpec spec;

  @Mixin EngineOptions engineOptions;

  @Option(names = "--manifest", required = true, description = "Manifest CSV.")
  Path manifest;

  @Option(
      names = "--images",
      description = "Folder the manifest's file names are relative to (default: its folder).")
  Path images;

  @Option(names = "--out", required = true, description = "Projection file to write.")
  Path out;

  @Option(
      names = "--id",
      description = "Projection id, part of the vectors' version (default: <dataset>-<kind>).")
  String id;

  @Option(
      names = "--kind",
      description =
          "auto (chosen by cross-validation), age-removal, wccn or age-removal-wccn (default:"
              + " ${DEFAULT-VALUE}).")
  String kind = "auto";

  @Option(
      names = "--test-fraction",
      description = "Share of identities held out for testing (default: ${DEFAULT-VALUE}).")
  double testFraction = 0.3;

  @Option(names = "--seed", description = "Seed of the identity split (default: ${DEFAULT-VALUE}).")
  long seed = 7;

  @Option(
      names = "--folds",
      description = "Inner cross-validation folds on the train side (default: ${DEFAULT-VALUE}).")
  int folds = DEFAULT_FOLDS;

  @Option(
      names = "--adult-age",
      description = "With an age column: photos at this age or older are adult (default: 18).")
  double adultAge = 18;

  @Option(names = "--dataset", description = "Data set name for provenance (default: folder).")
  String dataset;

  @Option(
      names = "--terms",
      description = "The terms the data is held under, for provenance (default: ${DEFAULT-VALUE}).")
  String terms = "not stated";

  @Option(
      names = "--research-only",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = {
        "Mark the parameters research-only (default). Pass --no-research-only only for data whose",
        "terms allow the deployment's use (e.g. its own consented photos)."
      })
  boolean researchOnly = true;

  @Option(
      names = "--vector-cache",
      description = {
        "Keep the model's vectors of these photos in FILE between runs (biometric data of the",
        "data set: owner-only, never commit or share it)."
      })
  Path vectorCache;

  @Override
  public Integer call() throws Exception {
    PrintStream err = System.err;
    Path root = images != null ? images : manifest.toAbsolutePath().getParent();
    List<LagManifest.Sample> samples = TrainingManifest.read(manifest, root, adultAge);
    IdentitySplit split = new IdentitySplit(seed, testFraction);
    ProjectionKind only = "auto".equals(kind) ? null : ProjectionKind.parse(kind);
    if (only == ProjectionKind.IDENTITY) {
      err.println("homeward fit-projection: nothing to fit for 'identity'");
      return 2;
    }
    String name =
        dataset != null ? dataset : root.toAbsolutePath().normalize().getFileName().toString();

    Map<Path, float[]> raw;
    ModelManifest model;
    try (EmbedderEngine engine =
        EmbedderEngine.start(RawVectors.settings(engineOptions.settings()))) {
      model = engine.embeddingModel();
      List<Path> files = samples.stream().map(s -> s.resolve(root)).toList();
      raw = RawVectors.embed(engine, files, "embedding " + name, err, vectorCache);
    }
    List<ProjectionFitter.Face> train =
        LabeledSamples.faces(samples, raw, root, s -> !split.isTest(s.subject()));
    List<String> subjects = samples.stream().map(LagManifest.Sample::subject).distinct().toList();
    int testIdentities = split.testSubjects(subjects).size();
    int trainIdentities = subjects.size() - testIdentities;
    err.printf(
        Locale.ROOT,
        "%d identities: %d train (%d faces), %d test%n",
        subjects.size(),
        trainIdentities,
        train.size(),
        testIdentities);

    Fitted fitted = fit(train, only, split, folds, err);
    printCrossValidation(fitted.cv(), System.out);
    String projectionId =
        id != null
            ? id
            : (name + "-" + fitted.setting().kind().fileName()).toLowerCase(Locale.ROOT);
    Provenance provenance =
        new Provenance(
            name,
            terms,
            researchOnly,
            Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
            commandLine(),
            split.describe(subjects),
            trainIdentities,
            testIdentities,
            fitted.cv().describe(),
            "");
    Projection candidate = build(projectionId, model, fitted, provenance);

    Projection none = Projection.identity(model.id(), model.version(), model.dimension());
    GroupMetrics before = testFigures(samples, raw, root, split, none);
    GroupMetrics after = testFigures(samples, raw, root, split, candidate);
    String measured =
        "child->adult on the "
            + testIdentities
            + " test identities (young probes vs their adult photos): before "
            + figures(before)
            + "; after "
            + figures(after);
    System.out.println();
    System.out.println(
        "Child->adult on the test identities ("
            + before.counts().probes()
            + " young probes, "
            + before.counts().gallery()
            + " adult photos):");
    System.out.printf(
        Locale.ROOT,
        "%-28s | rank-1 | rank-5 | rank-10 | rank-20 | TAR@1e-2 | TAR@1e-3%n",
        "projection");
    printRow("identity (none)", before);
    printRow(projectionId, after);

    Projection written = build(projectionId, model, fitted, provenance.withMeasured(measured));
    ProjectionFile.write(written, out);
    System.out.println();
    System.out.println(
        "Wrote "
            + out
            + " ("
            + Files.size(out) / 1024
            + " KiB): "
            + written
            + ", vectors version "
            + written.vectorVersion());
    if (researchOnly) {
      System.out.println(
          "Marked research-only: it loads only where"
              + " homeward.embedder.projection.allow-research-only=true.");
    }
    return 0;
  }

  /** The chosen setting, its cross-validation, and the matrix fitted on every train face. */
  record Fitted(ProjectionFitter.Setting setting, ProjectionFitter.CrossValidation cv, float[] m) {}

  /** Chooses by cross-validation on {@code train} and fits the choice on all of it. */
  static Fitted fit(
      List<ProjectionFitter.Face> train,
      ProjectionKind only,
      IdentitySplit split,
      int folds,
      PrintStream err) {
    List<ProjectionFitter.Setting> settings = ProjectionFitter.Grid.standard().settings(only);
    long t0 = System.nanoTime();
    ProjectionFitter.CrossValidation cv =
        ProjectionFitter.choose(train, settings, split, folds, m -> err.print("\r" + m + "   "));
    ProjectionFitter.Setting chosen = cv.chosen();
    // The identity stays in the grid as a reference, but a named kind gets its own best setting.
    if (only != null && chosen.kind() != only) {
      chosen =
          cv.scores().entrySet().stream()
              .filter(e -> e.getKey().kind() == only)
              .max(Comparator.comparingDouble(e -> e.getValue()[4]))
              .orElseThrow()
              .getKey();
      cv = new ProjectionFitter.CrossValidation(chosen, cv.scores(), cv.folds());
    }
    err.printf(
        Locale.ROOT,
        "%ncross-validation: %.0f s; chosen %s%n",
        (System.nanoTime() - t0) / 1e9,
        chosen);
    return new Fitted(chosen, cv, ProjectionFitter.fit(train, chosen));
  }

  static Projection build(String id, ModelManifest model, Fitted f, Provenance provenance) {
    return Projection.builder()
        .id(id)
        .model(model.id(), model.version())
        .kind(f.setting().kind())
        .dimensions(model.dimension(), model.dimension())
        .matrix(f.m())
        .provenance(provenance)
        .build();
  }

  private static GroupMetrics testFigures(
      List<LagManifest.Sample> samples,
      Map<Path, float[]> raw,
      Path root,
      IdentitySplit split,
      Projection p) {
    EvaluationResult r =
        Evaluator.evaluate(
            LabeledSamples.labeled(
                samples, raw, root, p, s -> s.isYoung() && split.isTest(s.subject())),
            LabeledSamples.labeled(
                samples, raw, root, p, s -> s.isAdult() && split.isTest(s.subject())));
    return r.overall();
  }

  static String figures(GroupMetrics g) {
    var i = g.identification().imageLevel();
    return String.format(
        Locale.ROOT,
        "rank-1 %.3f, rank-5 %.3f, rank-10 %.3f, rank-20 %.3f, TAR %.3f @ FAR 1e-2, %.3f @ 1e-3",
        i.rank1(),
        i.rank5(),
        i.rank10(),
        i.rank20(),
        g.verification().tarAtFar1e2().tar(),
        g.verification().tarAtFar1e3().tar());
  }

  private static void printRow(String label, GroupMetrics g) {
    var i = g.identification().imageLevel();
    System.out.printf(
        Locale.ROOT,
        "%-28s |  %.3f |  %.3f |   %.3f |   %.3f |    %.3f |    %.3f%n",
        label,
        i.rank1(),
        i.rank5(),
        i.rank10(),
        i.rank20(),
        g.verification().tarAtFar1e2().tar(),
        g.verification().tarAtFar1e3().tar());
  }

  private static void printCrossValidation(ProjectionFitter.CrossValidation cv, PrintStream out) {
    out.println(
        "Cross-validation on the train identities ("
            + cv.folds()
            + " folds by identity), best 8 and no projection; mean over folds of rank-1/5/10/20:");
    List<Map.Entry<ProjectionFitter.Setting, double[]>> sorted =
        new ArrayList<>(cv.scores().entrySet());
    sorted.sort(Comparator.comparingDouble(e -> -e.getValue()[4]));
    for (int i = 0; i < sorted.size(); i++) {
      var e = sorted.get(i);
      if (i < 8 || e.getKey().kind() == ProjectionKind.IDENTITY) {
        double[] s = e.getValue();
        out.printf(
            Locale.ROOT,
            "  %-62s %.3f %.3f %.3f %.3f  mean %.4f%s%n",
            e.getKey(),
            s[0],
            s[1],
            s[2],
            s[3],
            s[4],
            e.getKey().equals(cv.chosen()) ? "  <- chosen" : "");
      }
    }
  }

  private String commandLine() {
    List<String> args = new ArrayList<>();
    for (String a : spec.commandLine().getParseResult().originalArgs()) {
      args.add(a.matches("[A-Za-z0-9_./=:@+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
    }
    return "homeward " + String.join(" ", args);
  }
}
