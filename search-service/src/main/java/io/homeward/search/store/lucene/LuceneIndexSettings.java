package io.homeward.search.store.lucene;

import io.homeward.search.index.IndexUnavailableException;
import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the embedded HNSW index.
 *
 * @param maxConnections HNSW {@code M}: neighbours kept per node; more raises recall, memory and
 *     indexing time. Default 32.
 * @param beamWidth HNSW {@code efConstruction}: candidates considered while linking a new node.
 *     Default 200.
 * @param numCandidates candidates gathered per segment at search time ({@code ef}); the search asks
 *     for {@code max(k, numCandidates)} and keeps the best {@code k}. Default 400.
 * @param writeTimeout how long a write waits for another write to finish; then it fails with an
 *     {@link IndexUnavailableException}. Default 30 s.
 * @param vectorFormat how the vectors the graph walks are stored; applies to segments written from
 *     now on. Default {@link #DEFAULT_VECTOR_FORMAT}.
 * @param mergeWhenIdle once writes have paused this long, the index is merged into one segment in
 *     the background (a search walks one HNSW graph instead of one per segment; writes go on
 *     meanwhile); zero: never. Default {@link #DEFAULT_MERGE_WHEN_IDLE}.
 */
public record LuceneIndexSettings(
    int maxConnections,
    int beamWidth,
    int numCandidates,
    Duration writeTimeout,
    LuceneVectorFormat vectorFormat,
    Duration mergeWhenIdle) {

  public static final LuceneVectorFormat DEFAULT_VECTOR_FORMAT = LuceneVectorFormat.INT8;

  public static final Duration DEFAULT_MERGE_WHEN_IDLE = Duration.ofSeconds(60);

  /** Lucene's own ceilings for M and beam width. */
  private static final int MAX_CONNECTIONS_LIMIT = 512;

  private static final int BEAM_WIDTH_LIMIT = 3200;

  public LuceneIndexSettings {
    if (maxConnections < 2 || maxConnections > MAX_CONNECTIONS_LIMIT) {
      throw new IllegalArgumentException("maxConnections must be in 2.." + MAX_CONNECTIONS_LIMIT);
    }
    if (beamWidth < 1 || beamWidth > BEAM_WIDTH_LIMIT) {
      throw new IllegalArgumentException("beamWidth must be in 1.." + BEAM_WIDTH_LIMIT);
    }
    if (numCandidates < 1 || numCandidates > 10_000) {
      throw new IllegalArgumentException("numCandidates must be in 1..10000");
    }
    Objects.requireNonNull(writeTimeout, "writeTimeout");
    if (writeTimeout.isNegative() || writeTimeout.isZero()) {
      throw new IllegalArgumentException("writeTimeout must be positive");
    }
    Objects.requireNonNull(vectorFormat, "vectorFormat");
    Objects.requireNonNull(mergeWhenIdle, "mergeWhenIdle");
    if (mergeWhenIdle.isNegative()) {
      throw new IllegalArgumentException("mergeWhenIdle must not be negative");
    }
  }

  /** With the default vector format and idle merge. */
  public LuceneIndexSettings(
      int maxConnections, int beamWidth, int numCandidates, Duration writeTimeout) {
    this(
        maxConnections,
        beamWidth,
        numCandidates,
        writeTimeout,
        DEFAULT_VECTOR_FORMAT,
        DEFAULT_MERGE_WHEN_IDLE);
  }

  public static LuceneIndexSettings defaults() {
    return new LuceneIndexSettings(
        32, 200, 400, Duration.ofSeconds(30), DEFAULT_VECTOR_FORMAT, DEFAULT_MERGE_WHEN_IDLE);
  }
}
