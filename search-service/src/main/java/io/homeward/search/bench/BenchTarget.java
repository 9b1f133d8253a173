package io.homeward.search.bench;

import io.homeward.search.domain.VectorSpace;
import io.homeward.search.index.FaceIndex;
import java.util.Map;

/** One {@link io.homeward.search.index.FaceIndex} implementation under benchmark. */
interface BenchTarget {
  /** {@code embedded} or {@code milvus}. */
  String kind();

  /** Why this target cannot run now (a line for the user), or {@code null} if it can. */
  String unavailableReason();

  /**
   * Opens a fresh index of the space.
   *
   * @throws io.homeward.search.index.IndexUnavailableException if the store cannot be reached
   */
  FaceIndex open(VectorSpace space);

  /** Store-side memory figures in bytes before the index is opened; keys name each figure. */
  Map<String, Long> memoryBefore();

  /** Store-side memory figures in bytes after the insert; keys name each figure. */
  Map<String, Long> memoryAfterInsert(VectorSpace space);

  /** A short text of the store-side figures for the table's memory column. */
  String memorySummary(Map<String, Long> before, Map<String, Long> after);

  /**
   * Closes the index and deletes everything created for the space (best effort, never throws).
   *
   * @param caseRef the one case reference every benchmark face carries
   * @return what was done, for the report
   */
  String dispose(VectorSpace space, FaceIndex index, String caseRef);
}
