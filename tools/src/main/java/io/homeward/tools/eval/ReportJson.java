package io.homeward.tools.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes {@link EvaluationReport} as indented JSON. Undefined figures (NaN, e.g. TAR with
 * no impostors) and open thresholds (-Infinity) are written as the strings {@code "NaN"} and {@code
 * "-Infinity"}, Jackson's default, and read back as such.
 */
public final class ReportJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportJson() {}

  public static String toJson(EvaluationReport report) throws IOException {
    return MAPPER.writeValueAsString(report);
  }

  public static EvaluationReport fromJson(String json) throws IOException {
    return MAPPER.readValue(json, EvaluationReport.class);
  }

  /** Writes {@code report} to {@code file}, creating parent folders. */
  public static void write(EvaluationReport report, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    MAPPER.writeValue(file.toFile(), report);
  }

  public static EvaluationReport read(Path file) throws IOException {
    return MAPPER.readValue(file.toFile(), EvaluationReport.class);
  }
}
