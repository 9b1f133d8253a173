package io.homeward.search.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A benchmark run's figures: printed as a table, written as JSON.
 *
 * @param runId unique id of the run (part of every space and collection name it created)
 * @param startedAt ISO-8601 instant
 * @param settings the options
 * @param machine processors, heap, JVM, OS
 * @param groundTruth per size: the brute-force pass that recall is measured against
 * @param results one per size and index
 * @param legend what each figure is
 */
record Report(
    String runId,
    String startedAt,
    Map<String, Object> settings,
    Map<String, Object> machine,
    List<Map<String, Object>> groundTruth,
    List<RunResult> results,
    Map<String, String> legend) {

  static Map<String, Object> machineInfo() {
    Runtime rt = Runtime.getRuntime();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("processors", rt.availableProcessors());
    m.put("maxHeapBytes", rt.maxMemory());
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    return m;
  }

  static Map<String, String> legendFor(int k) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(
        "insert/s",
        "vectors inserted / seconds spent inside FaceIndex.upsert (batches of --batch; each call"
            + " is durable when it returns); vector generation is excluded (insert.wallSeconds"
            + " includes it)");
    m.put(
        "p50 ms, p99 ms",
        "latency of one FaceIndex.search call (k="
            + k
            + ", filter: open cases of the FOUND side), queries one at a time after the warm-up;"
            + " nearest-rank percentiles");
    m.put(
        "recall@" + k,
        "mean over queries of |index top-"
            + k
            + " ∩ exact top-"
            + k
            + "| / "
            + k
            + "; exact = brute-force dot product over the same side and statuses");
    m.put(
        "planted@1",
        "fraction of the queries with a planted near-duplicate (the query plus noise, inserted"
            + " among the FOUND vectors) whose duplicate came first");
    m.put(
        "memory.jvmHeap*",
        "this JVM's heap in use after System.gc() before opening the index and after the insert;"
            + " the difference is what the index holds on the heap (the embedded index maps its"
            + " files outside the heap; for Milvus only the client lives here)");
    m.put("memory.jvmRssAfterInsertBytes", "this JVM's VmRSS (/proc/self/status) after the insert");
    m.put(
        "memory.indexDiskBytes",
        "embedded: size of the index folder after the insert (vectors, HNSW graph, stored"
            + " fields); searches read it through memory-mapped files (the OS page cache)");
    m.put(
        "memory.serverRss*",
        "milvus: VmRSS of the local 'milvus run standalone' process before the collection was"
            + " created and after the insert (the server may hold other collections too)");
    return m;
  }

  String table(int k) {
    String header =
        String.format(
            Locale.ROOT,
            "%-9s %-9s %10s %8s %8s %10s %9s  %s%n",
            "size",
            "index",
            "insert/s",
            "p50 ms",
            "p99 ms",
            "recall@" + k,
            "planted@1",
            "memory");
    StringBuilder sb = new StringBuilder(header);
    for (RunResult r : results) {
      if (!"ok".equals(r.status())) {
        sb.append(
            String.format(
                Locale.ROOT, "%-9d %-9s %s: %s%n", r.size(), r.index(), r.status(), r.note()));
        continue;
      }
      sb.append(
          String.format(
              Locale.ROOT,
              "%-9d %-9s %,10.0f %8.2f %8.2f %10.3f %9s  %s%n",
              r.size(),
              r.index(),
              r.insert().perSecond(),
              r.search().p50Ms(),
              r.search().p99Ms(),
              r.recallAtK(),
              r.plantedTop1() == null ? "-" : String.format(Locale.ROOT, "%.3f", r.plantedTop1()),
              r.memorySummary()));
    }
    for (RunResult r : results) {
      if ("ok".equals(r.status()) && r.note() != null) {
        sb.append(String.format(Locale.ROOT, "note [%d %s]: %s%n", r.size(), r.index(), r.note()));
      }
    }
    return sb.toString();
  }

  void writeJson(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
  }

  static String bytes(long n) {
    double abs = Math.abs((double) n);
    if (abs >= 1L << 30) {
      return String.format(Locale.ROOT, "%.2f GiB", n / (double) (1L << 30));
    }
    if (abs >= 1L << 20) {
      return String.format(Locale.ROOT, "%.0f MiB", n / (double) (1L << 20));
    }
    return String.format(Locale.ROOT, "%.0f KiB", n / 1024.0);
  }

  static String signedBytes(long n) {
    return (n >= 0 ? "+" : "-") + bytes(Math.abs(n));
  }
}
