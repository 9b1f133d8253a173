package io.homeward.search.store.milvus;

/**
 * What {@link MilvusFaceIndexFactory#flushAndAwaitIndex} found of a collection's vector index on
 * the server.
 *
 * @param totalRows rows in sealed segments, as the index build counts them
 * @param indexedRows of those, rows whose segment has its HNSW index built
 * @param servedSegments sealed segments the query node serves
 * @param servedRows rows in those segments
 * @param servedIndexed of those segments, the ones it serves through their HNSW index, or exactly
 *     because they are too small to be indexed (fewer than 1,024 rows)
 * @param seconds how long the flush and the wait took
 */
public record MilvusIndexBuild(
    long totalRows,
    long indexedRows,
    int servedSegments,
    long servedRows,
    int servedIndexed,
    double seconds) {

  /** Every row is in a sealed segment whose index the query node serves. */
  public boolean complete() {
    return indexedRows == totalRows && servedRows >= totalRows && servedIndexed == servedSegments;
  }
}
