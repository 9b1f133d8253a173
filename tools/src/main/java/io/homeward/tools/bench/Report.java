package io.homeward.tools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A benchmark run's figures: printed as a table, written as JSON.
 *
 * @param runId unique id of the run (part of every space and collection name it created)
 * @param startedAt ISO-8601 instant
 * @param settings the options
 * @param machine processors, heap, JVM, OS
 * @param groundTruth per size: the brute-force pass that recall is measured against
 * @param results per size and index, one per phase and search setting
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
        "phase",
        "inserted: searched right after the insert; indexed: Milvus flushed (sealing its growing"
            + " segments) and every sealed segment served through its HNSW index; merged: the"
            + " embedded index once the merges its writes triggered are done (merged-N: then"
            + " force-merged down to N segments)");
    m.put(
        "ef / candidates",
        "the search-time HNSW setting: Milvus ef per segment, Lucene numCandidates per segment"
            + " (each search asks for max(k, setting) and keeps the best k)");
    m.put(
        "memory.jvmHeapBytes",
        "this JVM's heap in use after System.gc(), right after the row's searches (the embedded"
            + " index maps its files outside the heap; for Milvus only the client lives here)");
    m.put(
        "memory.jvmRssBytes",
        "this JVM's VmRSS (/proc/self/status) then: heap pages it ever touched plus the index"
            + " file pages it has mapped in");
    m.put(
        "memory.indexDiskBytes",
        "embedded: size of the index folder (vectors, HNSW graph, stored fields); searches read"
            + " it through memory-mapped files (the OS page cache)");
    m.put(
        "memory.indexSegments",
        "embedded: segments searched (a count, not bytes): each is its own HNSW graph, searched"
            + " with the row's candidates");
    m.put(
        "memory.serverRssBytes",
        "milvus: VmRSS of the local 'milvus run standalone' process (/proc) right after the"
            + " row's searches, and its change since before the collection was created (the"
            + " server may hold other collections too)");
    return m;
  }

  String table(int k) {
    String format = "%-8s %-13s %-9s %-22s %10s %8s %8s %9s %9s  %s%n";
    StringBuilder sb =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                format,
                "size",
                "index",
                "phase",
                "search",
                "insert/s",
                "p50 ms",
                "p99 ms",
                "recall@" + k,
                "planted@1",
                "memory"));
    for (RunResult r : results) {
      if (!"ok".equals(r.status())) {
        sb.append(
            String.format(
                Locale.ROOT, "%-8d %-13s %s: %s%n", r.size(), r.index(), r.status(), r.note()));
        continue;
      }
      sb.append(
          String.format(
              Locale.ROOT,
              format,
              r.size(),
              r.index(),
              r.phase(),
              r.searchSetting(),
              String.format(Locale.ROOT, "%,.0f", r.insert().perSecond()),
              String.format(Locale.ROOT, "%.2f", r.search().p50Ms()),
              String.format(Locale.ROOT, "%.2f", r.search().p99Ms()),
              String.format(Locale.ROOT, "%.3f", r.recallAtK()),
              r.plantedTop1() == null ? "-" : String.format(Locale.ROOT, "%.3f", r.plantedTop1()),
              r.memorySummary()));
    }
    Set<String> said = new LinkedHashSet<>();
    for (RunResult r : results) {
      String who = "[" + r.size() + " " + r.index() + "]";
      if ("ok".equals(r.status()) && r.settled() != null) {
        said.add(
            String.format(
                Locale.ROOT,
                "%s before '%s': %s, %.1f s%n",
                who,
                r.phase(),
                r.settled().detail(),
                r.settled().seconds()));
      }
      if ("ok".equals(r.status()) && r.note() != null) {
        said.add(String.format(Locale.ROOT, "note %s: %s%n", who, r.note()));
      }
    }
    said.forEach(sb::append);
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
