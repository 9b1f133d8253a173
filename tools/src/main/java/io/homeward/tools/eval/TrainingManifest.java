package io.homeward.tools.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A manifest for fitting a projection on a deployment's own data: a CSV file with a header and the
 * columns {@code file,subject} plus either {@code group} ({@value LagManifest#YOUNG} or {@value
 * LagManifest#ADULT}, as LAG's manifest) or {@code age} (years at the photo; below the adult age
 * counts as young). File names are relative to the images folder and may not leave it. Quoted
 * fields are refused.
 */
public final class TrainingManifest {
  private TrainingManifest() {}

  /**
   * Reads {@code manifest}, checking file names against {@code images}.
   *
   * @param adultAge photos at this age or older count as adult when the manifest gives ages
   * @throws DatasetFormatException on a missing column or a bad row (message names the line)
   */
  public static List<LagManifest.Sample> read(Path manifest, Path images, double adultAge)
      throws IOException {
    CsvTable table = CsvTable.read(manifest, "file", "subject");
    boolean byGroup = table.has("group");
    if (!byGroup && !table.has("age")) {
      throw new DatasetFormatException(
          manifest, 1, "needs a 'group' column (young/adult) or an 'age' column (years)");
    }
    List<LagManifest.Sample> samples = new ArrayList<>(table.rows().size());
    for (CsvTable.Row row : table.rows()) {
      String group;
      if (byGroup) {
        group = table.get(row, "group").toLowerCase(Locale.ROOT);
        if (!LagManifest.YOUNG.equals(group) && !LagManifest.ADULT.equals(group)) {
          throw new DatasetFormatException(
              manifest, row.line(), "group must be 'young' or 'adult', was '" + group + "'");
        }
      } else {
        String text = table.get(row, "age");
        double age;
        try {
          age = Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw new DatasetFormatException(manifest, row.line(), "age is not a number: " + text);
        }
        if (!(age >= 0 && age < 130)) {
          throw new DatasetFormatException(manifest, row.line(), "age out of range: " + text);
        }
        group = age < adultAge ? LagManifest.YOUNG : LagManifest.ADULT;
      }
      samples.add(
          new LagManifest.Sample(
              table.fileName(row, "file", images), table.get(row, "subject"), group));
    }
    return List.copyOf(samples);
  }
}
