package io.homeward.search.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * The figures of one index at one size.
 *
 * @param size vectors inserted
 * @param index {@code embedded} or {@code milvus}
 * @param status {@code ok}, {@code skipped} (store unreachable) or {@code failed}
 * @param note why it was skipped or failed
 * @param insert insert figures
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
    String status,
    String note,
    Insert insert,
    Search search,
    Double recallAtK,
    Double plantedTop1,
    Map<String, Long> memory,
    String memorySummary,
    String cleanup) {

  static RunResult notRun(int size, String index, String status, String note, String cleanup) {
    return new RunResult(size, index, status, note, null, null, null, null, null, null, cleanup);
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
