package io.homeward.tools.detect;

import io.homeward.tools.eval.Plots;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * The no-face rate per degradation, first pass alone against the second pass, for each set that was
 * degraded.
 */
public final class DetectionPlots {
  private DetectionPlots() {}

  /** One bar pair per set: the rate after the first pass and after the second, per degradation. */
  public static void writeNoFaceRates(List<DetectionTally> rows, Path png) throws IOException {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(Plots.WIDTH + 500)
            .height(Plots.HEIGHT + 100)
            .title("Photos with no face found, per degradation")
            .xAxisTitle("degradation")
            .yAxisTitle("fraction of photos with no face")
            .build();
    chart.getStyler().setAntiAlias(true);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setXAxisLabelRotation(30);
    LinkedHashSet<String> labels = new LinkedHashSet<>();
    Map<String, Map<String, DetectionTally>> bySet = new LinkedHashMap<>();
    for (DetectionTally t : rows) {
      labels.add(t.label());
      bySet.computeIfAbsent(t.set(), s -> new LinkedHashMap<>()).put(t.label(), t);
    }
    List<String> x = new ArrayList<>(labels);
    for (var e : bySet.entrySet()) {
      if (e.getValue().size() < 2) {
        // A set measured only as it is (no degraded copies) is in the table, not the plot.
        continue;
      }
      List<Double> first = new ArrayList<>();
      List<Double> second = new ArrayList<>();
      for (String label : x) {
        DetectionTally t = e.getValue().get(label);
        first.add(t == null ? 0.0 : t.noFaceRateFirstPass());
        second.add(t == null ? 0.0 : t.noFaceRateAfter());
      }
      chart.addSeries(e.getKey() + ": first pass", x, first);
      chart.addSeries(e.getKey() + ": with second pass", x, second);
    }
    Path parent = png.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (OutputStream out = Files.newOutputStream(png)) {
      BitmapEncoder.saveBitmap(chart, out, BitmapFormat.PNG);
    }
  }
}
