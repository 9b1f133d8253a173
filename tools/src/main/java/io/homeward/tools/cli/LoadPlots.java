package io.homeward.tools.cli;

import io.homeward.tools.cli.LoadStats.StepFigures;
import io.homeward.tools.cli.LoadStats.TypeFigures;
import io.homeward.tools.cli.ResourceSampler.Snapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The load generator's plots: the ramp (throughput and p99 against the offered rate), the soak. */
final class LoadPlots {
  private LoadPlots() {}

  /**
   * Two panels in one picture: requests answered with success and failed a second against the
   * offered rate, and each request type's p99 (log scale) against it.
   */
  static void ramp(String label, List<StepFigures> steps, Path png) throws IOException {
    if (steps.isEmpty()) {
      return;
    }
    double[] offered = steps.stream().mapToDouble(StepFigures::offeredPerSecond).toArray();
    XYChart throughput =
        chart("load " + label + ": answered against offered", "actions/s offered", "requests/s");
    add(throughput, "ok", offered, steps.stream().mapToDouble(StepFigures::okPerSecond).toArray());
    add(
        throughput,
        "failed (5xx, timeout)",
        offered,
        steps.stream()
            .mapToDouble(
                s -> s.types().stream().mapToInt(TypeFigures::failed).sum() / (double) s.seconds())
            .toArray());
    XYChart latency =
        chart("load " + label + ": p99 per request type", "actions/s offered", "p99 ms");
    latency.getStyler().setYAxisLogarithmic(true);
    Map<String, List<double[]>> byType = new LinkedHashMap<>();
    for (StepFigures s : steps) {
      for (TypeFigures t : s.types()) {
        if (t.ok() > 0) {
          byType
              .computeIfAbsent(t.type(), k -> new ArrayList<>())
              .add(new double[] {s.offeredPerSecond(), Math.max(0.1, t.p99Ms())});
        }
      }
    }
    byType.forEach(
        (type, points) ->
            add(
                latency,
                type,
                points.stream().mapToDouble(p -> p[0]).toArray(),
                points.stream().mapToDouble(p -> p[1]).toArray()));
    save(List.of(throughput, latency), png);
  }

  /** Resident memory of each process and the JVMs' heaps in use over the soak, in MiB. */
  static void soak(String label, List<Double> minutes, List<Snapshot> at, Path png)
      throws IOException {
    if (at.isEmpty()) {
      return;
    }
    double[] x = minutes.stream().mapToDouble(Double::doubleValue).toArray();
    XYChart chart = chart("load " + label + ": memory over the soak", "minutes", "MiB");
    for (String name : at.get(0).processes().keySet()) {
      add(
          chart,
          name + " RSS",
          x,
          at.stream().mapToDouble(s -> s.processes().get(name).rssBytes() / 1048576.0).toArray());
      if (at.get(0).processes().get(name).heapBytes() >= 0) {
        add(
            chart,
            name + " heap",
            x,
            at.stream()
                .mapToDouble(s -> Math.max(0, s.processes().get(name).heapBytes()) / 1048576.0)
                .toArray());
      }
    }
    save(List.of(chart), png);
  }

  private static XYChart chart(String title, String x, String y) {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(500)
            .title(title)
            .xAxisTitle(x)
            .yAxisTitle(y)
            .build();
    chart.getStyler().setAntiAlias(true);
    return chart;
  }

  private static void add(XYChart chart, String name, double[] x, double[] y) {
    XYSeries s = chart.addSeries(name, x, y);
    s.setMarker(SeriesMarkers.CIRCLE);
  }

  /** The charts one above the other in one PNG. */
  private static void save(List<XYChart> charts, Path png) throws IOException {
    Path parent = png.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    int width = charts.get(0).getWidth();
    int height = charts.stream().mapToInt(XYChart::getHeight).sum();
    java.awt.image.BufferedImage image =
        new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = image.createGraphics();
    int y = 0;
    for (XYChart c : charts) {
      java.awt.Graphics2D part = (java.awt.Graphics2D) g.create(0, y, c.getWidth(), c.getHeight());
      c.paint(part, c.getWidth(), c.getHeight());
      part.dispose();
      y += c.getHeight();
    }
    g.dispose();
    try (OutputStream out = Files.newOutputStream(png)) {
      javax.imageio.ImageIO.write(image, "png", out);
    }
  }
}
