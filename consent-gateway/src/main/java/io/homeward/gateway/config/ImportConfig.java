package io.homeward.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Bulk import (issue 14): how much one batch may carry and how many records run at once. */
@ConfigMapping(prefix = "homeward.gateway.imports")
public interface ImportConfig {
  /**
   * Records enrolled at once, each its own unit (policy, quality gate, one transaction). The
   * embedder is the slow step; a few more workers than it has threads keeps it busy while others
   * write to the database.
   */
  @WithDefault("4")
  int workers();

  /** The most records one batch's manifest may list. */
  @WithDefault("500")
  int maxRecordsPerBatch();

  /** The most entries (manifest and photos) one batch archive may hold. */
  @WithDefault("1000")
  int maxEntriesPerBatch();

  /**
   * The most bytes one batch archive may unpack to, counted as it is read (a zip bomb's declared
   * sizes are not trusted).
   */
  @WithDefault("67108864")
  long maxUnpackedBytesPerBatch();

  /** The largest manifest, in bytes. */
  @WithDefault("4194304")
  long maxManifestBytes();

  /**
   * Records one organisation may import per day, all its jobs together. Imported records do not
   * count against the importing user's daily case and enrolment limits (rule 16 bounds work by
   * hand, and an import would lock its user after a few dozen records); this bounds a bulk import
   * instead. When it is used up, the remaining records wait for the next day: nothing is refused
   * and no account is locked.
   */
  @WithDefault("20000")
  int recordsPerDay();

  /** The most photos one record may list. */
  @WithDefault("10")
  int maxPhotosPerRecord();

  /**
   * How often jobs with waiting records are resumed: after a restart, or after the embedder or the
   * database failed for a while.
   */
  @WithDefault("30s")
  Duration resumeEvery();
}
