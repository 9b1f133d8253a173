package io.homeward.tools.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** A compact plain-text table for the console: one row per figure, one column per configuration. */
public final class SummaryTable {
  private SummaryTable() {}

  /** Band keys written by {@code homeward eval}. */
  public static final String PADDED = "padded gallery";

  public static final String ADULT_ADULT = "adult->adult (LAG test)";
  public static final String CACD = "adult->adult years apart (CACD-VS)";

  private record Row(String label, Function<EvaluationReport, String> value) {}

  private static final List<Row> ROWS =
      List.of(
          new Row("vectors", r -> label(r, "vectors")),
          new Row("projection", r -> label(r, "projection") + " " + label(r, "projectionKind")),
          new Row("probes", r -> id(r, g -> count(g.counts().probes()))),
          new Row("failed to enrol", r -> id(r, g -> count(g.counts().failedToEnrol()))),
          new Row("absent from gallery", r -> id(r, g -> count(g.counts().absentFromGallery()))),
          new Row("gallery", r -> id(r, g -> count(g.counts().gallery()))),
          new Row("genuine pairs", r -> id(r, g -> count(g.counts().genuinePairs()))),
          new Row("impostor pairs", r -> id(r, g -> count(g.counts().impostorPairs()))),
          new Row("rank-1", r -> id(r, g -> rate(g.identification().imageLevel().rank1()))),
          new Row("rank-5", r -> id(r, g -> rate(g.identification().imageLevel().rank5()))),
          new Row("rank-10", r -> id(r, g -> rate(g.identification().imageLevel().rank10()))),
          new Row("rank-20", r -> id(r, g -> rate(g.identification().imageLevel().rank20()))),
          new Row(
              "identity rank-1", r -> id(r, g -> rate(g.identification().identityLevel().rank1()))),
          new Row(
              "identity rank-5", r -> id(r, g -> rate(g.identification().identityLevel().rank5()))),
          new Row("TAR@FAR=1e-2", r -> id(r, g -> point(g.verification().tarAtFar1e2()))),
          new Row("TAR@FAR=1e-3", r -> id(r, g -> point(g.verification().tarAtFar1e3()))),
          new Row("ROC AUC", r -> id(r, g -> rate(g.verification().auc()))),
          new Row(
              "EER",
              r ->
                  id(
                      r,
                      g ->
                          rate(g.verification().eer().rate())
                              + " @"
                              + score(g.verification().eer().threshold()))),
          new Row("genuine mean±sd", r -> id(r, g -> spread(g.verification().genuine()))),
          new Row("impostor mean±sd", r -> id(r, g -> spread(g.verification().impostor()))),
          new Row("padded gallery", r -> band(r, PADDED, g -> count(g.counts().gallery()))),
          new Row(
              "padded rank-1",
              r -> band(r, PADDED, g -> rate(g.identification().imageLevel().rank1()))),
          new Row(
              "padded rank-5",
              r -> band(r, PADDED, g -> rate(g.identification().imageLevel().rank5()))),
          new Row(
              "padded rank-10",
              r -> band(r, PADDED, g -> rate(g.identification().imageLevel().rank10()))),
          new Row(
              "padded rank-20",
              r -> band(r, PADDED, g -> rate(g.identification().imageLevel().rank20()))),
          new Row(
              "adult->adult TAR@1e-2",
              r -> band(r, ADULT_ADULT, g -> point(g.verification().tarAtFar1e2()))),
          new Row(
              "adult->adult TAR@1e-3",
              r -> band(r, ADULT_ADULT, g -> point(g.verification().tarAtFar1e3()))),
          new Row(
              "CACD pairs TAR@1e-2",
              r -> band(r, CACD, g -> point(g.verification().tarAtFar1e2()))),
          new Row(
              "CACD pairs TAR@1e-3",
              r -> band(r, CACD, g -> point(g.verification().tarAtFar1e3()))),
          new Row("pair accuracy", r -> pairs(r, p -> rate(p.meanAccuracy()))),
          new Row("pair accuracy folds", r -> pairs(r, SummaryTable::folds)));

  /** The table for the reports, columns in the map's order. */
  public static String format(Map<String, EvaluationReport> byConfiguration) {
    List<String> headers = new ArrayList<>(byConfiguration.keySet());
    int labelWidth = "figure".length();
    for (Row row : ROWS) {
      labelWidth = Math.max(labelWidth, row.label().length());
    }
    List<String[]> cells = new ArrayList<>();
    int[] widths = new int[headers.size()];
    for (int c = 0; c < headers.size(); c++) {
      widths[c] = headers.get(c).length();
    }
    for (Row row : ROWS) {
      String[] values = new String[headers.size()];
      int c = 0;
      for (EvaluationReport report : byConfiguration.values()) {
        values[c] = row.value().apply(report);
        widths[c] = Math.max(widths[c], values[c].length());
        c++;
      }
      cells.add(values);
    }
    StringBuilder out = new StringBuilder();
    appendLine(out, "figure", labelWidth, headers.toArray(new String[0]), widths);
    out.append("-".repeat(labelWidth));
    for (int w : widths) {
      out.append("-+-").append("-".repeat(w));
    }
    out.append('\n');
    for (int r = 0; r < ROWS.size(); r++) {
      appendLine(out, ROWS.get(r).label(), labelWidth, cells.get(r), widths);
    }
    return out.toString();
  }

  private static void appendLine(
      StringBuilder out, String label, int labelWidth, String[] values, int[] widths) {
    out.append(pad(label, labelWidth, false));
    for (int c = 0; c < values.length; c++) {
      out.append(" | ").append(pad(values[c], widths[c], true));
    }
    out.append('\n');
  }

  private static String pad(String text, int width, boolean right) {
    String fill = " ".repeat(Math.max(0, width - text.length()));
    return right ? fill + text : text + fill;
  }

  private static String label(EvaluationReport r, String key) {
    return r.configuration().getOrDefault(key, "-");
  }

  private static String band(EvaluationReport r, String band, Function<GroupMetrics, String> f) {
    GroupMetrics g = r.bands().get(band);
    return g == null ? "-" : f.apply(g);
  }

  private static String id(EvaluationReport r, Function<GroupMetrics, String> f) {
    return r.identification() == null ? "-" : f.apply(r.identification());
  }

  private static String pairs(EvaluationReport r, Function<PairVerificationResult, String> f) {
    return r.pairVerification() == null ? "-" : f.apply(r.pairVerification());
  }

  private static String count(long n) {
    return Long.toString(n);
  }

  private static String rate(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
  }

  private static String score(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
  }

  private static String point(OperatingPoint p) {
    return rate(p.tar()) + " @" + score(p.threshold());
  }

  private static String spread(ScoreSummary s) {
    return score(s.mean()) + "±" + score(s.std());
  }

  private static String folds(PairVerificationResult p) {
    StringBuilder b = new StringBuilder();
    for (FoldResult f : p.folds()) {
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append(f.testFold()).append(':').append(rate(f.testAccuracy()));
    }
    return b.toString();
  }
}
