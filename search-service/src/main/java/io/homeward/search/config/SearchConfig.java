package io.homeward.search.config;

import io.homeward.search.store.lucene.LuceneVectorFormat;
import io.homeward.search.store.milvus.MilvusConsistency;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The search service's configuration, under {@code homeward.search}. */
@ConfigMapping(prefix = "homeward.search")
public interface SearchConfig {
  /** The vector space served: it must match the embedder's model. */
  Space space();

  /** Milvus; when no host is set the embedded index is used. */
  Milvus milvus();

  /** The embedded Lucene index for one machine. */
  Embedded embedded();

  /** Ranking and standing searches. */
  Ranking ranking();

  /** Erasure: removed faces expunged from disk. */
  Erasure erasure();

  /** Erasure (PRIVACY.md rule 18: a withdrawn subject's vector out within 24 h). */
  interface Erasure {
    /**
     * How often removed faces are expunged from disk (a scheduler period such as {@code 1h}, or
     * {@code off}): the embedded index merges away its deleted documents, Milvus compacts. A pass
     * with nothing removed since the last one does nothing. Keep it well under 24 h; on Milvus add
     * the server's {@code dataCoord.gc.dropTolerance} (README, "Erasure").
     */
    @WithDefault("1h")
    String expungeEvery();
  }

  /** The vector space. */
  interface Space {
    /**
     * Embedding model id: the embedder's default vectors are in the fused space of its default
     * model (through the bundled projection) and dlib's ResNet, whose id this is.
     */
    @WithDefault("fused-mfn-dlib")
    String modelId();

    /**
     * Embedding model (and post-processing) version: the fused space's version, which names the
     * projection its first model's vectors go through ({@code lag-agewccn-v1}).
     */
    @WithDefault("lag-fit-lag-agewccn-v1")
    String modelVersion();

    /** Vector dimension: 512 of the first model and 128 of the second. */
    @WithDefault("640")
    int dimension();
  }

  /** Milvus connection. */
  interface Milvus {
    /** Host of the Milvus proxy; absent means the embedded index. */
    Optional<String> host();

    /** gRPC port of the Milvus proxy. */
    @WithDefault("19530")
    int port();

    /**
     * Deadline of each Milvus call in milliseconds; a down Milvus answers UNAVAILABLE within it.
     */
    @WithDefault("5000")
    long deadlineMillis();

    /** Attempts per call, the first included (the SDK's own default is 75). */
    @WithDefault("2")
    int maxAttempts();

    /**
     * HNSW {@code ef} of a search: candidates kept while walking each indexed segment's graph (at
     * least k). Segments still growing are searched through Milvus' interim index, whose {@code
     * nprobe} is the server's {@code queryNode.segcore.interimIndex.nprobe}. 1024 by default: at
     * 100k realistic face vectors recall@10 against exact search was 0.58 / 0.87 / 0.99 at ef 64 /
     * 256 / 1024, for a p99 of 15 / 10 / 13 ms with SESSION consistency (README, "Search").
     */
    @WithDefault("1024")
    int searchEf();

    /**
     * What a search waits for: {@code SESSION} (the default) waits only for this process' own
     * writes, which Milvus' SDK stamps on each search as its guarantee timestamp, so a search sees
     * every face this service upserted or removed before it began (read-your-writes for the
     * gateway) without STRONG's wait for the next time tick on every search; the first search of
     * each space after a start, and the first after a removal, is STRONG. {@code STRONG} waits for
     * everyone's writes.
     */
    @WithDefault("SESSION")
    MilvusConsistency searchConsistency();

    /**
     * How long removed faces may stay in Milvus' segment files before an expunge pass compacts the
     * collection (at most 16 h). A removed face is unsearchable at once; this bounds only its bytes
     * on disk. Milvus 2.3 rewrites and indexes every segment in a manual compaction (about 17
     * minutes of 2 cores at 1M faces), so the default 12 h makes that at most twice a day. The
     * start refuses a value that, with {@code homeward.search.erasure.expunge-every} twice over,
     * passes 18 h (PRIVACY.md rule 18: 24 h, with up to 4 h of the server's garbage collection
     * after the compaction).
     */
    @WithDefault("12h")
    Duration expungeAfter();
  }

  /** Embedded index. */
  interface Embedded {
    /** Folder of the embedded index, one sub-folder per vector space. */
    @WithDefault("${user.home}/.local/share/homeward/search-index")
    String dir();

    /**
     * Candidates gathered per index segment at search time ({@code ef}); a search asks for {@code
     * max(k, num-candidates)} and keeps the best k. More raises recall and latency. 400 by default,
     * with M 32 and beam width 200: at 100k realistic face vectors on one INT8 segment, recall@10
     * 0.997 for a p50 of 17 ms and a p99 of 20 ms (M 16 and beam width 100 needed 1600 candidates
     * for 0.996; README, "Search").
     */
    @WithDefault("400")
    int numCandidates();

    /**
     * HNSW {@code M}: neighbours kept per node; applies to segments written from now on. 32 by
     * default (was 16): a better connected graph reaches recall 0.99 with fewer candidates.
     */
    @WithDefault("32")
    int maxConnections();

    /**
     * HNSW beam width ({@code efConstruction}); applies to segments written from now on. 200 by
     * default (was 100); with M 32 it about doubles insert and merge time.
     */
    @WithDefault("200")
    int beamWidth();

    /**
     * How the vectors the HNSW graph walks are stored: {@code FLOAT32}, {@code INT8} or {@code
     * INT4} (scalar quantized; the full vectors are kept too, and the candidates are ranked again
     * with them, so recall is that of FLOAT32). Applies to segments written or merged from now on;
     * an index written with another format stays readable. INT8 by default: at 100k realistic face
     * vectors in one segment, the same recall as FLOAT32 at a third of the p50 and a quarter of the
     * bytes a search walks (README, "Search").
     */
    @WithDefault("INT8")
    LuceneVectorFormat vectorFormat();

    /**
     * Once writes have paused this long, the index is merged into one segment in the background, so
     * that after a bulk load a search walks one HNSW graph instead of dozens (writes go on
     * meanwhile; searches use the old segments until the merge is done); {@code 0s}: never.
     */
    @WithDefault("60s")
    Duration mergeWhenIdle();
  }

  /** Ranking. */
  interface Ranking {
    /**
     * Calibration file ({@code classpath:...} or a path); default: the one shipped for the space's
     * model.
     */
    Optional<String> calibration();

    /**
     * A folder of calibration files {@code <model id>@<model version>.json} for spaces other than
     * the configured one (a re-embedding job's new space); the shipped ones are found without it. A
     * space with no calibration takes writes but cannot be searched, so it cannot go live.
     */
    Optional<String> calibrationDir();

    /** Use metadata as soft evidence. */
    @WithDefault("true")
    boolean useMetadata();

    /** Candidates returned when a caller asks for none. */
    @WithDefault("10")
    int defaultK();

    /** Most candidates a caller may ask for. */
    @WithDefault("100")
    int maxK();

    /** How many times k the index is asked for, so metadata can reorder. */
    @WithDefault("3")
    int overfetch();

    /** Candidates each standing search looks at. */
    @WithDefault("10")
    int standingK();

    /** Lowest band a standing search raises: weak, possible, probable or strong. */
    @WithDefault("probable")
    String standingBand();
  }
}
