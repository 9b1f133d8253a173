package io.homeward.embedder.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import io.homeward.embedder.domain.DetectResult;
import io.homeward.embedder.domain.FaceBox;
import io.homeward.embedder.domain.FacePolicy;
import io.homeward.embedder.support.TestEngine;
import io.homeward.support.testing.SharedData;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Synthetic (GAN) faces from a baby to a 70-year-old: each grid cell, cut out here, must yield one
 * face inside the cell. No real person is shown in these grids.
 */
class SyntheticGridTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // file, rows, columns, top offset of the first row (a title band)
    "SFHQ_variability_age.jpg, 6, 13, 122",
    "SFHQ_variability_age_X_ethnicity_1.jpg, 6, 13, 122",
    "SFHQ_sample_4x8.jpg, 4, 8, 0"
  })
  void findsTheFaceInEveryCell(String file, int rows, int columns, int top) throws Exception {
    String path = SharedData.fixture("synthetic/" + file).toString();
    List<String> missed = new ArrayList<>();
    try (Mat grid = imread(path)) {
      double cellW = grid.cols() / (double) columns;
      double cellH = (grid.rows() - top) / (double) rows;
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < columns; c++) {
          Rect cell =
              new Rect((int) (c * cellW), (int) (top + r * cellH), (int) cellW, (int) cellH);
          DetectResult result =
              TestEngine.shared().detect(encode(grid, cell), FacePolicy.LARGEST).get();
          if (result.faces().isEmpty() || !plausible(result.faces().get(0).box(), cell)) {
            missed.add("row " + r + " column " + c);
          }
        }
      }
    }
    assertThat(missed).as("cells without a plausible face").isEmpty();
  }

  /** The face is centred in the cell and is a large part of it. */
  private static boolean plausible(FaceBox box, Rect cell) {
    float cx = (box.x1() + box.x2()) / 2;
    float cy = (box.y1() + box.y2()) / 2;
    return cx > cell.width() * 0.2
        && cx < cell.width() * 0.8
        && cy > cell.height() * 0.15
        && cy < cell.height() * 0.85
        && box.height() > cell.width() * 0.3;
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
