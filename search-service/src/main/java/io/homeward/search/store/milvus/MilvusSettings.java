package io.homeward.search.store.milvus;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the Milvus server is and how long a call may take. Immutable; {@link Builder#build()}
 * validates.
 *
 * @param host server host
 * @param port server gRPC port
 * @param rpcDeadline deadline of one RPC attempt and, with retries, of one index call
 * @param maxAttempts attempts per call on a transient error (1 = no retry)
 * @param collectionPrefix prepended to every collection name (tests use it to stay apart)
 * @param searchEf HNSW {@code ef} of a search (candidates kept while walking the graph of each
 *     indexed segment); a search for more than {@code searchEf} results uses its {@code k}
 * @param searchConsistency what a search waits for (see {@link MilvusConsistency})
 * @param expungeAfter how long removed rows may stay in segment files before an expunge compacts
 *     the collection (at most {@link #MAX_EXPUNGE_AFTER}: PRIVACY.md rule 18 allows 24 h, and the
 *     pass period, the compaction and the server's garbage collection come on top)
 */
public record MilvusSettings(
    String host,
    int port,
    Duration rpcDeadline,
    int maxAttempts,
    String collectionPrefix,
    int searchEf,
    MilvusConsistency searchConsistency,
    Duration expungeAfter) {

  /** Milvus' own bounds for the HNSW search {@code ef}. */
  static final int MAX_EF = 32_768;

  /** Longest {@code expungeAfter}. */
  public static final Duration MAX_EXPUNGE_AFTER = Duration.ofHours(16);

  private static final Pattern PREFIX = Pattern.compile("([A-Za-z_][A-Za-z0-9_]{0,63})?");

  public MilvusSettings {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("Milvus host is missing");
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("Milvus port must be in 1..65535");
    }
    Objects.requireNonNull(rpcDeadline, "rpcDeadline");
    if (rpcDeadline.compareTo(Duration.ofMillis(100)) < 0
        || rpcDeadline.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new IllegalArgumentException("Milvus RPC deadline must be in 100 ms..5 min");
    }
    if (maxAttempts < 1 || maxAttempts > 5) {
      throw new IllegalArgumentException("Milvus attempts must be in 1..5");
    }
    collectionPrefix = collectionPrefix == null ? "" : collectionPrefix;
    if (!PREFIX.matcher(collectionPrefix).matches()) {
      throw new IllegalArgumentException(
          "collection prefix must be empty or start with a letter or _ and hold [A-Za-z0-9_]");
    }
    if (searchEf < 1 || searchEf > MAX_EF) {
      throw new IllegalArgumentException("Milvus search ef must be in 1.." + MAX_EF);
    }
    Objects.requireNonNull(searchConsistency, "searchConsistency");
    Objects.requireNonNull(expungeAfter, "expungeAfter");
    if (expungeAfter.isNegative() || expungeAfter.compareTo(MAX_EXPUNGE_AFTER) > 0) {
      throw new IllegalArgumentException(
          "Milvus expunge-after must be in 0..16 h (PRIVACY.md rule 18: removed faces off disk"
              + " within 24 h)");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Defaults: 127.0.0.1:19530, 5 s deadline, 2 attempts, no prefix, search ef 1024, SESSION
   * consistency, expunge after 12 h.
   */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 19530;
    private Duration rpcDeadline = Duration.ofSeconds(5);
    private int maxAttempts = 2;
    private String collectionPrefix = "";
    private int searchEf = 1024;
    private MilvusConsistency searchConsistency = MilvusConsistency.SESSION;
    private Duration expungeAfter = Duration.ofHours(12);

    private Builder() {}

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder rpcDeadline(Duration rpcDeadline) {
      this.rpcDeadline = rpcDeadline;
      return this;
    }

    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    public Builder collectionPrefix(String collectionPrefix) {
      this.collectionPrefix = collectionPrefix;
      return this;
    }

    public Builder searchEf(int searchEf) {
      this.searchEf = searchEf;
      return this;
    }

    public Builder searchConsistency(MilvusConsistency searchConsistency) {
      this.searchConsistency = searchConsistency;
      return this;
    }

    public Builder expungeAfter(Duration expungeAfter) {
      this.expungeAfter = expungeAfter;
      return this;
    }

    public MilvusSettings build() {
      return new MilvusSettings(
          host,
          port,
          rpcDeadline,
          maxAttempts,
          collectionPrefix,
          searchEf,
          searchConsistency,
          expungeAfter);
    }
  }
}
