package io.homeward.search.store.lucene;

import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;

/**
 * How the embedded index stores the vectors its HNSW graph walks. Every format keeps the full
 * 32-bit vectors on disk too; a quantized one adds a compact copy that the graph is built and
 * searched with. The format is recorded per segment, so an index written with one format stays
 * readable with another: segments written (or merged) from then on take the configured one.
 */
public enum LuceneVectorFormat {
  /** 32-bit floats ({@code Lucene99HnswVectorsFormat}): 4 bytes per dimension walked. */
  FLOAT32,
  /**
   * Scalar quantized to 7 bits per dimension in a byte ({@code
   * Lucene99HnswScalarQuantizedVectorsFormat}): a quarter of the bytes walked, at some recall.
   */
  INT8,
  /** Scalar quantized to 4 bits, two dimensions per byte: an eighth of the bytes walked. */
  INT4;

  /** Whether the graph walks a quantized copy, whose scores are rescored with the full vectors. */
  boolean quantized() {
    return this != FLOAT32;
  }

  KnnVectorsFormat format(int maxConnections, int beamWidth) {
    return switch (this) {
      case FLOAT32 -> new Lucene99HnswVectorsFormat(maxConnections, beamWidth);
      case INT8 ->
          new Lucene99HnswScalarQuantizedVectorsFormat(
              maxConnections, beamWidth, 1, 7, false, null, null);
      case INT4 ->
          new Lucene99HnswScalarQuantizedVectorsFormat(
              maxConnections, beamWidth, 1, 4, true, null, null);
    };
  }
}
