package io.homeward.embedder.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.homeward.embedder.domain.AgeClass;
import io.homeward.embedder.domain.AgeEstimate;
import io.homeward.embedder.domain.DetectResult;
import io.homeward.embedder.domain.FacePolicy;
import io.homeward.models.ManifestReader;
import io.homeward.models.ModelManifest;
import io.homeward.support.testing.SharedData;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine's age stage on synthetic (GAN) faces whose grid rows go from a 10-month-old baby to a
 * 70-year-old: babies and toddlers come out younger than adults and seniors, and the youngest are
 * never classified adult. No real person is shown in these grids. Needs the converted age model
 * ({@code models/convert-age-models.sh}): skipped without it, except under {@code CI=true}.
 */
class AgeGridTest {
  static final String MODEL = "classpath:homeward/models/age/hse-faceres-age.json";
  private static EmbedderEngine engine;

  @BeforeAll
  static void start() {
    ModelManifest m = ManifestReader.read(MODEL);
    boolean present = Files.isRegularFile(SharedData.modelsDir().resolve(m.file()));
    if (!"true".equals(System.getenv("CI"))) {
      assumeTrue(
          present, "skipped: the age model is absent; make it with models/convert-age-models.sh");
    }
    engine =
        EmbedderEngine.start(
            EngineSettings.builder(SharedData.modelsDir())
                .workers(1)
                .age(Optional.of(MODEL))
                .build());
  }

  @AfterAll
  static void stop() {
    if (engine != null) {
      engine.close();
    }
  }

  @Test
  void babiesAreEstimatedYoungerThanAdultsAndNeverClassifiedAdult() throws Exception {
    String path = SharedData.fixture("synthetic/SFHQ_variability_age.jpg").toString();
    List<List<AgeEstimate>> rows = new ArrayList<>();
    try (Mat grid = imread(path)) {
      int top = 122;
      double cellW = grid.cols() / 13.0;
      double cellH = (grid.rows() - top) / 6.0;
      for (int r = 0; r < 6; r++) {
        List<AgeEstimate> row = new ArrayList<>();
        for (int c = 0; c < 13; c++) {
          Rect cell =
              new Rect((int) (c * cellW), (int) (top + r * cellH), (int) cellW, (int) cellH);
          DetectResult result = engine.detect(encode(grid, cell), FacePolicy.LARGEST).get();
          result.faces().forEach(f -> row.add(f.age().orElseThrow()));
        }
        rows.add(row);
      }
    }
    // Rows: 10 months, 2.5 years, small child, 16, 30, 70 (the grid's captions).
    double babies = mean(rows.get(0)) + mean(rows.get(1));
    double adults = mean(rows.get(4)) + mean(rows.get(5));
    assertThat(babies / 2).isLessThan(adults / 2);
    assertThat(mean(rows.get(0))).isLessThan(mean(rows.get(5)));
    for (int r = 0; r < 2; r++) {
      assertThat(rows.get(r))
          .allSatisfy(a -> assertThat(a.ageClass()).isNotEqualTo(AgeClass.ADULT));
    }
    assertThat(rows.get(0).get(0).modelId()).isEqualTo("hse-faceres-age");
  }

  private static double mean(List<AgeEstimate> row) {
    return row.stream().mapToDouble(AgeEstimate::years).average().orElseThrow();
  }

  private static byte[] encode(Mat grid, Rect cell) {
    try (Mat crop = new Mat(grid, cell);
        BytePointer buffer = new BytePointer()) {
      imencode(".png", crop, buffer);
      byte[] bytes = new byte[(int) buffer.limit()];
      buffer.get(bytes);
      return bytes;
    }
  }
}
