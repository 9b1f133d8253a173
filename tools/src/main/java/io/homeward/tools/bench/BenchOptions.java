package io.homeward.tools.bench;

import io.homeward.search.store.lucene.LuceneVectorFormat;
import io.homeward.search.store.milvus.MilvusConsistency;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one benchmark run does.
 *
 * @param sizes vectors inserted per run (half MISSING, half FOUND)
 * @param dim vector dimension
 * @param queries timed queries per run
 * @param warmup untimed warm-up queries before them
 * @param k neighbours asked for, and the k of recall@k
 * @param planted queries that have a near-duplicate planted among the FOUND vectors
 * @param noise norm of the noise added to a query to make its planted duplicate
 * @param seed seed of every generated vector
 * @param indexes {@code embedded} and/or {@code milvus}, in this order
 * @param milvusHost Milvus host
 * @param milvusPort Milvus gRPC port
 * @param batch faces per upsert call
 * @param dir folder of the embedded index, or {@code null} for a temporary one deleted afterwards
 * @param out the JSON report, or {@code null} for none
 * @param embeddedCandidates the embedded index's {@code numCandidates} values to measure, in order
 * @param embeddedM the embedded index's HNSW {@code M}
 * @param embeddedBeamWidth the embedded index's HNSW beam width ({@code efConstruction})
 * @param embeddedMerge segments to force-merge the embedded index down to once its background
 *     merges are done; 0: none
 * @param milvusEf Milvus search {@code ef} values to measure, in order
 * @param settleTimeoutSeconds how long Milvus may take to flush and build its index, and the
 *     embedded index to finish its background merges
 * @param vectors realistic (drawn from real faces' distribution, real faces as queries) or random
 * @param lag the LAG folder (realistic vectors)
 * @param cacd the CACD-VS folder (realistic vectors)
 * @param facesCache the owner-only cache of the real faces' model vectors, or {@code null}
 * @param modelsDir the verified weights (realistic vectors embed the photos once)
 * @param embeddedFormats the embedded index's vector formats, each its own index, in order
 * @param milvusConsistency Milvus search consistency levels to measure, in order
 */
record BenchOptions(
    List<Integer> sizes,
    int dim,
    int queries,
    int warmup,
    int k,
    int planted,
    double noise,
    long seed,
    List<String> indexes,
    String milvusHost,
    int milvusPort,
    int batch,
    Path dir,
    Path out,
    List<Integer> embeddedCandidates,
    int embeddedM,
    int embeddedBeamWidth,
    int embeddedMerge,
    List<Integer> milvusEf,
    int settleTimeoutSeconds,
    Vectors vectors,
    Path lag,
    Path cacd,
    Path facesCache,
    Path modelsDir,
    List<LuceneVectorFormat> embeddedFormats,
    List<MilvusConsistency> milvusConsistency) {

  /** Where the benchmark's vectors come from. */
  enum Vectors {
    /** A Gaussian fitted to real projected face vectors; real faces as queries and matches. */
    REALISTIC,
    /** Unit vectors uniform on the sphere (the hardest case for HNSW), near-duplicate matches. */
    RANDOM
  }

  /**
   * Random vectors, 32-bit embedded vectors (the index the benchmark measured before formats were
   * an option) and the service's default Milvus consistency.
   */
  BenchOptions(
      List<Integer> sizes,
      int dim,
      int queries,
      int warmup,
      int k,
      int planted,
      double noise,
      long seed,
      List<String> indexes,
      String milvusHost,
      int milvusPort,
      int batch,
      Path dir,
      Path out,
      List<Integer> embeddedCandidates,
      int embeddedM,
      int embeddedBeamWidth,
      int embeddedMerge,
      List<Integer> milvusEf,
      int settleTimeoutSeconds) {
    this(
        sizes,
        dim,
        queries,
        warmup,
        k,
        planted,
        noise,
        seed,
        indexes,
        milvusHost,
        milvusPort,
        batch,
        dir,
        out,
        embeddedCandidates,
        embeddedM,
        embeddedBeamWidth,
        embeddedMerge,
        milvusEf,
        settleTimeoutSeconds,
        Vectors.RANDOM,
        null,
        null,
        null,
        null,
        List.of(LuceneVectorFormat.FLOAT32),
        List.of(MilvusConsistency.SESSION));
  }

  static final List<String> KNOWN_INDEXES = List.of(EmbeddedTarget.KIND, MilvusTarget.KIND);

  BenchOptions {
    sizes = List.copyOf(sizes);
    indexes = List.copyOf(indexes);
    embeddedCandidates = List.copyOf(embeddedCandidates);
    milvusEf = List.copyOf(milvusEf);
    embeddedFormats = List.copyOf(embeddedFormats);
    milvusConsistency = List.copyOf(milvusConsistency);
    if (embeddedFormats.isEmpty() || milvusConsistency.isEmpty()) {
      throw new IllegalArgumentException("name at least one vector format and consistency level");
    }
    if (vectors == Vectors.REALISTIC && (lag == null || cacd == null || modelsDir == null)) {
      throw new IllegalArgumentException("realistic vectors need the LAG, CACD and model folders");
    }
    if (embeddedCandidates.isEmpty()
        || embeddedCandidates.stream().anyMatch(c -> c == null || c < 1 || c > 10_000)) {
      throw new IllegalArgumentException("embedded candidates must be in 1..10000");
    }
    if (milvusEf.isEmpty() || milvusEf.stream().anyMatch(e -> e == null || e < 1 || e > 32_768)) {
      throw new IllegalArgumentException("Milvus ef must be in 1..32768");
    }
    if (embeddedM < 2 || embeddedM > 512 || embeddedBeamWidth < 1 || embeddedBeamWidth > 3200) {
      throw new IllegalArgumentException("embedded M must be in 2..512, beam width in 1..3200");
    }
    if (embeddedMerge < 0 || settleTimeoutSeconds < 1) {
      throw new IllegalArgumentException(
          "embedded merge must not be negative, the settle timeout positive");
    }
    if (sizes.isEmpty() || sizes.stream().anyMatch(s -> s == null || s < 2)) {
      throw new IllegalArgumentException("sizes must be at least 2");
    }
    if (dim < 2 || dim > 4096) {
      throw new IllegalArgumentException("dim must be in 2..4096");
    }
    if (queries < 1 || warmup < 0 || k < 1 || batch < 1) {
      throw new IllegalArgumentException(
          "queries, k and batch must be positive, warmup not negative");
    }
    if (planted < 0 || planted > queries) {
      throw new IllegalArgumentException("planted must be in 0..queries");
    }
    for (int size : sizes) {
      if (planted > size / 2) {
        throw new IllegalArgumentException(
            "planted must be at most half the size (the FOUND side): " + size);
      }
    }
    if (!(noise >= 0 && noise < 2)) {
      throw new IllegalArgumentException("noise must be in [0, 2)");
    }
    if (indexes.isEmpty() || !KNOWN_INDEXES.containsAll(indexes)) {
      throw new IllegalArgumentException("indexes must be among " + KNOWN_INDEXES);
    }
  }

  /** The settings as they go into the JSON report. */
  Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sizes", sizes);
    m.put("dim", dim);
    m.put("queries", queries);
    m.put("warmup", warmup);
    m.put("k", k);
    m.put("planted", planted);
    m.put("noise", noise);
    m.put("seed", seed);
    m.put("indexes", indexes);
    m.put("milvusHost", milvusHost);
    m.put("milvusPort", milvusPort);
    m.put("batch", batch);
    m.put("dir", dir == null ? null : dir.toString());
    m.put("out", out == null ? null : out.toString());
    m.put("embeddedCandidates", embeddedCandidates);
    m.put("embeddedM", embeddedM);
    m.put("embeddedBeamWidth", embeddedBeamWidth);
    m.put("embeddedMerge", embeddedMerge);
    m.put("milvusEf", milvusEf);
    m.put("settleTimeoutSeconds", settleTimeoutSeconds);
    m.put("vectors", vectors.name().toLowerCase(Locale.ROOT));
    m.put("embeddedFormats", embeddedFormats.stream().map(Enum::name).toList());
    m.put("milvusConsistency", milvusConsistency.stream().map(Enum::name).toList());
    return m;
  }
}
