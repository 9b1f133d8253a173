package io.homeward.tools.cli;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * The cells of the SFHQ age grids in {@code ../shared/fixtures/synthetic} (13 synthetic faces a
 * row, six rows from a baby to an old person, under a 122-pixel caption), cut as SyntheticGridTest
 * cuts them.
 */
final class SyntheticGrids {
  /** The age grids, both six rows of 13. */
  static final List<String> AGE_GRIDS =
      List.of("SFHQ_variability_age.jpg", "SFHQ_variability_age_X_ethnicity_1.jpg");

  /** 32 adults, four rows of eight, no caption. */
  static final String SAMPLE_GRID = "SFHQ_sample_4x8.jpg";

  static final int ROWS = 6;
  static final int COLUMNS = 13;
  static final int CAPTION_PX = 122;

  private SyntheticGrids() {}

  /** One cell as a PNG, with its row (0 = the youngest). */
  record Cell(int row, byte[] png) {}

  /** An age grid's cells, row by row. */
  static List<Cell> cells(Path file) {
    return cells(file, ROWS, COLUMNS, CAPTION_PX);
  }

  /** The cells of a grid of {@code rows} x {@code columns} under a caption, row by row. */
  static List<Cell> cells(Path file, int rows, int columns, int captionPx) {
    List<Cell> cells = new ArrayList<>();
    try (Mat grid = imread(file.toString())) {
      double cellW = grid.cols() / (double) columns;
      double cellH = (grid.rows() - captionPx) / (double) rows;
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < columns; c++) {
          try (Rect cell =
                  new Rect(
                      (int) (c * cellW), (int) (captionPx + r * cellH), (int) cellW, (int) cellH);
              Mat crop = new Mat(grid, cell);
              BytePointer buffer = new BytePointer()) {
            imencode(".png", crop, buffer);
            byte[] png = new byte[(int) buffer.limit()];
            buffer.get(png);
            cells.add(new Cell(r, png));
          }
        }
      }
    }
    return cells;
  }
}
