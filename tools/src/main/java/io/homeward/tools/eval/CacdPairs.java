package io.homeward.tools.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reader for the CACD verification subset, {@code pairs.csv} with columns {@code
 * pair_id,fold,img0,img1,same}. {@code same} may be written {@code 1}/{@code 0} or {@code
 * true}/{@code false}.
 */
public final class CacdPairs {
  public static final String FILE_NAME = "pairs.csv";

  /**
   * One verification pair; image names are relative to the dataset folder (checked not to escape
   * it).
   *
   * @param same whether both photos show the same person
   */
  public record Pair(String id, int fold, String img0, String img1, boolean same) {
    public Path resolve0(Path folder) {
      return DatasetPaths.resolveInside(folder, img0);
    }

    public Path resolve1(Path folder) {
      return DatasetPaths.resolveInside(folder, img1);
    }
  }

  private CacdPairs() {}

  /**
   * Reads {@code folder/pairs.csv}.
   *
   * @throws DatasetFormatException on a missing column or a bad row (message names the line)
   */
  public static List<Pair> read(Path folder) throws IOException {
    CsvTable table =
        CsvTable.read(folder.resolve(FILE_NAME), "pair_id", "fold", "img0", "img1", "same");
    List<Pair> pairs = new ArrayList<>(table.rows().size());
    for (CsvTable.Row row : table.rows()) {
      String foldText = table.get(row, "fold");
      int fold;
      try {
        fold = Integer.parseInt(foldText);
      } catch (NumberFormatException e) {
        throw new DatasetFormatException(
            table.file(), row.line(), "fold is not a number: '" + foldText + "'");
      }
      pairs.add(
          new Pair(
              table.get(row, "pair_id"),
              fold,
              table.fileName(row, "img0", folder),
              table.fileName(row, "img1", folder),
              parseSame(table, row)));
    }
    return List.copyOf(pairs);
  }

  private static boolean parseSame(CsvTable table, CsvTable.Row row) throws DatasetFormatException {
    String same = table.get(row, "same").toLowerCase(Locale.ROOT);
    return switch (same) {
      case "1", "true" -> true;
      case "0", "false" -> false;
      default ->
          throw new DatasetFormatException(
              table.file(), row.line(), "same must be 1/0 or true/false, was '" + same + "'");
    };
  }
}
