package io.homeward.tools.bench;

import io.homeward.search.domain.VectorSpace;
import io.homeward.search.index.FaceIndex;
import io.homeward.search.index.IndexUnavailableException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** One {@link FaceIndex} implementation under benchmark. */
interface BenchTarget {
  /** {@code embedded} or {@code milvus}. */
  String kind();

  /** Why this target cannot run now (a line for the user), or {@code null} if it can. */
  String unavailableReason();

  /** What the search-time setting the benchmark sweeps is called in the report. */
  String searchSettingName();

  /**
   * Opens the space's index (fresh, or as the last call left it) with the given search setting; an
   * index opened before is closed first.
   *
   * @throws IndexUnavailableException if the store cannot be reached
   */
  FaceIndex open(VectorSpace space, int searchSetting, String variant);

  /**
   * Search modes measured with every search setting (Milvus: consistency levels), in order; one
   * empty string when there is nothing to vary.
   */
  default List<String> variants() {
    return List.of("");
  }

  /** Whether {@link #settle} changes what a search reads (otherwise it is not called). */
  boolean settles();

  /**
   * After the bulk insert: brings the index to the state it serves once the load is over (Milvus:
   * flush and wait for the HNSW index; embedded: merge segments, if asked).
   */
  Settled settle(VectorSpace space, Consumer<String> progress);

  /** Store-side memory figures in bytes now; keys name each figure. */
  Map<String, Long> memory(VectorSpace space);

  /**
   * The store's bytes per face from the figures, or 0 if unknown: embedded, its files on disk (read
   * through the page cache); Milvus, the server's resident growth since before the load.
   */
  long bytesPerFace(Map<String, Long> before, Map<String, Long> now, int faces);

  /** A short text of the store-side figures for the table's memory column. */
  String memorySummary(Map<String, Long> before, Map<String, Long> now);

  /**
   * Closes the index and deletes everything created for the space (best effort, never throws).
   *
   * @param caseRef the one case reference every benchmark face carries
   * @return what was done, for the report
   */
  String dispose(VectorSpace space, FaceIndex index, String caseRef);

  /**
   * What {@link #settle} did.
   *
   * @param phase the phase name of the searches that follow (the table's phase column)
   * @param detail what was done and what it reached
   * @param seconds how long it took
   * @param complete false when it stopped short (a timeout): figures after it are not steady
   */
  record Settled(String phase, String detail, double seconds, boolean complete) {}
}
