package io.homeward.tools.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Recall@k against p99 latency, one line per size, index, phase and search mode through its search
 * widths: where each setting sits on the trade-off. Written beside the JSON report.
 */
final class RecallPlot {
  private RecallPlot() {}

  /** Writes the plot; nothing when no row was measured. */
  static void write(List<RunResult> results, int k, Path png) throws IOException {
    Map<String, List<RunResult>> lines = new LinkedHashMap<>();
    for (RunResult r : results) {
      if (!"ok".equals(r.status()) || r.recallAtK() == null) {
        continue;
      }
      String setting = r.searchSetting();
      int space = setting.indexOf(' ');
      String mode = space < 0 ? "" : setting.substring(space);
      String name = r.size() + " " + r.index() + " " + r.phase() + mode;
      lines.computeIfAbsent(name, n -> new ArrayList<>()).add(r);
    }
    if (lines.isEmpty()) {
      return;
    }
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(600)
            .title("search-bench: recall@" + k + " against p99 per search width")
            .xAxisTitle("p99 ms")
            .yAxisTitle("recall@" + k)
            .build();
    chart.getStyler().setAntiAlias(true);
    for (Map.Entry<String, List<RunResult>> e : lines.entrySet()) {
      double[] x = e.getValue().stream().mapToDouble(r -> r.search().p99Ms()).toArray();
      double[] y = e.getValue().stream().mapToDouble(RunResult::recallAtK).toArray();
      XYSeries s = chart.addSeries(e.getKey(), x, y);
      s.setMarker(SeriesMarkers.CIRCLE);
    }
    Path parent = png.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (OutputStream out = Files.newOutputStream(png)) {
      BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
    }
  }
}
