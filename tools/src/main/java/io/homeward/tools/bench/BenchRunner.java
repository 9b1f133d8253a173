package io.homeward.tools.bench;

import io.homeward.search.domain.CaseStatus;
import io.homeward.search.domain.FaceAttributes;
import io.homeward.search.domain.FaceRecord;
import io.homeward.search.domain.Sex;
import io.homeward.search.domain.VectorSpace;
import io.homeward.search.index.FaceIndex;
import io.homeward.search.index.IndexHit;
import io.homeward.search.index.SearchFilter;
import io.homeward.search.store.lucene.LuceneVectorFormat;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/**
 * Runs the benchmark: for each size, the exact neighbours once (brute force), then each index in
 * turn on a fresh space: insert, memory, warm-up, timed queries, clean-up. Asserts nothing about
 * time; every figure goes to the report.
 */
final class BenchRunner {
  private static final DateTimeFormatter RUN_ID =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

  private final BenchOptions options;
  private final PrintStream out;
  private final PrintStream err;
  private final String runId;
  private FaceVectors faces;

  BenchRunner(BenchOptions options, PrintStream out, PrintStream err) {
    this.options = options;
    this.out = out;
    this.err = err;
    this.runId =
        RUN_ID.format(Instant.now())
            + "-"
            + Integer.toHexString(0x1000 + ThreadLocalRandom.current().nextInt(0xF000));
  }

  String runId() {
    return runId;
  }

  Report run() throws IOException {
    Instant started = Instant.now();
    boolean tempRoot = options.dir() == null;
    Path root = tempRoot ? Files.createTempDirectory("search-bench-") : options.dir();
    List<BenchTarget> targets = new ArrayList<>();
    for (String kind : options.indexes()) {
      if (kind.equals(EmbeddedTarget.KIND)) {
        for (LuceneVectorFormat format : options.embeddedFormats()) {
          targets.add(
              new EmbeddedTarget(
                  root,
                  options.embeddedM(),
                  options.embeddedBeamWidth(),
                  options.embeddedMerge(),
                  Duration.ofSeconds(options.settleTimeoutSeconds()),
                  format));
        }
      } else {
        targets.add(
            new MilvusTarget(
                options.milvusHost(),
                options.milvusPort(),
                "bench_" + runId.replace('-', '_') + "_",
                Duration.ofSeconds(options.settleTimeoutSeconds()),
                options.milvusConsistency()));
      }
    }
    List<Map<String, Object>> truths = new ArrayList<>();
    List<RunResult> results = new ArrayList<>();
    try {
      for (int size : options.sizes()) {
        List<BenchTarget> available = new ArrayList<>();
        for (BenchTarget target : targets) {
          String reason = target.unavailableReason();
          if (reason == null) {
            available.add(target);
          } else {
            err.println("[" + size + " " + target.kind() + "] " + reason + ": skipped");
            results.add(RunResult.notRun(size, target.kind(), "skipped", reason, null));
          }
        }
        if (available.isEmpty()) {
          continue; // nothing to measure: no vectors, no exact search
        }
        VectorSource source = source(size);
        long searched = source.count(VectorSource.SEARCHED);
        Progress progress = new Progress(err, "[" + size + "] exact top-" + options.k(), searched);
        long t0 = System.nanoTime();
        ExactSearch.Truth truth =
            ExactSearch.topK(source, VectorSource.SEARCHED, options.k(), progress::update);
        double exactSeconds = (System.nanoTime() - t0) / 1e9;
        int exactPlanted = 0;
        for (int j = 0; j < source.planted(); j++) {
          exactPlanted += source.isPlantedMatch(j, truth.top1(j)) ? 1 : 0;
        }
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("size", size);
        t.put("vectors", faces == null ? "random unit vectors" : faces.describe());
        t.put("plantedMatches", source.plantedMatches());
        t.put("searchedSideVectors", searched);
        t.put("exactSeconds", round(exactSeconds, 3));
        t.put(
            "exactPlantedTop1",
            source.planted() == 0 ? null : ratio(exactPlanted, source.planted()));
        truths.add(t);
        for (BenchTarget target : available) {
          results.addAll(runOne(size, source, truth, target));
        }
      }
    } finally {
      if (tempRoot) {
        ProcMemory.deleteRecursively(root);
      }
    }
    Report report =
        new Report(
            runId,
            started.toString(),
            options.asMap(),
            Report.machineInfo(),
            truths,
            results,
            Report.legendFor(options.k()));
    out.println();
    out.print(report.table(options.k()));
    if (options.out() != null) {
      report.writeJson(options.out());
      out.println("wrote " + options.out().toAbsolutePath());
      String name = options.out().getFileName().toString();
      Path png =
          options
              .out()
              .resolveSibling(
                  (name.endsWith(".json") ? name.substring(0, name.length() - 5) : name) + ".png");
      RecallPlot.write(results, options.k(), png);
      if (Files.exists(png)) {
        out.println("wrote " + png.toAbsolutePath());
      }
    }
    return report;
  }

  /** The vectors of one size; the real faces are loaded (or embedded) on first use. */
  private VectorSource source(int size) throws IOException {
    if (options.vectors() == BenchOptions.Vectors.RANDOM) {
      return VectorSource.random(
          options.seed(),
          size,
          options.dim(),
          options.queries(),
          options.planted(),
          options.noise());
    }
    if (faces == null) {
      faces =
          FaceVectors.load(
              options.lag(), options.cacd(), options.facesCache(), options.modelsDir(), err);
      err.println("realistic vectors: " + faces.describe());
    }
    return faces.source(options.seed(), size, options.queries(), options.planted());
  }

  /** One index at one size: insert, then one row per phase and search setting. */
  private List<RunResult> runOne(
      int size, VectorSource source, ExactSearch.Truth truth, BenchTarget target) {
    String label = "[" + size + " " + target.kind() + "]";
    VectorSpace space = new VectorSpace("bench", "run-" + runId + "-" + size, options.dim());
    String caseRef = "bench-" + runId;
    List<Integer> settings =
        target instanceof MilvusTarget ? options.milvusEf() : options.embeddedCandidates();
    Map<String, Long> before = memory(target, space);
    FaceIndex index = null;
    List<RunResult> rows = new ArrayList<>();
    try {
      List<String> variants = target.variants();
      index = target.open(space, settings.get(0), variants.get(0));
      RunResult.Insert insert = insert(index, source, caseRef, label);
      List<String> notes = new ArrayList<>();
      long expected = source.count(VectorSource.SEARCHED);
      if (insert.countedOnSearchedSide() != expected) {
        String line =
            "the index counts "
                + insert.countedOnSearchedSide()
                + " faces on the searched side after the insert, not "
                + expected;
        err.println(label + " WARNING: " + line);
        notes.add(line);
      }
      if (target instanceof MilvusTarget m && m.serverProcesses() > 1) {
        notes.add(m.serverProcesses() + " Milvus processes found; RSS is the lowest pid's");
      }
      String note = notes.isEmpty() ? null : String.join("; ", notes);
      String phase = "inserted";
      BenchTarget.Settled settled = null;
      if (target.settles()) {
        // What a search reads right after the load, before the store settles it.
        rows.add(
            measure(
                target,
                space,
                index,
                source,
                truth,
                before,
                phase,
                settings.get(0),
                variants.get(0)));
        rows.set(0, withInsert(rows.get(0), insert, null, note));
        settled = target.settle(space, line -> err.println(label + " " + line));
        err.println(label + " " + settled.detail() + " in " + settled.seconds() + " s");
        phase = settled.phase();
      }
      boolean first = true;
      for (String variant : variants) {
        for (int setting : settings) {
          if (!first) {
            index = target.open(space, setting, variant);
          }
          first = false;
          RunResult row =
              measure(target, space, index, source, truth, before, phase, setting, variant);
          rows.add(withInsert(row, insert, settled, note));
        }
      }
    } catch (RuntimeException e) {
      err.println(label + " failed: " + e);
      rows.add(RunResult.notRun(size, target.kind(), "failed", e.toString(), null));
    }
    String cleanup = target.dispose(space, index, caseRef);
    err.println(label + " clean-up: " + cleanup);
    int last = rows.size() - 1;
    rows.set(last, rows.get(last).withCleanup(cleanup));
    return rows;
  }

  /** Warm-up, then the timed queries; the memory figures right after them. */
  private RunResult measure(
      BenchTarget target,
      VectorSpace space,
      FaceIndex index,
      VectorSource source,
      ExactSearch.Truth truth,
      Map<String, Long> before,
      String phase,
      int setting,
      String variant) {
    String searchSetting =
        target.searchSettingName() + "=" + setting + (variant.isEmpty() ? "" : " " + variant);
    err.println(
        "[" + source.size() + " " + target.kind() + "] search: " + phase + ", " + searchSetting);
    SearchFilter filter = SearchFilter.open(VectorSource.SEARCHED);
    for (int w = 0; w < options.warmup(); w++) {
      index.search(source.warmupQuery(w), filter, options.k());
    }
    int queries = source.queries();
    double[] latencyMs = new double[queries];
    double recallSum = 0;
    int plantedFirst = 0;
    for (int j = 0; j < queries; j++) {
      float[] query = source.query(j);
      long q0 = System.nanoTime();
      List<IndexHit> hits = index.search(query, filter, options.k());
      latencyMs[j] = (System.nanoTime() - q0) / 1e6;
      recallSum += recall(hits, truth.ids()[j]);
      if (j < source.planted()
          && !hits.isEmpty()
          && source.isPlantedMatch(j, hits.get(0).attributes().faceId())) {
        plantedFirst++;
      }
    }
    Arrays.sort(latencyMs);
    RunResult.Search search =
        new RunResult.Search(
            queries,
            options.warmup(),
            options.k(),
            round(percentile(latencyMs, 50), 3),
            round(percentile(latencyMs, 99), 3),
            round(Arrays.stream(latencyMs).average().orElse(0), 3),
            round(latencyMs[queries - 1], 3));
    Map<String, Long> now = memory(target, space);
    long perFace = target.bytesPerFace(before, now, source.size());
    if (perFace > 0) {
      now.put("bytesPerFace", perFace);
    }
    String summary =
        (perFace > 0 ? String.format(Locale.ROOT, "%,d B/face, ", perFace) : "")
            + target.memorySummary(before, now)
            + ", heap "
            + Report.bytes(now.get("jvmHeapBytes"))
            + (now.containsKey("jvmRssBytes")
                ? ", JVM RSS " + Report.bytes(now.get("jvmRssBytes"))
                : "");
    return new RunResult(
        source.size(),
        target.kind(),
        phase,
        searchSetting,
        "ok",
        null,
        null,
        null,
        search,
        round(recallSum / queries, 4),
        source.planted() == 0 ? null : ratio(plantedFirst, source.planted()),
        now,
        summary,
        null);
  }

  /** This JVM's heap (after GC) and RSS, and the store's own figures. */
  private static Map<String, Long> memory(BenchTarget target, VectorSpace space) {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("jvmHeapBytes", ProcMemory.heapUsedAfterGc());
    ProcMemory.selfRss().ifPresent(rss -> m.put("jvmRssBytes", rss));
    m.putAll(target.memory(space));
    return m;
  }

  private static RunResult withInsert(
      RunResult r, RunResult.Insert insert, BenchTarget.Settled settled, String note) {
    return new RunResult(
        r.size(),
        r.index(),
        r.phase(),
        r.searchSetting(),
        r.status(),
        note,
        insert,
        settled,
        r.search(),
        r.recallAtK(),
        r.plantedTop1(),
        r.memory(),
        r.memorySummary(),
        r.cleanup());
  }

  private RunResult.Insert insert(
      FaceIndex index, VectorSource source, String caseRef, String label) {
    int size = source.size();
    int dim = source.dimension();
    Progress progress = new Progress(err, label + " insert", size);
    long wall0 = System.nanoTime();
    long upsertNs = 0;
    for (int from = 0; from < size; from += options.batch()) {
      int start = from;
      int n = Math.min(options.batch(), size - from);
      FaceRecord[] batch = new FaceRecord[n];
      IntStream.range(0, n)
          .parallel()
          .forEach(
              t -> {
                int i = start + t;
                float[] v = new float[dim];
                source.base(i, v, 0);
                batch[t] =
                    new FaceRecord(
                        new FaceAttributes(
                            VectorSource.faceId(i),
                            caseRef,
                            VectorSource.side(i),
                            Sex.UNKNOWN,
                            0,
                            0,
                            -1f,
                            0,
                            "",
                            CaseStatus.OPEN),
                        v);
              });
      List<FaceRecord> records = Arrays.asList(batch);
      long u0 = System.nanoTime();
      index.upsert(records);
      upsertNs += System.nanoTime() - u0;
      progress.update(start + n);
    }
    double wall = (System.nanoTime() - wall0) / 1e9;
    double upsert = upsertNs / 1e9;
    long counted = index.count(VectorSource.SEARCHED);
    return new RunResult.Insert(
        size, options.batch(), round(wall, 3), round(upsert, 3), round(size / upsert, 1), counted);
  }

  private static double recall(List<IndexHit> hits, long[] exact) {
    if (exact.length == 0) {
      return 1;
    }
    Set<Long> want = new HashSet<>();
    for (long id : exact) {
      want.add(id);
    }
    int found = 0;
    for (IndexHit hit : hits) {
      found += want.remove(hit.attributes().faceId()) ? 1 : 0;
    }
    return (double) found / exact.length;
  }

  /** Nearest-rank percentile of sorted values. */
  static double percentile(double[] sorted, double p) {
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static double ratio(int a, int b) {
    return round((double) a / b, 4);
  }

  static double round(double x, int places) {
    return Double.parseDouble(String.format(Locale.ROOT, "%." + places + "f", x));
  }
}
