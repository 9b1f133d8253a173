package io.homeward.tools.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  @TempDir Path dir;

  private static void assertPng(Path file) throws IOException {
    assertThat(file).exists();
    byte[] bytes = Files.readAllBytes(file);
    assertThat(bytes.length).isGreaterThan(5_000);
    assertThat(Arrays.copyOf(bytes, 8)).isEqualTo(PNG_SIGNATURE);
  }

  @Test
  void writesCmcRocAndHistogramPngs() throws IOException {
    GroupMetrics a = Fixtures.result().overall();
    GroupMetrics b = Fixtures.result().bands().get("near");
    Map<String, IdentificationMetrics> cmc = new LinkedHashMap<>();
    cmc.put("model A", a.identification());
    cmc.put("model B", b.identification());
    Map<String, VerificationMetrics> roc = new LinkedHashMap<>();
    roc.put("model A", a.verification());
    roc.put("model B", b.verification());

    Plots.writeCmc(cmc, dir.resolve("cmc.png"));
    Plots.writeRoc(roc, dir.resolve("plots/roc.png"));
    Plots.writeScoreHistogram("Scores", a.histogram(), a.verification(), dir.resolve("scores"));

    assertPng(dir.resolve("cmc.png"));
    assertPng(dir.resolve("plots/roc.png"));
    // The exact name given, with no ".png" appended.
    assertPng(dir.resolve("scores"));
  }

  @Test
  void refusesAnEmptyPlot() {
    assertThatThrownBy(() -> Plots.writeCmc(Map.of(), dir.resolve("x.png")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void writesReliabilityAndBandTransferPngs() throws IOException {
    Map<String, double[][]> reliability = new LinkedHashMap<>();
    reliability.put(
        "face only",
        new double[][] {{0.05, 0.5, Double.NaN, 0.95}, {0.04, 0.55, Double.NaN, 0.97}});
    Plots.writeReliability("Reliability", reliability, dir.resolve("reliability.png"));
    assertPng(dir.resolve("reliability.png"));

    Map<String, double[]> measured = new LinkedHashMap<>();
    // A population with no impostor accepted at the strictest band is drawn at the floor.
    measured.put("held out", new double[] {0.04, 0.012, 0});
    Plots.writeFarTransfer(new double[] {5e-2, 1e-2, 1e-3}, 1.5, measured, dir.resolve("far.png"));
    assertPng(dir.resolve("far.png"));
  }
}
