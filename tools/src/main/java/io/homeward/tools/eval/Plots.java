package io.homeward.tools.eval;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG plots of evaluation figures (XChart, headless). The map-taking plots draw one line per
 * configuration label so that several models or settings can be compared in one picture. Only
 * scores are plotted, never faces.
 */
public final class Plots {
  public static final int WIDTH = 900;
  public static final int HEIGHT = 600;

  /** CMC curves are drawn to this rank. */
  public static final int CMC_RANKS = 50;

  private Plots() {}

  /** CMC curves (image level), rank 1 to {@value #CMC_RANKS}, one line per configuration. */
  public static void writeCmc(Map<String, IdentificationMetrics> byConfiguration, Path png)
      throws IOException {
    XYChart chart = chart("Cumulative match characteristic", "Rank", "Identification rate");
    chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setXAxisMin(1.0);
    chart.getStyler().setLegendPosition(LegendPosition.InsideSE);
    int series = 0;
    for (Map.Entry<String, IdentificationMetrics> e : byConfiguration.entrySet()) {
      double[] cmc = e.getValue().imageLevel().cmc();
      int n = Math.min(CMC_RANKS, cmc.length);
      if (n == 0) {
        continue;
      }
      double[] ranks = new double[n];
      double[] rates = new double[n];
      for (int k = 0; k < n; k++) {
        ranks[k] = k + 1;
        rates[k] = cmc[k];
      }
      line(chart, e.getKey(), ranks, rates);
      series++;
    }
    save(chart, series, png);
  }

  /**
   * Overlaid genuine and impostor score densities on the histogram's shared bins, with the FAR 1e-2
   * and 1e-3 thresholds as vertical lines where they are finite.
   */
  public static void writeScoreHistogram(
      String title, ScoreHistogram histogram, VerificationMetrics verification, Path png)
      throws IOException {
    XYChart chart = chart(title, "Score (cosine similarity)", "Density");
    chart.getStyler().setXAxisMin(histogram.lower()).setXAxisMax(histogram.upper());
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setLegendPosition(LegendPosition.InsideNW);
    double[] centres = histogram.centres();
    double[] genuine = histogram.genuineDensity();
    double[] impostor = histogram.impostorDensity();
    step(chart, "Impostor", centres, impostor);
    step(chart, "Genuine", centres, genuine);
    double top = 0;
    for (int i = 0; i < centres.length; i++) {
      top = Math.max(top, Math.max(genuine[i], impostor[i]));
    }
    top = top > 0 ? top * 1.05 : 1;
    if (verification != null) {
      thresholdLine(chart, "FAR 1e-2", verification.tarAtFar1e2(), top);
      thresholdLine(chart, "FAR 1e-3", verification.tarAtFar1e3(), top);
    }
    save(chart, 2, png);
  }

  /** ROC curves, FAR on a log axis from 1e-4 to 1, one line per configuration. */
  public static void writeRoc(Map<String, VerificationMetrics> byConfiguration, Path png)
      throws IOException {
    XYChart chart = chart("ROC", "False accept rate", "True accept rate");
    chart.getStyler().setXAxisLogarithmic(true).setXAxisMin(1e-4).setXAxisMax(1.0);
    chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
    chart.getStyler().setLegendPosition(LegendPosition.InsideSE);
    int series = 0;
    for (Map.Entry<String, VerificationMetrics> e : byConfiguration.entrySet()) {
      double[] far = e.getValue().rocFar();
      double[] tar = e.getValue().rocTar();
      int n = 0;
      double[] x = new double[far.length];
      double[] y = new double[far.length];
      for (int i = 0; i < far.length; i++) {
        if (far[i] > 0 && !Double.isNaN(tar[i])) {
          x[n] = far[i];
          y[n++] = tar[i];
        }
      }
      if (n == 0) {
        continue;
      }
      line(chart, e.getKey(), Arrays.copyOf(x, n), Arrays.copyOf(y, n));
      series++;
    }
    save(chart, series, png);
  }

  /**
   * A reliability diagram: mean predicted score against observed rate of the same person, one line
   * per configuration ({@code {predicted[], observed[]}}, empty bins left out), with the diagonal.
   */
  public static void writeReliability(
      String title, Map<String, double[][]> byConfiguration, Path png) throws IOException {
    XYChart chart = chart(title, "Predicted (calibrated score)", "Observed rate of same person");
    chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
    chart.getStyler().setLegendPosition(LegendPosition.InsideNW);
    line(chart, "perfect calibration", new double[] {0, 1}, new double[] {0, 1});
    int series = 0;
    for (Map.Entry<String, double[][]> e : byConfiguration.entrySet()) {
      double[] x = e.getValue()[0];
      double[] y = e.getValue()[1];
      int n = 0;
      double[] px = new double[x.length];
      double[] py = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
          px[n] = x[i];
          py[n++] = y[i];
        }
      }
      if (n == 0) {
        continue;
      }
      XYSeries s = chart.addSeries(e.getKey(), Arrays.copyOf(px, n), Arrays.copyOf(py, n));
      s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
      series++;
    }
    save(chart, series, png);
  }

  /**
   * Measured false accept rate at each band's threshold (x: the bands in order, y: log scale), one
   * line per population, with the promise and the tolerated multiple of it.
   */
  public static void writeFarTransfer(
      double[] promised, double tolerance, Map<String, double[]> measuredByPopulation, Path png)
      throws IOException {
    XYChart chart =
        chart(
            "False accept rate at each band's threshold (1 POSSIBLE, 2 PROBABLE, 3 STRONG)",
            "Band",
            "False accept rate");
    chart.getStyler().setYAxisLogarithmic(true).setXAxisMin(0.8).setXAxisMax(3.2);
    chart.getStyler().setLegendPosition(LegendPosition.InsideNE);
    double[] x = new double[promised.length];
    double[] limit = new double[promised.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = i + 1;
      limit[i] = promised[i] * tolerance;
    }
    line(chart, "promise", x, promised);
    line(chart, String.format(Locale.ROOT, "%.1fx promise", tolerance), x, limit);
    for (Map.Entry<String, double[]> e : measuredByPopulation.entrySet()) {
      double[] y = e.getValue().clone();
      for (int i = 0; i < y.length; i++) {
        // A log axis cannot show zero: no impostor accepted is drawn at the floor.
        y[i] = Math.max(y[i], 1e-5);
      }
      XYSeries s = chart.addSeries(e.getKey(), x, y);
      s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
    }
    save(chart, 2 + measuredByPopulation.size(), png);
  }

  private static XYChart chart(String title, String xTitle, String yTitle) {
    // Charts render through AWT; on a server there is no display, and XChart must not try to find
    // one.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle(xTitle)
            .yAxisTitle(yTitle)
            .build();
    chart.getStyler().setAntiAlias(true);
    return chart;
  }

  private static void line(XYChart chart, String name, double[] x, double[] y) {
    XYSeries s = chart.addSeries(name, x, y);
    s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
    s.setMarker(SeriesMarkers.NONE);
  }

  private static void step(XYChart chart, String name, double[] x, double[] y) {
    XYSeries s = chart.addSeries(name, x, y);
    s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Step);
    s.setMarker(SeriesMarkers.NONE);
  }

  private static void thresholdLine(XYChart chart, String label, OperatingPoint point, double top) {
    double t = point.threshold();
    if (Double.isNaN(t) || Double.isInfinite(t)) {
      return;
    }
    XYSeries s =
        chart.addSeries(
            String.format(Locale.ROOT, "%s threshold %.3f", label, t),
            new double[] {t, t},
            new double[] {0, top});
    s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
    s.setMarker(SeriesMarkers.NONE);
  }

  private static void save(XYChart chart, int series, Path png) throws IOException {
    if (series == 0) {
      throw new IllegalArgumentException("nothing to plot for " + png);
    }
    Path parent = png.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    // Through a stream: given a name, XChart would append ".png" to names lacking it.
    try (OutputStream out = Files.newOutputStream(png)) {
      BitmapEncoder.saveBitmap(chart, out, BitmapFormat.PNG);
    }
  }
}
