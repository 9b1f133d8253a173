package io.homeward.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * How many requests of each kind the gateway works on at once (issue 17, load). Past a limit a
 * request is answered at once with {@code 503 overloaded} and a {@code Retry-After}, instead of
 * waiting in a queue that grows with the overload: its latency stays that of the requests being
 * served, its memory stays bounded, and a client that honours {@code Retry-After} comes back when
 * there is room.
 *
 * <p>Unset, each limit follows the machine: per core 8 searches, 4 uploads, 8 images and 64 other
 * requests (on 2 cores: 16, 8, 16, 128), scaled down together where their sum would pass the HTTP
 * worker pool ({@code quarkus.thread-pool.max-threads}, by default the larger of 200 and 8 per
 * core), so that nothing admitted waits for a thread. {@code scripts/load.sh} measures where a
 * machine's knee is.
 */
@ConfigMapping(prefix = "homeward.gateway.admission")
public interface AdmissionConfig {
  /** Whether requests past a limit are refused; off, every request waits its turn. */
  @WithDefault("true")
  boolean enabled();

  /** Case and one-time searches in progress at once (each a search-service call per probe). */
  Optional<Integer> searches();

  /**
   * Uploads being embedded at once: enrolments, one-time searches, import batches (each waits on
   * the embedder, which has its own queue behind this).
   */
  Optional<Integer> enrolments();

  /** Images being decrypted and watermarked at once: photos, aligned faces, exports, posters. */
  Optional<Integer> images();

  /** Every other request (lists, cases, reviews, pages) at once. */
  Optional<Integer> other();
}
