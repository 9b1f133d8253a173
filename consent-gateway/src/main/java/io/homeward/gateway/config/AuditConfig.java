package io.homeward.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The audit log's keys and checkpoints. The key files and the checkpoint file live apart from the
 * database (one machine: the keys directory; a cluster mounts the keys from secrets).
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
   * The secret key (32 bytes, Base64) that keys every audit record's hash (HMAC-SHA256). Kept with
   * the other keys and never in the database, so whoever holds only the database cannot recompute
   * the hash of a record they changed. Generated with the other keys where generation is on; where
   * it is off ({@code prod} in a cluster) the gateway refuses to start without it.
   */
  Path chainKeyFile();

  /**
   * The append-only file that receives every signed checkpoint outside the database (one JSON line
   * each, forced to disk), beside the keys on one machine. The verifier requires its latest
   * checkpoint to match the database, so deleting the newest records is reported as truncation.
   * Back it up with the keys; a cluster would keep it in write-once object storage.
   */
  Path checkpointFile();

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

  /**
   * Sign a checkpoint every this many records, in the database and in {@link #checkpointFile()}.
   * The verifier allows at most twice this many records after the latest checkpoint in the file:
   * that many newest records could be deleted unnoticed, never changed (the keyed chain protects
   * them). At least 1.
   */
  @WithDefault("64")
  int checkpointEvery();

  /**
   * How often to sign a checkpoint over the current head (Quarkus scheduler syntax, e.g. {@code
   * 1h}, {@code 15m}); skipped when nothing was appended since the last one.
   */
  @WithDefault("1m")
  String checkpointInterval();
}
