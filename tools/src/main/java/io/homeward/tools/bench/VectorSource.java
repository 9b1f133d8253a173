package io.homeward.tools.bench;

import io.homeward.search.domain.Side;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The benchmark's vectors, deterministic and random-access: vector {@code i} of the base set, query
 * {@code j} and warm-up query {@code w} are each derived from the seed and their own index, so any
 * vector can be regenerated without holding the others (1M x 512 floats would be 2 GB).
 *
 * <p>Layout: base vector {@code i} (face id {@code i + 1}) is on side {@link Side#MISSING} when
 * {@code i} is even and {@link Side#FOUND} when odd. The first {@code planted} queries each have a
 * near-duplicate planted among the FOUND vectors, spread evenly: the query plus Gaussian noise of
 * norm about {@code noise}, normalised. Every other base vector is a random unit vector (Gaussian
 * coordinates, normalised: uniform on the sphere).
 */
final class VectorSource {
  /** The side that holds the planted duplicates, and the side queries search. */
  static final Side SEARCHED = Side.FOUND;

  private static final long BASE_STREAM = 0x0B45EL;
  private static final long QUERY_STREAM = 0x0C0E7L;
  private static final long WARMUP_STREAM = 0x0AA7EL;
  private static final long NOISE_STREAM = 0x0D01CEL;

  private final long seed;
  private final int size;
  private final int dim;
  private final int queries;
  private final double noise;
  private final int[] plantedIndex;
  private final Map<Integer, Integer> plantedQueryOf;
  private final float[][] queryVectors;

  VectorSource(long seed, int size, int dim, int queries, int planted, double noise) {
    if (size < 2 || dim < 2 || queries < 1) {
      throw new IllegalArgumentException("size, dimension and queries must be positive");
    }
    if (planted < 0 || planted > queries || planted > count(SEARCHED, size)) {
      throw new IllegalArgumentException(
          "planted duplicates must be at most the queries and the searched side's vectors");
    }
    this.seed = seed;
    this.size = size;
    this.dim = dim;
    this.queries = queries;
    this.noise = noise;
    this.queryVectors = new float[queries][];
    IntStream.range(0, queries).parallel().forEach(j -> queryVectors[j] = unit(QUERY_STREAM, j));
    long searched = count(SEARCHED, size);
    this.plantedIndex = new int[planted];
    this.plantedQueryOf = new HashMap<>();
    for (int j = 0; j < planted; j++) {
      // Evenly spread over the searched side: ordinal in the middle of the j-th of `planted` slots.
      long ordinal = (2L * j + 1) * searched / (2L * planted);
      plantedIndex[j] = indexOf(SEARCHED, ordinal);
      plantedQueryOf.put(plantedIndex[j], j);
    }
  }

  int size() {
    return size;
  }

  int dimension() {
    return dim;
  }

  int queries() {
    return queries;
  }

  int planted() {
    return plantedIndex.length;
  }

  static Side side(long index) {
    return (index & 1) == 0 ? Side.MISSING : Side.FOUND;
  }

  static long faceId(long index) {
    return index + 1;
  }

  /** How many of {@code size} base vectors are on a side. */
  static long count(Side side, long size) {
    return side == Side.MISSING ? (size + 1) / 2 : size / 2;
  }

  long count(Side side) {
    return count(side, size);
  }

  /** The base index of the {@code ordinal}-th vector of a side. */
  static int indexOf(Side side, long ordinal) {
    return Math.toIntExact(side == Side.MISSING ? 2 * ordinal : 2 * ordinal + 1);
  }

  /** The face id of query {@code j}'s planted duplicate, or -1 if it has none. */
  long plantedFaceId(int j) {
    return j < plantedIndex.length ? faceId(plantedIndex[j]) : -1;
  }

  /** Writes base vector {@code index} into {@code out} at {@code offset}. */
  void base(int index, float[] out, int offset) {
    Integer query = plantedQueryOf.get(index);
    if (query == null) {
      gaussianUnit(random(BASE_STREAM, index), out, offset);
      return;
    }
    float[] q = queryVectors[query];
    SplittableRandom r = random(NOISE_STREAM, query);
    double sigma = noise / Math.sqrt(dim);
    for (int d = 0; d < dim; d++) {
      out[offset + d] = (float) (q[d] + sigma * r.nextGaussian());
    }
    normalise(out, offset);
  }

  float[] base(int index) {
    float[] v = new float[dim];
    base(index, v, 0);
    return v;
  }

  /** Query {@code j}, a random unit vector (a copy). */
  float[] query(int j) {
    return queryVectors[j].clone();
  }

  /** Warm-up query {@code w}: a random unit vector unrelated to the timed queries. */
  float[] warmupQuery(int w) {
    return unit(WARMUP_STREAM, w);
  }

  private float[] unit(long stream, long index) {
    float[] v = new float[dim];
    gaussianUnit(random(stream, index), v, 0);
    return v;
  }

  private SplittableRandom random(long stream, long index) {
    return new SplittableRandom(mix(mix(seed ^ stream) + index));
  }

  private void gaussianUnit(SplittableRandom r, float[] out, int offset) {
    for (int d = 0; d < dim; d++) {
      out[offset + d] = (float) r.nextGaussian();
    }
    normalise(out, offset);
  }

  private void normalise(float[] out, int offset) {
    double sq = 0;
    for (int d = 0; d < dim; d++) {
      double x = out[offset + d];
      sq += x * x;
    }
    double inv = 1 / Math.sqrt(sq);
    for (int d = 0; d < dim; d++) {
      out[offset + d] = (float) (out[offset + d] * inv);
    }
  }

  /** Stafford's variant 13 of the 64-bit finaliser (as in SplittableRandom). */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
