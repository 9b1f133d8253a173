package io.homeward.tools.bench;

import io.homeward.search.domain.Side;
import java.util.Arrays;
import java.util.function.LongConsumer;
import java.util.stream.IntStream;

/**
 * Brute-force top-k over one side of a {@link VectorSource}, by dot product (the cosine: every
 * vector is unit length). Streams over the deterministic generator in chunks, so memory stays at
 * one chunk whatever the size; every query is scored against a chunk at once, with the queries
 * transposed ({@code dim x queries}) so that the inner loop is a vectorisable multiply-add over
 * contiguous floats. Chunks are generated and scanned on every core (parallel streams).
 */
final class ExactSearch {
  /** Vectors per chunk: 8,192 x 512 floats = 16 MB. */
  static final int CHUNK = 8_192;

  private ExactSearch() {}

  /** The exact neighbours of each query, best first. */
  record Truth(long[][] ids, float[][] scores) {
    /** Query {@code j}'s exact top-1 face id. */
    long top1(int j) {
      return ids[j].length == 0 ? -1 : ids[j][0];
    }
  }

  /**
   * Exact top-k of every query among the vectors of {@code side} (every vector is OPEN).
   *
   * @param progress told how many vectors have been scanned so far
   */
  static Truth topK(VectorSource source, Side side, int k, LongConsumer progress) {
    int dim = source.dimension();
    int queries = source.queries();
    float[] transposed = new float[dim * queries];
    for (int j = 0; j < queries; j++) {
      float[] q = source.query(j);
      for (int d = 0; d < dim; d++) {
        transposed[d * queries + j] = q[d];
      }
    }
    int parts = Math.max(1, Runtime.getRuntime().availableProcessors());
    TopK[][] best = new TopK[parts][queries];
    float[][] scratch = new float[parts][queries];
    for (TopK[] part : best) {
      for (int j = 0; j < queries; j++) {
        part[j] = new TopK(k);
      }
    }
    long total = source.count(side);
    float[] chunk = new float[(int) Math.min(CHUNK, total) * dim];
    for (long from = 0; from < total; from += CHUNK) {
      long start = from;
      int length = (int) Math.min(CHUNK, total - from);
      IntStream.range(0, length)
          .parallel()
          .forEach(t -> source.base(VectorSource.indexOf(side, start + t), chunk, t * dim));
      IntStream.range(0, parts)
          .parallel()
          .forEach(
              p ->
                  scan(
                      chunk,
                      length * p / parts,
                      length * (p + 1) / parts,
                      start,
                      side,
                      dim,
                      transposed,
                      queries,
                      scratch[p],
                      best[p]));
      progress.accept(start + length);
    }
    long[][] ids = new long[queries][];
    float[][] scores = new float[queries][];
    for (int j = 0; j < queries; j++) {
      TopK merged = new TopK(k);
      for (TopK[] part : best) {
        part[j].drainInto(merged);
      }
      merged.sortDescending();
      ids[j] = Arrays.copyOf(merged.ids, merged.size);
      scores[j] = Arrays.copyOf(merged.scores, merged.size);
    }
    return new Truth(ids, scores);
  }

  private static void scan(
      float[] chunk,
      int from,
      int to,
      long ordinalBase,
      Side side,
      int dim,
      float[] transposed,
      int queries,
      float[] acc,
      TopK[] best) {
    for (int v = from; v < to; v++) {
      Arrays.fill(acc, 0f);
      int offset = v * dim;
      for (int d = 0; d < dim; d++) {
        float x = chunk[offset + d];
        int row = d * queries;
        for (int j = 0; j < queries; j++) {
          acc[j] += x * transposed[row + j];
        }
      }
      long faceId = VectorSource.faceId(VectorSource.indexOf(side, ordinalBase + v));
      for (int j = 0; j < queries; j++) {
        best[j].offer(acc[j], faceId);
      }
    }
  }

  /** The best {@code k} (score, id) pairs offered; unsorted until {@link #sortDescending()}. */
  static final class TopK {
    private final int k;
    private final float[] scores;
    private final long[] ids;
    private int size;
    private int minAt;

    TopK(int k) {
      this.k = k;
      this.scores = new float[k];
      this.ids = new long[k];
    }

    void offer(float score, long id) {
      if (size < k) {
        scores[size] = score;
        ids[size] = id;
        size++;
        if (size == k) {
          findMin();
        }
      } else if (score > scores[minAt]) {
        scores[minAt] = score;
        ids[minAt] = id;
        findMin();
      }
    }

    private void findMin() {
      int at = 0;
      for (int i = 1; i < size; i++) {
        if (scores[i] < scores[at]) {
          at = i;
        }
      }
      minAt = at;
    }

    void drainInto(TopK other) {
      for (int i = 0; i < size; i++) {
        other.offer(scores[i], ids[i]);
      }
    }

    void sortDescending() {
      Integer[] order = new Integer[size];
      for (int i = 0; i < size; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> Float.compare(scores[b], scores[a]));
      float[] s = new float[size];
      long[] d = new long[size];
      for (int i = 0; i < size; i++) {
        s[i] = scores[order[i]];
        d[i] = ids[order[i]];
      }
      System.arraycopy(s, 0, scores, 0, size);
      System.arraycopy(d, 0, ids, 0, size);
    }
  }
}
