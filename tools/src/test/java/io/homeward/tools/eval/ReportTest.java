package io.homeward.tools.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
  static EvaluationReport report(String model) {
    PairVerificationResult pairs =
        PairVerification.crossFold(
            List.of(
                new ScoredPair("a", 1, 0.9, true),
                new ScoredPair("b", 1, 0.1, false),
                new ScoredPair("c", 2, 0.8, true),
                new ScoredPair("d", 2, 0.3, false)));
    Map<String, String> configuration = new LinkedHashMap<>();
    configuration.put("model", model);
    configuration.put("flip", "true");
    return EvaluationReport.of(configuration, Fixtures.result(), pairs);
  }

  @Test
  void jsonCarriesTheFiguresAndReadsBack(@TempDir Path dir) throws IOException {
    EvaluationReport report = report("arcface@1");
    Path file = dir.resolve("out/report.json");

    ReportJson.write(report, file);
    EvaluationReport back = ReportJson.read(file);

    String json = ReportJson.toJson(report);
    assertThat(ReportJson.toJson(back)).isEqualTo(json);
    assertThat(json)
        .contains("\"model\" : \"arcface@1\"")
        .contains("\"failedToEnrol\" : 1")
        .contains("\"rank1\" : 0.25")
        .contains("\"tarAtFar1e3\"")
        .contains("\"eer\"")
        .contains("\"cmc\" : [ 0.25, 0.5, 0.5, 0.75 ]")
        .contains("\"testAccuracy\" : 1.0")
        .contains("\"near\"");
    assertThat(back.identification().counts()).isEqualTo(report.identification().counts());
    assertThat(back.configuration().keySet()).containsExactly("model", "flip");
  }

  @Test
  void undefinedFiguresSurviveTheRoundTrip() throws IOException {
    EvaluationResult noImpostors =
        Evaluator.evaluate(
            List.of(new LabeledVector("p", "A", new float[] {1f})),
            List.of(new LabeledVector("g", "A", new float[] {1f})));
    EvaluationReport report = EvaluationReport.of(Map.of(), noImpostors, null);

    EvaluationReport back = ReportJson.fromJson(ReportJson.toJson(report));

    assertThat(back.identification().verification().auc()).isNaN();
    assertThat(back.identification().verification().tarAtFar1e2().tar()).isNaN();
    assertThat(back.pairVerification()).isNull();
  }

  @Test
  void summaryTableHasOneColumnPerConfiguration() {
    Map<String, EvaluationReport> reports = new LinkedHashMap<>();
    reports.put("baseline", report("a"));
    reports.put("flip", report("b"));
    reports.put("empty", new EvaluationReport(Map.of(), null, null, null));

    String table = SummaryTable.format(reports);

    String[] lines = table.split("\n");
    assertThat(lines[0]).contains("baseline").contains("flip").contains("empty");
    assertThat(table).contains("rank-1").contains("TAR@FAR=1e-3").contains("pair accuracy");
    assertThat(lineStarting(lines, "rank-1 ")).contains("0.2500").endsWith("-");
    assertThat(lineStarting(lines, "failed to enrol")).contains("1");
    // Every line is as wide as the header: the columns line up.
    for (String line : lines) {
      assertThat(line.length()).isEqualTo(lines[0].length());
    }
  }

  private static String lineStarting(String[] lines, String prefix) {
    for (String line : lines) {
      if (line.startsWith(prefix)) {
        return line;
      }
    }
    throw new AssertionError("no line " + prefix);
  }
}
