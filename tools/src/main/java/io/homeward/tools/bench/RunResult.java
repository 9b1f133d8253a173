package io.homeward.tools.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * The figures of one index at one size.
 *
 * @param size vectors inserted
 * @param index {@code embedded} or {@code milvus}
 * @param phase {@code inserted} (searched right after the insert) or what settling made of it
 *     ({@code indexed}: Milvus flushed and built its HNSW index; {@code merged}: embedded segments
 *     merged)
 * @param searchSetting the search-time setting of these searches ({@code ef=128}, {@code
 *     candidates=100})
 * @param status {@code ok}, {@code skipped} (store unreachable) or {@code failed}
 * @param note why it was skipped or failed
 * @param insert insert figures (shared by every phase and setting of one index and size)
 * @param settled what settling did before this phase, if it ran
 * @param search latency figures
 * @param recallAtK mean over queries of |approximate top-k ∩ exact top-k| / k
 * @param plantedTop1 fraction of planted queries whose planted duplicate came first
 * @param memory memory figures in bytes, named
 * @param memorySummary the table's memory column
 * @param cleanup what was deleted afterwards
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record RunResult(
    int size,
    String index,
    String phase,
    String searchSetting,
    String status,
    String note,
    Insert insert,
    BenchTarget.Settled settled,
    Search search,
    Double recallAtK,
    Double plantedTop1,
    Map<String, Long> memory,
    String memorySummary,
    String cleanup) {

  static RunResult notRun(int size, String index, String status, String note, String cleanup) {
    return new RunResult(
        size, index, null, null, status, note, null, null, null, null, null, null, null, cleanup);
  }

  /** The same figures with the clean-up note. */
  RunResult withCleanup(String cleanup) {
    return new RunResult(
        size,
        index,
        phase,
        searchSetting,
        status,
        note,
        insert,
        settled,
        search,
        recallAtK,
        plantedTop1,
        memory,
        memorySummary,
        cleanup);
  }

  /**
   * @param vectors faces inserted
   * @param batch faces per upsert call
   * @param wallSeconds the whole insert phase, vector generation included
   * @param upsertSeconds time spent inside {@code upsert} calls only
   * @param perSecond vectors / upsertSeconds
   * @param countedOnSearchedSide the index's own count of the searched side afterwards
   */
  record Insert(
      long vectors,
      int batch,
      double wallSeconds,
      double upsertSeconds,
      double perSecond,
      long countedOnSearchedSide) {}

  /**
   * @param queries timed queries, one at a time
   * @param warmup untimed queries before them
   * @param k neighbours asked for
   * @param p50Ms median latency of one search call
   * @param p99Ms 99th percentile (nearest rank)
   * @param meanMs mean latency
   * @param maxMs slowest query
   */
  record Search(
      int queries, int warmup, int k, double p50Ms, double p99Ms, double meanMs, double maxMs) {}
}
