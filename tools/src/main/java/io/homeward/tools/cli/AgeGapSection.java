package io.homeward.tools.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.homeward.tools.age.AgeGapReport;
import io.homeward.tools.age.AgeGaps;
import io.homeward.tools.age.AgePlots;
import io.homeward.tools.eval.LabeledVector;
import io.homeward.tools.fit.LogisticCurve;
import io.homeward.tools.fit.PairScores;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * fit-calibration's section on age: LAG test child-to-adult accuracy per probe-age band and per
 * age-gap band with the ages estimated, and a curve per calibration gap band fitted on the LAG
 * train pairs whose gap band is certain, kept only where enough pairs support it and the band's
 * promises hold on its own pairs.
 */
final class AgeGapSection {
  /** The calibration file's known-gap bands and their largest gap (as the search service reads). */
  static final List<String> CALIBRATION_GAPS = List.of("same-age", "childhood", "large");

  static final double[] CALIBRATION_MAX_YEARS = {4, 14, 200};

  /** Genuine train pairs a gap band needs before a curve of its own is fitted for it. */
  static final int MIN_GENUINE = 300;

  /** The false accept rate the per-band TAR is read at. */
  static final double REPORT_FAR = 1e-2;

  /** Caveat printed beside every figure that rests on the default age model's estimates. */
  static final String HSE_CAVEAT =
      "LAG and CACD record no ages: every age below is the age model's estimate. Its error"
          + " (homeward age-eval, README \"Age estimation\", labelled synthetic faces): mean"
          + " absolute error 3.1 years at 0-5, 8.1 at 6-12, 5.3 at 13-17.";

  private AgeGapSection() {}

  /**
   * The outcome.
   *
   * @param curves the curve each calibration gap band is written with
   * @param note one sentence for the calibration's provenance
   * @param json the figures
   */
  record Outcome(Map<String, LogisticCurve> curves, String note, ObjectNode json) {}

  static Outcome run(
      PrintStream o,
      String ageModel,
      Map<String, AgeGaps.AgeRange> ages,
      List<LabeledVector> trainYoung,
      List<LabeledVector> trainAdult,
      List<LabeledVector> young,
      List<LabeledVector> adult,
      PairScores test,
      LogisticCurve curve,
      float[] bandScores,
      Map<String, Double> promises,
      double tolerance,
      double prior,
      Path reportDir)
      throws IOException {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("ageModel", ageModel);
    String caveat =
        ageModel.endsWith("hse-faceres-age.json")
            ? HSE_CAVEAT
            : "LAG records no ages: every age below is " + ageModel + "'s estimate (see age-eval).";
    json.put("caveat", caveat);
    // The model's error beside every plot that rests on it.
    String axisCaveat =
        ageModel.endsWith("hse-faceres-age.json")
            ? "; model MAE 3.1 / 8.1 / 5.3 at 0-5 / 6-12 / 13-17"
            : "; estimated by " + ageModel(ageModel);
    o.printf(
        Locale.ROOT, "%nAccuracy by age on LAG test child->adult (%s)%n  %s%n", ageModel, caveat);
    printCoverage(o, json, ages, young, adult);

    double threshold = test.thresholdAtFar(REPORT_FAR);
    json.put("thresholdCosine", threshold);
    o.printf(
        Locale.ROOT,
        "  TAR at the LAG test threshold for FAR %.0e over all its pairs (cosine %.4f)%n",
        REPORT_FAR,
        threshold);
    List<AgeGapReport.Row> byAge = AgeGapReport.byProbeAge(young, adult, ages, threshold);
    printRows(o, "By the probe's estimated age (rank-1 per probe)", byAge);
    json.set("byProbeAge", rowsJson(byAge));
    List<AgeGapReport.Row> byGap = AgeGapReport.byGap(young, adult, ages, AgeGaps.GAPS, threshold);
    printRows(
        o,
        "By the pair's age gap, where the estimates' ranges (10th-90th percentile) allow only one"
            + " band (rank-1 per genuine pair)",
        byGap);
    json.set("byGap", rowsJson(byGap));
    // Indicative only: each photo taken at its point estimate, as if the model had no error.
    Map<String, AgeGaps.AgeRange> points = points(ages);
    List<AgeGapReport.Row> byPointGap =
        AgeGapReport.byGap(young, adult, points, AgeGaps.GAPS, threshold);
    printRows(
        o,
        "By the gap between the point estimates (INDICATIVE: the ranges above do not allow it)",
        byPointGap);
    json.set("byGapOfPointEstimates", rowsJson(byPointGap));
    AgePlots.writeBandBars(
        "LAG test child->adult by the probe's estimated age (" + ageModel(ageModel) + ")",
        "estimated age of the probe photo (years" + axisCaveat + ")",
        series(byAge, true),
        reportDir.resolve("age-probe-bands.png"));
    AgePlots.writeBandBars(
        "LAG test child->adult by certain age gap (" + ageModel(ageModel) + ")",
        "certain gap of the estimated ages (years" + axisCaveat + ")",
        series(byGap, false),
        reportDir.resolve("age-gap-bands.png"));
    AgePlots.writeBandBars(
        "LAG test child->adult by the gap of point estimates, indicative ("
            + ageModel(ageModel)
            + ")",
        "gap between the point estimates (years" + axisCaveat + ")",
        series(byPointGap, false),
        reportDir.resolve("age-gap-point-bands.png"));

    Map<String, LogisticCurve> curves = new LinkedHashMap<>();
    String note =
        fitPerGap(
            o,
            json,
            ages,
            trainYoung,
            trainAdult,
            young,
            adult,
            curve,
            bandScores,
            promises,
            tolerance,
            prior,
            curves);
    return new Outcome(curves, note, json);
  }

  /** A curve per calibration gap band, kept where the numbers support it. */
  private static String fitPerGap(
      PrintStream o,
      ObjectNode json,
      Map<String, AgeGaps.AgeRange> ages,
      List<LabeledVector> trainYoung,
      List<LabeledVector> trainAdult,
      List<LabeledVector> young,
      List<LabeledVector> adult,
      LogisticCurve curve,
      float[] bandScores,
      Map<String, Double> promises,
      double tolerance,
      double prior,
      Map<String, LogisticCurve> curves) {
    List<AgeGaps.Band> bands = AgeGaps.upTo(CALIBRATION_GAPS, CALIBRATION_MAX_YEARS);
    Map<String, PairScores> train =
        AgeGapReport.pairsByGap("LAG train", trainYoung, trainAdult, ages, bands);
    Map<String, PairScores> test = AgeGapReport.pairsByGap("LAG test", young, adult, ages, bands);
    o.printf(
        Locale.ROOT,
        "%nA curve per calibration gap band, fitted on the LAG train pairs certain to lie in it"
            + " (at least %d genuine pairs; kept only where every band's promise holds within"
            + " %.1fx on the band's train and test pairs):%n",
        MIN_GENUINE,
        tolerance);
    ObjectNode fits = json.putObject("curvePerGap");
    fits.put("sharedSlope", curve.slope());
    fits.put("sharedIntercept", curve.intercept());
    StringBuilder note = new StringBuilder();
    List<String> names = List.copyOf(promises.keySet());
    for (String band : train.keySet()) {
      PairScores tr = train.get(band);
      PairScores te = test.get(band);
      ObjectNode n = fits.putObject(band);
      n.put("trainGenuine", tr.genuine().length);
      n.put("trainImpostor", tr.impostor().length);
      n.put("testGenuine", te.genuine().length);
      n.put("testImpostor", te.impostor().length);
      String line =
          String.format(
              Locale.ROOT,
              "  %-12s train %5d / %,9d  test %5d / %,9d",
              band,
              tr.genuine().length,
              tr.impostor().length,
              te.genuine().length,
              te.impostor().length);
      note.append(String.format(Locale.ROOT, " %s %d,", band, tr.genuine().length));
      if (!CALIBRATION_GAPS.contains(band)) {
        o.println(line);
        continue;
      }
      // The shared curve's thresholds measured on the band's own pairs, for comparison.
      StringBuilder shared = new StringBuilder("      shared curve: ");
      for (int i = 0; i < names.size(); i++) {
        double c = curve.cosineAt(bandScores[i]);
        shared.append(
            String.format(
                Locale.ROOT,
                " %s FAR train %s test %s TAR test %s;",
                names.get(i),
                rate(tr.far(c)),
                rate(te.far(c)),
                rate(te.tar(c))));
      }
      if (tr.genuine().length < MIN_GENUINE || tr.impostor().length == 0) {
        o.println(line + "  too few pairs: shares the curve");
        o.println(shared);
        n.put("kept", false);
        n.put("why", "too few pairs");
        continue;
      }
      LogisticCurve fitted = LogisticCurve.fit(tr, prior);
      LogisticCurve own =
          new LogisticCurve(
              FitCalibrationCommand.round(fitted.slope(), 3),
              FitCalibrationCommand.round(fitted.intercept(), 4),
              prior);
      boolean holds = true;
      StringBuilder measured = new StringBuilder("      own curve:    ");
      ObjectNode far = n.putObject("ownCurveFar");
      for (int i = 0; i < names.size(); i++) {
        double c = own.cosineAt(bandScores[i]);
        double limit = tolerance * promises.get(names.get(i));
        holds &= !(tr.far(c) > limit) && !(te.far(c) > limit);
        far.put(names.get(i) + "Train", tr.far(c));
        far.put(names.get(i) + "Test", te.far(c));
        measured.append(
            String.format(
                Locale.ROOT,
                " %s cosine %.4f FAR train %s test %s TAR test %s;",
                names.get(i),
                c,
                rate(tr.far(c)),
                rate(te.far(c)),
                rate(te.tar(c))));
      }
      n.put("slope", own.slope());
      n.put("intercept", own.intercept());
      n.put("kept", holds);
      o.printf(
          Locale.ROOT,
          "%s  own curve %.3f * cosine %+.4f: %s%n",
          line,
          own.slope(),
          own.intercept(),
          holds ? "kept" : "a promise fails on the band's pairs: shares the curve");
      o.println(shared);
      o.println(measured);
      if (holds) {
        curves.put(band, own);
      }
    }
    // Indicative: the same fit on the gap between point estimates, to see whether curves differ.
    Map<String, PairScores> pointTrain =
        AgeGapReport.pairsByGap("LAG train", trainYoung, trainAdult, points(ages), bands);
    ObjectNode indicative = fits.putObject("indicativeByPointEstimates");
    o.println(
        "  indicative, by the gap between point estimates (not written: the ranges do not allow"
            + " it):");
    for (String band : CALIBRATION_GAPS) {
      PairScores tr = pointTrain.get(band);
      ObjectNode n = indicative.putObject(band);
      n.put("trainGenuine", tr.genuine().length);
      n.put("trainImpostor", tr.impostor().length);
      if (tr.genuine().length < MIN_GENUINE || tr.impostor().length == 0) {
        o.printf(
            Locale.ROOT,
            "    %-12s train %5d / %,9d  too few pairs%n",
            band,
            tr.genuine().length,
            tr.impostor().length);
        continue;
      }
      LogisticCurve c = LogisticCurve.fit(tr, prior);
      n.put("slope", c.slope());
      n.put("intercept", c.intercept());
      StringBuilder far = new StringBuilder();
      for (int i = 0; i < names.size(); i++) {
        double shared = curve.cosineAt(bandScores[i]);
        far.append(
            String.format(
                Locale.ROOT,
                " %s FAR %s TAR %s at the shared threshold, own threshold %.4f;",
                names.get(i),
                rate(tr.far(shared)),
                rate(tr.tar(shared)),
                c.cosineAt(bandScores[i])));
      }
      o.printf(
          Locale.ROOT,
          "    %-12s train %5d / %,9d  curve %.3f * cosine %+.4f:%s%n",
          band,
          tr.genuine().length,
          tr.impostor().length,
          c.slope(),
          c.intercept(),
          far);
    }
    note.setLength(note.length() - 1);
    String verdict =
        curves.isEmpty()
            ? " genuine train pairs. No band kept a curve of its own: every gap band shares the"
                + " curve."
            : " genuine train pairs. Own curves kept for "
                + String.join(", ", curves.keySet())
                + "; the rest share the curve.";
    return "Ages estimated with "
        + json.get("ageModel").asText()
        + " (LAG records none; a pair counts for a gap band only where the estimates' 10th-90th"
        + " percentile ranges put every possible gap inside it; a band needs "
        + MIN_GENUINE
        + " genuine train pairs and its promises kept within "
        + tolerance
        + "x on its own train and test pairs for a curve of its own):"
        + note
        + verdict;
  }

  private static Map<String, AgeGaps.AgeRange> points(Map<String, AgeGaps.AgeRange> ages) {
    Map<String, AgeGaps.AgeRange> points = new LinkedHashMap<>();
    ages.forEach((k, a) -> points.put(k, new AgeGaps.AgeRange(a.years(), a.years(), a.years())));
    return points;
  }

  private static String ageModel(String location) {
    String name = Path.of(location.replace("classpath:", "")).getFileName().toString();
    return name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
  }

  private static void printCoverage(
      PrintStream o,
      ObjectNode json,
      Map<String, AgeGaps.AgeRange> ages,
      List<LabeledVector> young,
      List<LabeledVector> adult) {
    long youngAged = young.stream().filter(v -> ages.containsKey(v.id())).count();
    long adultAged = adult.stream().filter(v -> ages.containsKey(v.id())).count();
    double youngMean =
        young.stream()
            .filter(v -> ages.containsKey(v.id()))
            .mapToDouble(v -> ages.get(v.id()).years())
            .average()
            .orElse(Double.NaN);
    double adultMean =
        adult.stream()
            .filter(v -> ages.containsKey(v.id()))
            .mapToDouble(v -> ages.get(v.id()).years())
            .average()
            .orElse(Double.NaN);
    double width =
        ages.values().stream().mapToDouble(a -> a.high() - a.low()).average().orElse(Double.NaN);
    o.printf(
        Locale.ROOT,
        "  estimates: %d of %d young test photos (mean %.1f years), %d of %d adult (mean %.1f);"
            + " mean range width %.1f years%n",
        youngAged,
        young.size(),
        youngMean,
        adultAged,
        adult.size(),
        adultMean,
        width);
    json.put("youngEstimated", youngAged);
    json.put("young", young.size());
    json.put("youngMeanYears", youngMean);
    json.put("adultEstimated", adultAged);
    json.put("adult", adult.size());
    json.put("adultMeanYears", adultMean);
    json.put("meanRangeWidthYears", width);
  }

  private static void printRows(PrintStream o, String title, List<AgeGapReport.Row> rows) {
    o.printf(Locale.ROOT, "  %s:%n", title);
    o.printf(
        Locale.ROOT,
        "    %-12s %6s %8s %10s %7s %7s %8s%n",
        "band",
        "probes",
        "genuine",
        "impostor",
        "rank-1",
        "TAR",
        "FAR");
    for (AgeGapReport.Row r : rows) {
      o.printf(
          Locale.ROOT,
          "    %-12s %6d %8d %,10d %7s %7s %8s%n",
          r.band(),
          r.probes(),
          r.genuine(),
          r.impostor(),
          rate(r.rank1()),
          rate(r.tar()),
          rate(r.far()));
    }
  }

  private static String rate(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
  }

  /** Rank-1 and TAR per band, each band labelled with its photos or genuine pairs. */
  private static Map<String, Map<String, Double>> series(
      List<AgeGapReport.Row> rows, boolean perPhoto) {
    Map<String, Map<String, Double>> s = new LinkedHashMap<>();
    Map<String, Double> rank1 = new LinkedHashMap<>();
    Map<String, Double> tar = new LinkedHashMap<>();
    for (AgeGapReport.Row r : rows) {
      if (r.genuine() == 0) {
        continue;
      }
      String label =
          perPhoto
              ? r.band() + " (" + r.probes() + " photos)"
              : r.band() + " (" + r.genuine() + " pairs)";
      rank1.put(label, r.rank1());
      tar.put(label, r.tar());
    }
    s.put("rank-1", rank1);
    s.put(String.format(Locale.ROOT, "TAR @ FAR %.0e", REPORT_FAR), tar);
    return s;
  }

  private static ArrayNode rowsJson(List<AgeGapReport.Row> rows) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    for (AgeGapReport.Row r : rows) {
      ObjectNode n = a.addObject();
      n.put("band", r.band());
      n.put("probes", r.probes());
      n.put("genuine", r.genuine());
      n.put("impostor", r.impostor());
      n.put("rank1", r.rank1());
      n.put("tar", r.tar());
      n.put("far", r.far());
    }
    return a;
  }
}
