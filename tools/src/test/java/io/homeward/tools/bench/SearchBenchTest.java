package io.homeward.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.homeward.search.domain.Side;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The benchmark's logic at a tiny size, embedded index only; nothing about time is checked. */
class SearchBenchTest {
  @TempDir Path tempDir;

  @Test
  void runsTheEmbeddedIndexAndWritesTheReport() throws Exception {
    Path index = tempDir.resolve("index");
    Path json = tempDir.resolve("out/bench.json");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    BenchOptions options =
        new BenchOptions(
            List.of(2_000),
            32,
            20,
            5,
            10,
            20,
            0.2,
            7,
            List.of("embedded"),
            "127.0.0.1",
            19530,
            500,
            index,
            json,
            List.of(100),
            16,
            100,
            0,
            List.of(128),
            60);

    Report report =
        new BenchRunner(
                options,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
            .run();

    // As inserted, then once the background merges are done.
    assertThat(report.results()).extracting(RunResult::phase).containsExactly("inserted", "merged");
    assertThat(report.results().get(1).settled().complete()).isTrue();
    RunResult r = report.results().get(0);
    assertThat(r.status()).as(r.note()).isEqualTo("ok");
    assertThat(r.insert().vectors()).isEqualTo(2_000);
    assertThat(r.insert().countedOnSearchedSide()).isEqualTo(1_000);
    assertThat(r.recallAtK()).isBetween(0.0, 1.0);
    assertThat(r.plantedTop1()).isGreaterThanOrEqualTo(0.9);
    assertThat(r.search().p50Ms()).isLessThanOrEqualTo(r.search().p99Ms());
    assertThat(r.phase()).isEqualTo("inserted");
    assertThat(r.searchSetting()).isEqualTo("candidates=100");
    assertThat(r.memory()).containsKeys("jvmHeapBytes", "indexDiskBytes", "indexSegments");
    assertThat(report.groundTruth().get(0).get("exactPlantedTop1")).isEqualTo(1.0);
    // The space's folder is gone; the user's folder stays.
    assertThat(index).isDirectory();
    try (var left = Files.list(index)) {
      assertThat(left).isEmpty();
    }

    String table = out.toString(StandardCharsets.UTF_8);
    assertThat(table).contains("recall@10", "planted@1", "embedded");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("insert: 2,000/2,000");
    JsonNode written = new ObjectMapper().readTree(json.toFile());
    assertThat(written.path("results").get(0).path("index").asText()).isEqualTo("embedded");
    assertThat(written.path("results").get(0).path("recallAtK").asDouble()).isBetween(0.0, 1.0);
    assertThat(written.path("legend").has("recall@10")).isTrue();
  }

  @Test
  void mergesThenMeasuresEverySearchSetting() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    BenchOptions options =
        new BenchOptions(
            List.of(3_000),
            16,
            10,
            2,
            10,
            10,
            0.2,
            11,
            List.of("embedded"),
            "127.0.0.1",
            19530,
            200,
            tempDir.resolve("merge"),
            null,
            List.of(10, 50),
            8,
            50,
            1,
            List.of(128),
            60);

    Report report =
        new BenchRunner(
                options,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
            .run();

    // As inserted (the first setting), then merged with each setting.
    assertThat(report.results())
        .extracting(RunResult::phase, RunResult::searchSetting)
        .containsExactly(
            Tuple.tuple("inserted", "candidates=10"),
            Tuple.tuple("merged-1", "candidates=10"),
            Tuple.tuple("merged-1", "candidates=50"));
    for (RunResult r : report.results()) {
      assertThat(r.status()).as(r.note()).isEqualTo("ok");
      assertThat(r.insert().vectors()).isEqualTo(3_000);
      assertThat(r.plantedTop1()).isGreaterThanOrEqualTo(0.9);
    }
    RunResult merged = report.results().get(1);
    assertThat(merged.settled().detail()).endsWith("-> 1 segments");
    assertThat(merged.memory()).containsEntry("indexSegments", 1L);
    // More candidates never find fewer of the exact neighbours on one merged graph.
    assertThat(report.results().get(2).recallAtK()).isGreaterThanOrEqualTo(merged.recallAtK());
    assertThat(report.results().get(2).cleanup()).startsWith("deleted ");
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("merged-1", "candidates=50");
  }

  @Test
  void anUnreachableMilvusIsSkippedNotFatal() throws Exception {
    Path json = tempDir.resolve("skip.json");
    int exit =
        new CommandLine(new SearchBench())
            .execute(
                "--sizes",
                "200",
                "--dim",
                "8",
                "--queries",
                "5",
                "--planted",
                "5",
                "--indexes",
                "milvus",
                "--milvus-port",
                "1",
                "--out",
                json.toString());

    assertThat(exit).isZero();
    JsonNode written = new ObjectMapper().readTree(json.toFile());
    assertThat(written.path("results").get(0).path("status").asText()).isEqualTo("skipped");
  }

  @Test
  void exactSearchMatchesANaiveScan() {
    VectorSource source = new VectorSource(3, 600, 16, 7, 7, 0.2);
    ExactSearch.Truth truth = ExactSearch.topK(source, Side.FOUND, 5, done -> {});
    for (int j = 0; j < 7; j++) {
      float[] q = source.query(j);
      long[] naive =
          IntStream.range(0, 600)
              .filter(i -> VectorSource.side(i) == Side.FOUND)
              .boxed()
              .sorted(Comparator.comparingDouble(i -> -dot(q, source.base(i))))
              .limit(5)
              .mapToLong(VectorSource::faceId)
              .toArray();
      assertThat(truth.ids()[j]).as("query %d", j).containsExactly(naive);
      assertThat(truth.top1(j)).isEqualTo(source.plantedFaceId(j));
    }
    // Deterministic: the same seed gives the same vectors.
    assertThat(new VectorSource(3, 600, 16, 7, 7, 0.2).base(123)).containsExactly(source.base(123));
    assertThat(Arrays.equals(new VectorSource(4, 600, 16, 7, 7, 0.2).base(123), source.base(123)))
        .isFalse();
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
