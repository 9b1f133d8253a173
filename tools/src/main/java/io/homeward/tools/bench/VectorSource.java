package io.homeward.tools.bench;

import io.homeward.search.domain.Side;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The benchmark's vectors, deterministic and random-access: vector {@code i} of the base set and
 * warm-up query {@code w} are each derived from the seed and their own index, so any vector can be
 * regenerated without holding the others (1M x 512 floats would be 2 GB).
 *
 * <p>Layout: base vector {@code i} (face id {@code i + 1}) is on side {@link Side#MISSING} when
 * {@code i} is even and {@link Side#FOUND} when odd. The first {@code planted} queries each have
 * one or more matches planted among the FOUND vectors, all matches spread evenly over that side.
 * Every other base vector is drawn from the {@link Distribution}.
 *
 * <p>Two kinds: {@linkplain #random random} (unit vectors uniform on the sphere; queries random
 * too, each with one near-duplicate: the query plus Gaussian noise of norm about {@code noise}) and
 * {@linkplain #realistic realistic} (drawn from a Gaussian fitted to real projected face vectors;
 * the queries are real faces, their matches the same people's other real photos).
 */
final class VectorSource {
  /** The side that holds the planted duplicates, and the side queries search. */
  static final Side SEARCHED = Side.FOUND;

  private static final long BASE_STREAM = 0x0B45EL;
  private static final long QUERY_STREAM = 0x0C0E7L;
  private static final long WARMUP_STREAM = 0x0AA7EL;
  private static final long NOISE_STREAM = 0x0D01CEL;

  /** Where the vectors that are not planted come from. */
  interface Distribution {
    int dimension();

    /** Writes a unit vector drawn with {@code r} into {@code out} at {@code offset}. */
    void sample(SplittableRandom r, float[] out, int offset);
  }

  /**
   * A query and the vectors planted as its matches.
   *
   * @param query a unit vector
   * @param matches unit vectors, at least one
   */
  record Planted(float[] query, List<float[]> matches) {}

  private final long seed;
  private final int size;
  private final Distribution distribution;
  private final int queries;
  private final float[][] queryVectors;
  private final long[][] plantedIds;
  private final Map<Integer, float[]> plantedVectors;

  /** Random unit vectors, each of the first {@code planted} queries with one near-duplicate. */
  static VectorSource random(long seed, int size, int dim, int queries, int planted, double noise) {
    if (dim < 2 || queries < 1) {
      throw new IllegalArgumentException("dimension and queries must be positive");
    }
    if (planted < 0 || planted > queries) {
      throw new IllegalArgumentException("planted duplicates must be at most the queries");
    }
    Distribution sphere = new Sphere(dim);
    float[][] q = new float[queries][];
    IntStream.range(0, queries)
        .parallel()
        .forEach(j -> q[j] = unit(sphere, random(seed, QUERY_STREAM, j), dim));
    List<Planted> withMatches =
        IntStream.range(0, planted)
            .mapToObj(j -> new Planted(q[j], List.of(nearDuplicate(q[j], noise, seed, j))))
            .toList();
    List<float[]> others = IntStream.range(planted, queries).mapToObj(j -> q[j]).toList();
    return new VectorSource(seed, size, sphere, withMatches, others);
  }

  /**
   * Vectors from {@code distribution}; the queries are {@code planted}'s (with their matches
   * planted), then {@code unmatched} (no planted match).
   */
  static VectorSource realistic(
      long seed,
      int size,
      Distribution distribution,
      List<Planted> planted,
      List<float[]> unmatched) {
    return new VectorSource(seed, size, distribution, planted, unmatched);
  }

  /** The random kind (the benchmark's original vectors). */
  VectorSource(long seed, int size, int dim, int queries, int planted, double noise) {
    this(random(seed, size, dim, queries, planted, noise));
  }

  private VectorSource(VectorSource other) {
    this.seed = other.seed;
    this.size = other.size;
    this.distribution = other.distribution;
    this.queries = other.queries;
    this.queryVectors = other.queryVectors;
    this.plantedIds = other.plantedIds;
    this.plantedVectors = other.plantedVectors;
  }

  private VectorSource(
      long seed,
      int size,
      Distribution distribution,
      List<Planted> planted,
      List<float[]> unmatched) {
    int dim = distribution.dimension();
    this.queries = planted.size() + unmatched.size();
    if (size < 2 || dim < 2 || queries < 1) {
      throw new IllegalArgumentException("size, dimension and queries must be positive");
    }
    int matches = planted.stream().mapToInt(p -> p.matches().size()).sum();
    if (matches > count(SEARCHED, size)) {
      throw new IllegalArgumentException(
          "the planted matches ("
              + matches
              + ") must be at most the searched side's vectors ("
              + count(SEARCHED, size)
              + ")");
    }
    this.seed = seed;
    this.size = size;
    this.distribution = distribution;
    this.queryVectors = new float[queries][];
    this.plantedIds = new long[planted.size()][];
    this.plantedVectors = new HashMap<>();
    long searched = count(SEARCHED, size);
    int slot = 0;
    for (int j = 0; j < queries; j++) {
      float[] q = j < planted.size() ? planted.get(j).query() : unmatched.get(j - planted.size());
      checkUnit(q, dim);
      queryVectors[j] = q.clone();
      if (j < planted.size()) {
        List<float[]> m = planted.get(j).matches();
        if (m.isEmpty()) {
          throw new IllegalArgumentException("a planted query needs at least one match");
        }
        plantedIds[j] = new long[m.size()];
        for (int t = 0; t < m.size(); t++, slot++) {
          checkUnit(m.get(t), dim);
          // Evenly spread over the searched side: the middle of the slot-th of `matches` slots.
          long ordinal = (2L * slot + 1) * searched / (2L * matches);
          int index = indexOf(SEARCHED, ordinal);
          plantedIds[j][t] = faceId(index);
          plantedVectors.put(index, m.get(t).clone());
        }
      }
    }
  }

  int size() {
    return size;
  }

  int dimension() {
    return distribution.dimension();
  }

  int queries() {
    return queries;
  }

  /** Queries with planted matches (the first ones). */
  int planted() {
    return plantedIds.length;
  }

  /** Vectors planted as matches, over all queries. */
  int plantedMatches() {
    return plantedVectors.size();
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

  /** The face id of query {@code j}'s first planted match, or -1 if it has none. */
  long plantedFaceId(int j) {
    return j < plantedIds.length ? plantedIds[j][0] : -1;
  }

  /** Whether {@code faceId} is one of the matches planted for query {@code j}. */
  boolean isPlantedMatch(int j, long faceId) {
    if (j >= plantedIds.length) {
      return false;
    }
    for (long id : plantedIds[j]) {
      if (id == faceId) {
        return true;
      }
    }
    return false;
  }

  /** Writes base vector {@code index} into {@code out} at {@code offset}. */
  void base(int index, float[] out, int offset) {
    float[] planted = plantedVectors.get(index);
    if (planted == null) {
      distribution.sample(random(seed, BASE_STREAM, index), out, offset);
    } else {
      System.arraycopy(planted, 0, out, offset, planted.length);
    }
  }

  float[] base(int index) {
    float[] v = new float[dimension()];
    base(index, v, 0);
    return v;
  }

  /** Query {@code j} (a copy). */
  float[] query(int j) {
    return queryVectors[j].clone();
  }

  /** Warm-up query {@code w}: drawn from the distribution, unrelated to the timed queries. */
  float[] warmupQuery(int w) {
    return unit(distribution, random(seed, WARMUP_STREAM, w), dimension());
  }

  private static float[] nearDuplicate(float[] q, double noise, long seed, int j) {
    SplittableRandom r = random(seed, NOISE_STREAM, j);
    double sigma = noise / Math.sqrt(q.length);
    float[] out = new float[q.length];
    for (int d = 0; d < q.length; d++) {
      out[d] = (float) (q[d] + sigma * r.nextGaussian());
    }
    normalise(out, 0, q.length);
    return out;
  }

  private static float[] unit(Distribution distribution, SplittableRandom r, int dim) {
    float[] v = new float[dim];
    distribution.sample(r, v, 0);
    return v;
  }

  private static SplittableRandom random(long seed, long stream, long index) {
    return new SplittableRandom(mix(mix(seed ^ stream) + index));
  }

  private static void checkUnit(float[] v, int dim) {
    if (v.length != dim) {
      throw new IllegalArgumentException(
          "a real vector has " + v.length + " dimensions, the distribution " + dim);
    }
  }

  static void normalise(float[] out, int offset, int dim) {
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

  /** Uniform on the unit sphere: Gaussian coordinates, normalised. */
  private record Sphere(int dimension) implements Distribution {
    @Override
    public void sample(SplittableRandom r, float[] out, int offset) {
      for (int d = 0; d < dimension; d++) {
        out[offset + d] = (float) r.nextGaussian();
      }
      normalise(out, offset, dimension);
    }
  }
}
