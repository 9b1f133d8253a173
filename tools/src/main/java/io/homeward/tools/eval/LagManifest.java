package io.homeward.tools.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reader for the Large Age-Gap (LAG) manifest, {@code manifest.csv} with columns {@code
 * file,subject,group}. For child-to-adult search the {@value #YOUNG} photos are the probes and the
 * {@value #ADULT} photos the gallery.
 */
public final class LagManifest {
  public static final String FILE_NAME = "manifest.csv";
  public static final String YOUNG = "young";
  public static final String ADULT = "adult";

  /**
   * One photo of the manifest.
   *
   * @param file path relative to the dataset folder (checked not to escape it)
   * @param subject identity label
   * @param group {@value #YOUNG} or {@value #ADULT}
   */
  public record Sample(String file, String subject, String group) {
    public boolean isYoung() {
      return YOUNG.equals(group);
    }

    public boolean isAdult() {
      return ADULT.equals(group);
    }

    /** The photo's absolute path inside {@code folder}. */
    public Path resolve(Path folder) {
      return DatasetPaths.resolveInside(folder, file);
    }
  }

  private LagManifest() {}

  /**
   * Reads {@code folder/manifest.csv}.
   *
   * @throws DatasetFormatException on a missing column or a bad row (message names the line)
   */
  public static List<Sample> read(Path folder) throws IOException {
    CsvTable table = CsvTable.read(folder.resolve(FILE_NAME), "file", "subject", "group");
    List<Sample> samples = new ArrayList<>(table.rows().size());
    for (CsvTable.Row row : table.rows()) {
      String group = table.get(row, "group");
      if (!YOUNG.equals(group) && !ADULT.equals(group)) {
        throw new DatasetFormatException(
            table.file(), row.line(), "group must be 'young' or 'adult', was '" + group + "'");
      }
      samples.add(
          new Sample(table.fileName(row, "file", folder), table.get(row, "subject"), group));
    }
    return List.copyOf(samples);
  }
}
