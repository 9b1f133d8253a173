package io.homeward.tools.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.homeward.embedder.pipeline.EmbedderEngine;
import io.homeward.embedder.projection.Projection;
import io.homeward.embedder.projection.ProjectionFile;
import io.homeward.embedder.projection.ProjectionPolicy;
import io.homeward.models.ModelManifest;
import io.homeward.search.ranking.Band;
import io.homeward.search.ranking.Calibration;
import io.homeward.search.ranking.CaseCandidate;
import io.homeward.search.ranking.Evidence;
import io.homeward.search.ranking.EvidenceKind;
import io.homeward.search.ranking.Ranker;
import io.homeward.tools.eval.CacdPairs;
import io.homeward.tools.eval.LabeledVector;
import io.homeward.tools.eval.LagManifest;
import io.homeward.tools.eval.Plots;
import io.homeward.tools.eval.RankSummary;
import io.homeward.tools.fit.BandThresholds;
import io.homeward.tools.fit.CaseEvidenceFit;
import io.homeward.tools.fit.IdentitySplit;
import io.homeward.tools.fit.LogisticCurve;
import io.homeward.tools.fit.PairScores;
import io.homeward.tools.fit.Reliability;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
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
      "photos, and the bonus per agreeing photo of a case search. Prints and writes (JSON + PNG)",
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
      names = "--vector-cache",
      description = {
        "Keep the model's vectors of the LAG and CACD photos in FILE between runs (biometric data",
        "of the data sets: owner-only, never commit or share it)."
      })
  Path vectorCache;

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
    ModelManifest model;
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
    }
    Projection projection = ProjectionFile.read(ProjectionPolicy.BUNDLED);
    projection.checkModel(model.id(), model.version(), model.dimension());

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

    PairScores train = childToAdult("LAG train child->adult", trainYoung, trainAdult);
    PairScores test = childToAdult("LAG test child->adult", young, adult);
    List<PairScores> measured = new ArrayList<>(List.of(train, test));
    PairScores cacdScores = null;
    if (!cacd.isEmpty()) {
      cacdScores = cacdPairs(cacd, raw, cacdRoot, projection);
      measured.add(cacdScores);
    }
    long degradedMissing = youngDegraded.stream().filter(v -> !v.enrolled()).count();
    if (!noDegraded) {
      measured.add(childToAdult("LAG test degraded child->adult", youngDegraded, adult));
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
    Path probe = reportDir.resolve("calibration-unit-case-evidence.json");
    Files.writeString(
        probe,
        calibrationJson(
                model, projection, curve, bandScores, new CaseFit(1, 1, 0, 0, 0, 0), "", bands)
            .toString());
    Ranker unit = new Ranker(Calibration.read(probe.toString()), false);
    Files.delete(probe);

    // The case evidence, on case searches of train identities against the train gallery.
    RankerTrials trainTrials = new RankerTrials(enrolled(trainAdult));
    List<RankerTrials.CaseSearch> trainCases =
        trainTrials.caseSearches(unit, casesOf(trainYoung, trainTrials), false);
    double[][] caseRows = caseRows(trainCases);
    CaseFit likelihood = fitCaseEvidence(caseRows);
    int trainImpostorCases = trainCases.size() * (trainTrials.gallerySubjects() - 1);
    CaseFit caseFit = choosePenalty(likelihood, caseRows, bandScores, trainImpostorCases, o);
    o.printf(
        Locale.ROOT,
        "%nCase evidence fitted on %d train case searches (log-odds added to the best pair's):%n"
            + "  agreeing-photos bonus alone: %.3f per further agreeing photo%n"
            + "  with a shift common to all candidates: shift %.3f, bonus %.3f%n"
            + "  with the log of the probe photos: penalty %.3f per log photo, bonus %.3f%n"
            + "  written: penalty %s (chosen for the bands), bonus %s (negative: 0)%n",
        trainCases.size(),
        caseFit.bonusAlone(),
        caseFit.shift(),
        caseFit.bonusWithShift(),
        caseFit.penaltyFitted(),
        caseFit.bonusFitted(),
        trim(caseFit.penalty()),
        trim(caseFit.bonus()));

    String provenance = provenance(train, test, measured, bands, caseFit, trainCases.size());
    ObjectNode file =
        calibrationJson(model, projection, curve, bandScores, caseFit, provenance, bands);
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
    report.set("bands", bandsJson(bands, bandScores, test));
    if (!noDegraded) {
      report.put("degradation", DegradedCopies.DESCRIPTION);
      report.put("degradedNoFace", degradedMissing);
    }

    // Reliability of the final scores on LAG test, face only and with simulated metadata.
    RankerTrials testTrials = new RankerTrials(enrolled(adult));
    List<LabeledVector> probes = enrolled(young);
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
    printFusion(o, fusion, testTrials, calibration, testCases);

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

  /** Every enrolled young x adult pair; genuine when the subject is the same. */
  static PairScores childToAdult(
      String name, List<LabeledVector> young, List<LabeledVector> adult) {
    List<LabeledVector> a = enrolled(adult);
    float[] genuine = new float[16];
    float[] impostor = new float[Math.max(16, young.size() * a.size())];
    int g = 0;
    int im = 0;
    for (LabeledVector y : enrolled(young)) {
      for (LabeledVector x : a) {
        float s = CandidateRanks.dot(y.vector(), x.vector());
        if (y.subject().equals(x.subject())) {
          if (g == genuine.length) {
            genuine = Arrays.copyOf(genuine, g * 2);
          }
          genuine[g++] = s;
        } else {
          impostor[im++] = s;
        }
      }
    }
    return new PairScores(name, Arrays.copyOf(genuine, g), Arrays.copyOf(impostor, im));
  }

  /**
   * CACD-VS adult->adult: its same pairs are genuine; impostors are its different pairs and every
   * first photo of one pair against the second photo of every other pair, except where the set
   * itself links the two photos to one person (a chain of its same pairs and byte-identical files:
   * CACD-VS uses some photos in several pairs). It names no identities, so a celebrity met in two
   * unlinked pairs still counts as an impostor: the measured rate errs high.
   */
  static PairScores cacdPairs(
      List<CacdPairs.Pair> pairs, Map<Path, float[]> raw, Path root, Projection projection)
      throws IOException {
    PersonLinks links = new PersonLinks();
    List<float[]> first = new ArrayList<>();
    List<float[]> second = new ArrayList<>();
    for (CacdPairs.Pair p : pairs) {
      Path a = p.resolve0(root);
      Path b = p.resolve1(root);
      links.sameFile(a);
      links.sameFile(b);
      if (p.same()) {
        links.link(a.toString(), b.toString());
      }
      first.add(raw.get(a) == null ? null : projection.apply(raw.get(a)));
      second.add(raw.get(b) == null ? null : projection.apply(raw.get(b)));
    }
    float[] genuine = new float[pairs.size()];
    float[] impostor = new float[pairs.size() * pairs.size()];
    int g = 0;
    int im = 0;
    for (int i = 0; i < pairs.size(); i++) {
      String person = links.person(pairs.get(i).resolve0(root).toString());
      for (int j = 0; j < pairs.size(); j++) {
        float[] a = first.get(i);
        float[] b = second.get(j);
        if (a == null || b == null) {
          continue;
        }
        float s = CandidateRanks.dot(a, b);
        if (i == j && pairs.get(i).same()) {
          genuine[g++] = s;
        } else if (!person.equals(links.person(pairs.get(j).resolve1(root).toString()))) {
          impostor[im++] = s;
        }
      }
    }
    return new PairScores(
        "CACD-VS adult->adult", Arrays.copyOf(genuine, g), Arrays.copyOf(impostor, im));
  }

  /** Photos known to show one person: union-find over links. */
  private static final class PersonLinks {
    private final Map<String, String> parent = new HashMap<>();

    void link(String a, String b) {
      parent.put(person(a), person(b));
    }

    /** Links a file to every byte-identical file seen. */
    void sameFile(Path file) throws IOException {
      try {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        link(file.toString(), "sha256:" + HexFormat.of().formatHex(digest));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is always available", e);
      }
    }

    String person(String x) {
      String p = parent.getOrDefault(x, x);
      if (p.equals(x)) {
        return x;
      }
      String root = person(p);
      parent.put(x, root);
      return root;
    }
  }

  static List<LabeledVector> enrolled(List<LabeledVector> vectors) {
    return vectors.stream().filter(LabeledVector::enrolled).toList();
  }

  /** The subjects with two or more enrolled young photos whose case is in the gallery. */
  private static Map<String, List<LabeledVector>> casesOf(
      List<LabeledVector> young, RankerTrials trials) {
    Map<String, List<LabeledVector>> cases = new LinkedHashMap<>();
    for (LabeledVector v : enrolled(young)) {
      cases.computeIfAbsent(v.subject(), s -> new ArrayList<>()).add(v);
    }
    cases.values().removeIf(photos -> photos.size() < 2);
    cases.keySet().removeIf(s -> !trials.hasCase(s));
    return cases;
  }

  /**
   * What a case search adds to its best pair, fitted three ways; the last is written.
   *
   * @param bonus written: per further agreeing photo
   * @param penalty written: per log of the probe photos
   */
  record CaseFit(
      double bonus,
      double penalty,
      double bonusAlone,
      double shift,
      double bonusWithShift,
      double penaltyFitted,
      double bonusFitted) {
    CaseFit(double bonus, double penalty, double a, double b, double c, double d) {
      this(bonus, penalty, a, b, c, d, Double.NaN);
    }
  }

  /**
   * Fits the case evidence on candidate cases ranked with a bonus and a penalty of 1: each
   * candidate's agreement evidence then weighs its count of further agreeing photos, and its face
   * evidence is the best pair's less the log of the number of probe photos.
   */
  /**
   * One row per candidate case: best pair's log-odds, further agreeing photos, log of probes, same.
   */
  private static double[][] caseRows(List<RankerTrials.CaseSearch> searches) {
    List<double[]> rows = new ArrayList<>();
    for (RankerTrials.CaseSearch s : searches) {
      for (CaseCandidate c : s.candidates()) {
        double pair = weight(c.matches().get(0).evidence(), EvidenceKind.FACE_SIMILARITY);
        double logProbes = pair - weight(c.evidence(), EvidenceKind.FACE_SIMILARITY);
        double extra = Math.round(weight(c.evidence(), EvidenceKind.SEVERAL_PHOTOS_AGREE));
        rows.add(new double[] {pair, extra, logProbes, c.caseRef().equals(s.wanted()) ? 1 : 0});
      }
    }
    return rows.toArray(new double[0][]);
  }

  /**
   * The penalty per log of the probe photos that the written file carries: the smallest of a ladder
   * for which the case-level false accept rate of every band on the train case searches is at most
   * its promise, with the likelihood's bonus. (The likelihood fits the bulk of the scores; the
   * bands live in the tail.)
   */
  private static CaseFit choosePenalty(
      CaseFit likelihood, double[][] rows, float[] bandScores, int impostorCases, PrintStream o) {
    double[] promises = PROMISES.values().stream().mapToDouble(Double::doubleValue).toArray();
    double chosen = Double.NaN;
    for (double p = 0; p <= 6.001; p += 0.25) {
      double worst = 0;
      for (int b = 0; b < promises.length; b++) {
        int accepted = 0;
        for (double[] r : rows) {
          double z = r[0] + likelihood.bonus() * r[1] - p * r[2];
          if (r[3] == 0 && LogisticCurve.sigmoid(z) >= bandScores[b]) {
            accepted++;
          }
        }
        worst = Math.max(worst, accepted / (double) impostorCases / promises[b]);
      }
      if (worst <= 1) {
        chosen = p;
        o.printf(
            Locale.ROOT,
            "  penalty for the bands: %.2f per log photo (worst train case-level FAR %.2fx the"
                + " promise)%n",
            p,
            worst);
        break;
      }
    }
    if (Double.isNaN(chosen)) {
      chosen = likelihood.penalty();
    }
    return new CaseFit(
        likelihood.bonus(),
        chosen,
        likelihood.bonusAlone(),
        likelihood.shift(),
        likelihood.bonusWithShift(),
        likelihood.penaltyFitted(),
        likelihood.bonusFitted());
  }

  private static CaseFit fitCaseEvidence(double[][] table) {
    List<double[]> rows = Arrays.asList(table);
    int n = rows.size();
    double[] offset = new double[n];
    double[][] bonusOnly = new double[n][];
    double[][] shifted = new double[n][];
    double[][] pairs = new double[n][];
    double[][] penaltyOnly = new double[n][];
    boolean[] same = new boolean[n];
    for (int i = 0; i < n; i++) {
      double[] r = rows.get(i);
      offset[i] = r[0];
      bonusOnly[i] = new double[] {r[1]};
      shifted[i] = new double[] {1, r[1]};
      pairs[i] = new double[] {-r[2], r[1]};
      penaltyOnly[i] = new double[] {-r[2]};
      same[i] = r[3] == 1;
    }
    double alone = CaseEvidenceFit.fit(offset, bonusOnly, same, 0.5)[0];
    double[] withShift = CaseEvidenceFit.fit(offset, shifted, same, 0.5);
    double[] withPairs = CaseEvidenceFit.fit(offset, pairs, same, 0.5);
    double penalty = withPairs[0];
    double bonus = withPairs[1];
    if (bonus < 0) {
      bonus = 0;
      penalty = CaseEvidenceFit.fit(offset, penaltyOnly, same, 0.5)[0];
    }
    return new CaseFit(
        round(bonus, 3),
        round(Math.max(0, penalty), 3),
        alone,
        withShift[0],
        withShift[1],
        withPairs[0],
        withPairs[1]);
  }

  private static double weight(List<Evidence> evidence, EvidenceKind kind) {
    double w = 0;
    for (Evidence e : evidence) {
      if (e.kind() == kind) {
        w = e.weight();
      }
    }
    return w;
  }

  private void printFusion(
      PrintStream o,
      ObjectNode json,
      RankerTrials trials,
      Calibration calibration,
      Map<String, List<LabeledVector>> cases) {
    Ranker faceOnly = new Ranker(calibration, false);
    List<RankerTrials.CaseSearch> plain = trials.caseSearches(faceOnly, cases, false);
    List<RankerTrials.CaseSearch> meta =
        trials.caseSearches(new Ranker(calibration, true), cases, true);
    Map<String, List<int[]>> ranks = new LinkedHashMap<>();
    List<int[]> one = new ArrayList<>();
    for (List<LabeledVector> photos : cases.values()) {
      int[] r = new int[photos.size()];
      for (int i = 0; i < r.length; i++) {
        r[i] = trials.onePhotoRank(photos.get(i));
      }
      one.add(r);
    }
    ranks.put("one photo (mean over the case's photos)", one);
    Map<String, ToDoubleFunction<CaseCandidate>> rules = new LinkedHashMap<>();
    rules.put(
        "case search (service: fitted calibration and case evidence)", c -> c.calibratedScore());
    rules.put(
        "case search, old bonus (0.5 per probe with any hit, up to 3)",
        c ->
            LogisticCurve.logit(clamp(c.matches().get(0).calibratedScore()))
                + 0.5 * Math.min(3, c.matches().size() - 1));
    rules.put("best pair only", c -> c.bestScore());
    rules.put("mean of each photo's best match only", c -> c.meanTopScore());
    rules.put("(best pair + mean) / 2", c -> (c.bestScore() + c.meanTopScore()) / 2.0);
    for (Map.Entry<String, ToDoubleFunction<CaseCandidate>> r : rules.entrySet()) {
      List<int[]> list = new ArrayList<>();
      for (RankerTrials.CaseSearch s : plain) {
        list.add(new int[] {rank(s.candidates(), s.wanted(), r.getValue())});
      }
      ranks.put(r.getKey(), list);
    }
    List<int[]> withMeta = new ArrayList<>();
    for (RankerTrials.CaseSearch s : meta) {
      withMeta.add(new int[] {rank(s.candidates(), s.wanted(), CaseCandidate::calibratedScore)});
    }
    ranks.put("case search + metadata (simulated)", withMeta);

    int photos = cases.values().stream().mapToInt(List::size).sum();
    int depth = Math.min(RankerTrials.CASES, trials.gallerySubjects());
    o.printf(
        Locale.ROOT,
        "%nCase searches on LAG test (%d cases, %d photos; exact search + the service's Ranker):%n",
        cases.size(),
        photos);
    o.printf(Locale.ROOT, "  %-70s rank-1 rank-5 rank-10 rank-20%n", "");
    json.put("cases", cases.size());
    json.put("photos", photos);
    ObjectNode byRule = json.putObject("byRule");
    for (Map.Entry<String, List<int[]>> e : ranks.entrySet()) {
      RankSummary s = CandidateRanks.meanSummary(e.getValue(), depth);
      o.printf(
          Locale.ROOT,
          "  %-70s %.3f  %.3f  %.3f   %.3f%n",
          e.getKey(),
          s.rank1(),
          s.rank5(),
          s.rank10(),
          s.rank20());
      ObjectNode n = byRule.putObject(e.getKey());
      n.put("rank1", s.rank1());
      n.put("rank5", s.rank5());
      n.put("rank10", s.rank10());
      n.put("rank20", s.rank20());
    }

    // How often the agreement reason appears among the top 10, by the new rule and the old one.
    int[] counts = new int[4];
    for (RankerTrials.CaseSearch s : plain) {
      for (CaseCandidate c : s.candidates().subList(0, Math.min(10, s.candidates().size()))) {
        boolean genuine = c.caseRef().equals(s.wanted());
        boolean reason =
            c.evidence().stream().anyMatch(e -> e.kind() == EvidenceKind.SEVERAL_PHOTOS_AGREE);
        counts[genuine ? 0 : 2] += reason ? 1 : 0;
        counts[genuine ? 1 : 3] += c.matches().size() >= 2 ? 1 : 0;
      }
    }
    int top10 = plain.stream().mapToInt(s -> Math.min(10, s.candidates().size())).sum();
    int genuineTop10 = 0;
    for (RankerTrials.CaseSearch s : plain) {
      for (CaseCandidate c : s.candidates().subList(0, Math.min(10, s.candidates().size()))) {
        genuineTop10 += c.caseRef().equals(s.wanted()) ? 1 : 0;
      }
    }
    o.printf(
        Locale.ROOT,
        "  SEVERAL_PHOTOS_AGREE among the top 10 (%d candidates, %d the right case): now %d right"
            + " + %d wrong; old rule %d right + %d wrong%n",
        top10,
        genuineTop10,
        counts[0],
        counts[2],
        counts[1],
        counts[3]);
    // Case-level false accepts: impostor candidate cases in each band, per impostor case searched.
    double impostorCases = (double) plain.size() * (trials.gallerySubjects() - 1);
    ObjectNode caseFar = json.putObject("caseLevelFar");
    for (Band band : List.of(Band.POSSIBLE, Band.PROBABLE, Band.STRONG)) {
      int accepted = 0;
      for (RankerTrials.CaseSearch s : plain) {
        for (CaseCandidate c : s.candidates()) {
          if (!c.caseRef().equals(s.wanted()) && c.band().ordinal() >= band.ordinal()) {
            accepted++;
          }
        }
      }
      // The old rule: the best pair with 0.5 log-odds per probe photo that found the case at all.
      int acceptedOld = 0;
      for (RankerTrials.CaseSearch s : plain) {
        for (CaseCandidate c : s.candidates()) {
          double z =
              LogisticCurve.logit(clamp(c.matches().get(0).calibratedScore()))
                  + 0.5 * Math.min(3, c.matches().size() - 1);
          if (!c.caseRef().equals(s.wanted())
              && calibration.band((float) LogisticCurve.sigmoid(z)).ordinal() >= band.ordinal()) {
            acceptedOld++;
          }
        }
      }
      o.printf(
          Locale.ROOT,
          "  case-level FAR at %s or above: %.5f (%d impostor cases of %.0f); old rule %.5f%n",
          band,
          accepted / impostorCases,
          accepted,
          impostorCases,
          acceptedOld / impostorCases);
      caseFar.put(band.name(), accepted / impostorCases);
      caseFar.put(band.name() + "OldRule", acceptedOld / impostorCases);
    }
    ObjectNode reason = json.putObject("severalPhotosAgreeInTop10");
    reason.put("candidates", top10);
    reason.put("rightCase", genuineTop10);
    reason.put("nowRight", counts[0]);
    reason.put("nowWrong", counts[2]);
    reason.put("oldRuleRight", counts[1]);
    reason.put("oldRuleWrong", counts[3]);
  }

  private static int rank(
      List<CaseCandidate> candidates, String wanted, ToDoubleFunction<CaseCandidate> score) {
    List<CaseCandidate> sorted = new ArrayList<>(candidates);
    sorted.sort(Comparator.comparingDouble(score).reversed());
    List<String> refs = new ArrayList<>();
    sorted.forEach(c -> refs.add(c.caseRef()));
    return CandidateRanks.identityRank(refs, wanted);
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

  private ObjectNode calibrationJson(
      ModelManifest model,
      Projection projection,
      LogisticCurve curve,
      float[] bandScores,
      CaseFit caseFit,
      String provenance,
      List<BandThresholds.Choice> bands) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", versionId);
    root.put("modelId", model.id());
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
      b.put("slope", curve.slope());
      b.put("intercept", curve.intercept());
    }
    ObjectNode b = root.putObject("bands");
    b.put("possible", bandScores[0]);
    b.put("probable", bandScores[1]);
    b.put("strong", bandScores[2]);
    root.put("severalPhotosBonus", caseFit.bonus());
    root.put("severalProbesPenalty", caseFit.penalty());
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
      CaseFit caseFit,
      int cases) {
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
                + " %s per further photo agreeing at POSSIBLE or above (fitted together on %d"
                + " train case searches). LAG records no ages: every age-gap band shares the"
                + " curve.",
            trim(caseFit.penalty()),
            trim(caseFit.bonus()),
            cases));
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

  private static double clamp(double p) {
    return Math.min(1 - 1e-7, Math.max(1e-7, p));
  }

  private static double round(double v, int decimals) {
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
