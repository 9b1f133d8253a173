package io.homeward.tools.age;

import io.homeward.tools.eval.Plots;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Plots of age estimates: predicted against labelled age, and the minor/adult rates. */
public final class AgePlots {
  private AgePlots() {}

  /** Predicted against labelled age, one series per estimator, with the diagonal. */
  public static void writeScatter(Map<String, List<AgeObservation>> byCandidate, Path png)
      throws IOException {
    headless();
    XYChart chart =
        new XYChartBuilder()
            .width(Plots.WIDTH)
            .height(Plots.HEIGHT)
            .title("Estimated vs labelled age (synthetic faces; labels are approximate)")
            .xAxisTitle("labelled age (years)")
            .yAxisTitle("estimated age (years)")
            .build();
    chart.getStyler().setAntiAlias(true);
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
    int series = 0;
    for (var e : byCandidate.entrySet()) {
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (AgeObservation o : e.getValue()) {
        if (!Double.isNaN(o.labelledAge()) && !Double.isNaN(o.years())) {
          // A little horizontal jitter, fixed per face, so equal labels do not hide each other.
          x.add(o.labelledAge() + ((x.size() * 7919) % 13 - 6) * 0.15);
          y.add(o.years());
        }
      }
      if (!x.isEmpty()) {
        chart.addSeries(e.getKey(), x, y);
        series++;
      }
    }
    if (series == 0) {
      return;
    }
    var diagonal = chart.addSeries("estimate = label", new double[] {0, 75}, new double[] {0, 75});
    diagonal.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
    diagonal.setMarker(SeriesMarkers.NONE);
    save(chart, png);
  }

  /** The rates of every summary, grouped by rate, one bar per estimator. */
  public static void writeRates(List<AgeSummary> summaries, Path png) throws IOException {
    headless();
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(Plots.WIDTH + 300)
            .height(Plots.HEIGHT)
            .title("Minors and adults classified as such")
            .xAxisTitle("faces")
            .yAxisTitle("fraction")
            .build();
    chart.getStyler().setAntiAlias(true);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisMax(1.0);
    chart.getStyler().setXAxisLabelRotation(20);
    for (AgeSummary s : summaries) {
      List<String> names = new ArrayList<>();
      List<Double> values = new ArrayList<>();
      s.rates()
          .forEach(
              (name, rate) -> {
                names.add(name);
                values.add(Double.isNaN(rate.fraction()) ? 0.0 : rate.fraction());
              });
      chart.addSeries(s.candidate(), names, values);
    }
    save(chart, png);
  }

  /**
   * Bars per band, one series per figure (e.g. rank-1, TAR at a threshold): categories are the
   * bands in order; a band without data is drawn at 0.
   */
  public static void writeBandBars(
      String title, String xTitle, Map<String, Map<String, Double>> bySeries, Path png)
      throws IOException {
    headless();
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(Plots.WIDTH)
            .height(Plots.HEIGHT)
            .title(title)
            .xAxisTitle(xTitle)
            .yAxisTitle("fraction")
            .build();
    chart.getStyler().setAntiAlias(true);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisMax(1.0);
    for (Map.Entry<String, Map<String, Double>> s : bySeries.entrySet()) {
      List<String> names = new ArrayList<>();
      List<Double> values = new ArrayList<>();
      s.getValue()
          .forEach(
              (band, v) -> {
                names.add(band);
                values.add(Double.isNaN(v) ? 0.0 : v);
              });
      chart.addSeries(s.getKey(), names, values);
    }
    save(chart, png);
  }

  private static void headless() {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private static void save(Chart<?, ?> chart, Path png) throws IOException {
    Path parent = png.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (OutputStream out = Files.newOutputStream(png)) {
      BitmapEncoder.saveBitmap(chart, out, BitmapFormat.PNG);
    }
  }
}
