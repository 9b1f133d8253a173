package io.homeward.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The audit log's keys and checkpoints. The key files live apart from the database (one machine:
 * {@code ${HOMEWARD_DATA_DIR}/keys/}; a cluster mounts them from secrets).
 */
@ConfigMapping(prefix = "homeward.gateway.audit")
public interface AuditConfig {
  /**
   * Tink JSON keyset (AES-256-GCM) that seals the per-subject audit keys. Cleartext on disk is
   * acceptable on one machine; a cluster mounts it from a secret (a KMS-wrapped keyset is the path
   * for stronger custody). Losing it makes every record's personal fields unreadable.
   */
  Path masterKeysetFile();

  /** Ed25519 private key (PKCS#8, PEM or DER) that signs checkpoints. */
  Path signingKeyFile();

  /** The Ed25519 public key (X.509, PEM or DER) of {@link #signingKeyFile()}; not secret. */
  Path signingPublicKeyFile();

  /**
   * Public keys of retired signing keys whose checkpoints are still accepted when the chain is
   * verified (after a key rotation).
   */
  Optional<List<Path>> retiredPublicKeyFiles();

  /**
   * Create the three key files (owner-only) when all are missing and the database holds no audit
   * data yet. On for one machine, dev and test; off in a cluster, where start-up fails if a file is
   * missing.
   */
  @WithDefault("false")
  boolean generateKeys();

  /** Sign a checkpoint inside the append of every this-many-th record (0: only on schedule). */
  @WithDefault("1000")
  int checkpointEvery();

  /**
   * How often to sign a checkpoint over the current head (Quarkus scheduler syntax, e.g. {@code
   * 1h}, {@code 15m}); skipped when nothing was appended since the last one.
   */
  @WithDefault("1h")
  String checkpointInterval();
}
