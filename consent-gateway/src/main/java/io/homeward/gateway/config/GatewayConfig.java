package io.homeward.gateway.config;

import io.homeward.gateway.domain.Band;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The gateway's own settings. The numbers are PRIVACY.md's defaults; each is configuration, changed
 * only with two approvers (the change itself is audited).
 */
@ConfigMapping(prefix = "homeward.gateway")
public interface GatewayConfig {
  /** Secret keys held by the gateway (probe HMAC, sealed fields). */
  Keys keys();

  /** Search and display (rules 9-10). */
  Search search();

  /** Retention periods (rules 7, 18-20, 22). */
  Retention retention();

  /** The index outbox. */
  Outbox outbox();

  /** The reconciler between the database, the index and the image store. */
  Reconcile reconcile();

  /** Re-embedding jobs that move the gallery to a new vector space (issue 14). */
  Reembed reembed();

  /** Re-embedding jobs. */
  interface Reembed {
    /** How often the job takes its next photos (a scheduler period such as {@code 2s}). */
    @WithDefault("2s")
    String every();

    /**
     * Most photos re-embedded per second, so live searches keep their latency: the job embeds one
     * photo at a time and pauses between photos to stay under it.
     */
    @WithDefault("4")
    double photosPerSecond();

    /** Most photos one pass takes before it gives the scheduler back. */
    @WithDefault("40")
    int photosPerPass();

    /** How long the old space is kept after a switch (removals still reach it), then dropped. */
    @WithDefault("7d")
    Duration grace();
  }

  /** Secret keys. */
  interface Keys {
    /**
     * Folder of the gateway's data keys (image keyset, sealed fields, probe HMAC, audit master);
     * apart from the database and the images. Rotated by {@code ./homeward rotate-field-key},
     * {@code rotate-probe-key} and {@code reseal-images}.
     */
    Path dir();

    /**
     * Folder of the signing keys (the local JWT key pair, the audit checkpoint key), outside the
     * data directory by default ({@code $XDG_CONFIG_HOME/homeward/keys}): whoever copies the data
     * must not be able to mint tokens or re-sign the audit chain.
     */
    Path signingDir();

    /**
     * Create missing key files with owner-only permissions (one machine, tests); off in a cluster,
     * where keys are mounted from secrets and a missing key stops start-up.
     */
    @WithDefault("false")
    boolean generate();
  }

  /** Search and display. */
  interface Search {
    /** At most this many candidates per search (rule 10). */
    @WithDefault("10")
    int maxCandidates();

    /** Candidates below this band are not shown (rule 10: a threshold per age band). */
    @WithDefault("POSSIBLE")
    Band minimumBand();

    /** Searches hitting protected persons after which the requester is flagged (rule 14). */
    @WithDefault("3")
    int protectedHitsBeforeFlag();
  }

  /** Retention periods. */
  interface Retention {
    /** How often the retention periods are applied (a scheduler period such as {@code 10m}). */
    @WithDefault("10m")
    String every();

    /** A one-time probe (a stranger's photo) is deleted after this (rules 7, 20). */
    @WithDefault("24h")
    Duration probe();

    /** The longest a police alert poster may run before it expires by itself (rule 15). */
    @WithDefault("30d")
    Duration posterMaximum();

    /** A vital-emergency basis expires after this (rule 2). */
    @WithDefault("24h")
    Duration vitalEmergency();

    /**
     * A FOUND/REUNIFIED/CLOSED case keeps a minimal record this long, then is deleted (rule 19).
     */
    @WithDefault("30d")
    Duration minimalRecord();

    /** Open MISSING cases unconfirmed by the guardian this long become unsearchable (rule 22). */
    @WithDefault("365d")
    Duration reconfirmation();

    /**
     * Caseworkers see a MISSING case in their re-confirmation reminders this long before its
     * re-confirmation falls due (rule 22).
     */
    @WithDefault("30d")
    Duration reconfirmationNotice();

    /**
     * Audit records are kept this long, then removed under a signed anchor ("Audit record": kept 3
     * years). The database refuses to remove anything younger than 3 years.
     */
    @WithDefault("1096d")
    Duration auditRecords();

    /** How often old audit records are removed (a scheduler period such as {@code 24h}). */
    @WithDefault("24h")
    String auditEvery();

    /**
     * What a case search showed (each candidate's ids, band and score, under the random id returned
     * with it) can be referred to the examiners this long, then is deleted.
     */
    @WithDefault("30d")
    Duration searchResult();
  }

  /** The reconciler. */
  interface Reconcile {
    /** How often it looks for drift (a scheduler period such as {@code 15m}). */
    @WithDefault("15m")
    String every();
  }

  /** The index outbox. */
  interface Outbox {
    /** How often pending index writes are retried (a scheduler period such as {@code 2s}). */
    @WithDefault("2s")
    String every();

    /** Rows handled per pass. */
    @WithDefault("50")
    int batch();

    /** Longest wait between retries of one row. */
    @WithDefault("5m")
    Duration maxBackoff();

    /**
     * Photos embedded again at once when their vectors are no longer held (a backlog after the
     * gateway started again): about the embedder's cores, as its queue takes one request per core.
     */
    @WithDefault("2")
    int embedParallelism();
  }
}
