package io.homeward.tools.bench;

import io.homeward.search.index.FaceIndex;
import io.homeward.search.store.lucene.LuceneVectorFormat;
import io.homeward.search.store.milvus.MilvusConsistency;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The vector-search benchmark: both {@link FaceIndex} implementations side by side on the same
 * generated vectors. Prints a table, writes JSON; asserts nothing about time.
 */
@Command(
    name = "search-bench",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmarks the face indexes (embedded Lucene HNSW, Milvus): insert rate, search latency"
          + " p50/p99, recall@k against exact search, planted near-duplicates found first, memory.",
      "Realistic vectors (the default): drawn from a Gaussian fitted to the real projected face"
          + " vectors of LAG and CACD-VS (mean and covariance, normalised); the queries are real"
          + " young LAG photos, each with its subject's adult photos planted as matches. Random"
          + " vectors: unit vectors uniform on the sphere plus near-duplicates of the queries."
          + " Half MISSING, half FOUND, all OPEN; queries search the FOUND side. Each run uses a"
          + " fresh space and deletes it afterwards.",
      "Each index is searched right after the insert, then settled and searched again with"
          + " each setting: Milvus flushed until every sealed segment is served through its HNSW"
          + " index; the embedded index once its background merges are done."
    })
public final class SearchBench implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--sizes",
      split = ",",
      defaultValue = "100000",
      description = "Vectors per run, comma-separated (default: ${DEFAULT-VALUE}).")
  List<Integer> sizes;

  @Option(
      names = "--vectors",
      defaultValue = "realistic",
      description =
          "realistic (from real faces' distribution; embeds LAG and CACD-VS once, then reads"
              + " --faces-cache) or random (default: ${DEFAULT-VALUE}).")
  String vectors;

  @Option(
      names = "--dim",
      defaultValue = "512",
      description =
          "Vector dimension of random vectors (${DEFAULT-VALUE}); realistic ones have the"
              + " projected faces' dimension.")
  int dim;

  @Option(
      names = "--lag",
      defaultValue = "../shared/datasets/lag",
      description = "LAG folder with manifest.csv (${DEFAULT-VALUE}).")
  Path lag;

  @Option(
      names = "--cacd",
      defaultValue = "../shared/datasets/cacd_vs",
      description = "CACD-VS folder with pairs.csv (${DEFAULT-VALUE}).")
  Path cacd;

  @Option(
      names = "--faces-cache",
      defaultValue = ".cache/search-bench/lag-cacd.raw-vectors",
      description =
          "The model's vectors of the LAG and CACD-VS photos, kept between runs (the format of"
              + " eval --vector-cache; biometric data of the data sets, written owner-only, never"
              + " to be committed) (${DEFAULT-VALUE}).")
  Path facesCache;

  @Option(
      names = "--models-dir",
      description =
          "Folder of the verified weights (default: $HOMEWARD_MODELS_DIR or"
              + " ~/.cache/homeward/models).")
  Path modelsDir;

  @Option(
      names = "--queries",
      defaultValue = "200",
      description = "Timed queries, one at a time (${DEFAULT-VALUE}).")
  int queries;

  @Option(
      names = "--warmup",
      defaultValue = "20",
      description = "Untimed warm-up queries (${DEFAULT-VALUE}).")
  int warmup;

  @Option(
      names = "--k",
      defaultValue = "10",
      description = "Neighbours per query (${DEFAULT-VALUE}).")
  int k;

  @Option(
      names = "--planted",
      defaultValue = "200",
      description = "Queries with a planted near-duplicate (${DEFAULT-VALUE}; at most --queries).")
  int planted;

  @Option(
      names = "--noise",
      defaultValue = "0.2",
      description = "Norm of the noise of a planted duplicate (${DEFAULT-VALUE}).")
  double noise;

  @Option(names = "--seed", defaultValue = "42", description = "Generator seed (${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--indexes",
      split = ",",
      defaultValue = "embedded,milvus",
      description = "Indexes to run: embedded, milvus (default: ${DEFAULT-VALUE}).")
  List<String> indexes;

  @Option(
      names = "--milvus-host",
      defaultValue = "127.0.0.1",
      description = "Milvus host (${DEFAULT-VALUE}).")
  String milvusHost;

  @Option(
      names = "--milvus-port",
      defaultValue = "19530",
      description = "Milvus gRPC port (${DEFAULT-VALUE}).")
  int milvusPort;

  @Option(
      names = "--batch",
      defaultValue = "1000",
      description = "Faces per upsert call (${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--dir",
      description = "Embedded index folder (default: a temporary folder, deleted afterwards).")
  Path dir;

  @Option(
      names = "--out",
      defaultValue = "search-bench.json",
      description = "JSON report (${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--embedded-candidates",
      split = ",",
      defaultValue = "400",
      description =
          "Embedded numCandidates per search, comma-separated: each is measured on the same"
              + " index (default: ${DEFAULT-VALUE}, the service's default).")
  List<Integer> embeddedCandidates;

  @Option(
      names = "--embedded-m",
      defaultValue = "32",
      description = "Embedded HNSW M, neighbours per node (${DEFAULT-VALUE}).")
  int embeddedM;

  @Option(
      names = "--embedded-beam-width",
      defaultValue = "200",
      description = "Embedded HNSW beam width at indexing (${DEFAULT-VALUE}).")
  int embeddedBeamWidth;

  @Option(
      names = "--embedded-merge",
      defaultValue = "0",
      description =
          "Force-merge the embedded index down to this many segments once its background"
              + " merges are done; 0: no forced merge (${DEFAULT-VALUE}).")
  int embeddedMerge;

  @Option(
      names = "--embedded-formats",
      split = ",",
      defaultValue = "INT8",
      description =
          "Embedded vector formats, comma-separated, each its own index: FLOAT32, INT8, INT4"
              + " (default: ${DEFAULT-VALUE}, the service's default).")
  List<LuceneVectorFormat> embeddedFormats;

  @Option(
      names = "--milvus-consistency",
      split = ",",
      defaultValue = "SESSION",
      description =
          "Milvus search consistency levels, comma-separated, each measured with every --milvus-ef:"
              + " STRONG, SESSION (default: ${DEFAULT-VALUE}, the service's default).")
  List<MilvusConsistency> milvusConsistency;

  @Option(
      names = "--milvus-ef",
      split = ",",
      defaultValue = "1024",
      description =
          "Milvus search ef, comma-separated: each is measured after the flush and index build"
              + " (default: ${DEFAULT-VALUE}, the service's default).")
  List<Integer> milvusEf;

  @Option(
      names = "--settle-timeout",
      defaultValue = "3600",
      description =
          "Seconds Milvus may take to flush and build the index of every sealed segment, and"
              + " the embedded index to finish its background merges (${DEFAULT-VALUE}).")
  int settleTimeout;

  public static void main(String[] args) {
    // Quarkus' log manager is on the classpath; JUL must know it before the first logger.
    if (System.getProperty("java.util.logging.manager") == null) {
      System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
    }
    System.exit(
        new CommandLine(new SearchBench()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
  }

  private static BenchOptions.Vectors vectorKind(String name) {
    for (BenchOptions.Vectors v : BenchOptions.Vectors.values()) {
      if (v.name().equalsIgnoreCase(name)) {
        return v;
      }
    }
    throw new IllegalArgumentException("--vectors must be realistic or random, not " + name);
  }

  private static Path defaultModelsDir() {
    String env = System.getenv("HOMEWARD_MODELS_DIR");
    return env != null && !env.isBlank()
        ? Path.of(env)
        : Path.of(System.getProperty("user.home"), ".cache", "homeward", "models");
  }

  @Override
  public Integer call() throws Exception {
    BenchOptions options;
    try {
      options =
          new BenchOptions(
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
              settleTimeout,
              vectorKind(vectors),
              lag,
              cacd,
              facesCache,
              modelsDir == null ? defaultModelsDir() : modelsDir,
              embeddedFormats,
              milvusConsistency);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    try {
      new BenchRunner(options, System.out, System.err).run();
    } catch (IllegalArgumentException e) {
      // Realistic vectors without the data sets, or more queries than LAG has subjects.
      System.err.println("search-bench: " + e.getMessage());
      return 2;
    }
    return 0;
  }
}
