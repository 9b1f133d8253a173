package io.homeward.gateway.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The canonical, deterministic byte form of audit records and checkpoints, and the SHA-256 chain
 * over it. Anyone holding the database can recompute it (privacy officers, an external auditor):
 *
 * <pre>
 * record    = "homeward-audit-record\n" field*            (fields in the fixed order below)
 * field     = name "=" value "\n"
 * value     = "~"                                          (absent)
 *           | utf8-length ":" utf8-text                    (present; length in bytes, decimal)
 * fields    = format seq prev_hash occurred_at actor_id actor_role organisation auth_method
 *             audit_action purpose legal_basis case_id consent_id age_band probe_hmac model_version
 *             threshold displayed allowed policy_ids policy_version override_used detail key_ref
 *             personal_sealed
 * </pre>
 *
 * Numbers are decimal, booleans {@code true}/{@code false}, times UTC ISO-8601 with exactly six
 * fraction digits ({@code 2025-01-31T10:15:30.123456Z}), {@code policy_ids} the stored JSON array
 * text, {@code personal_sealed} standard Base64 with padding. {@code record_hash} is, for format 2
 * (every record written since migration V5), the lower-case hex HMAC-SHA256 of those bytes under
 * the {@link ChainKey} kept outside the database; for format 1 (records written before V5) their
 * plain SHA-256. The format is itself hashed, so a record cannot be moved to the unkeyed format
 * without its hash changing; the verifier accepts format 1 only up to the first checkpoint kept
 * outside the database. The first record's {@code prev_hash} is 64 zeros. A checkpoint signs {@code
 * "homeward-audit-checkpoint\n"} followed by the fields seq, head_hash, signed_at, key_id in the
 * same field syntax.
 */
final class CanonicalForm {
  /** The previous hash of the first record. */
  static final String GENESIS = "0".repeat(64);

  /** Records written before the keyed chain (migration V5): plain SHA-256. */
  static final int FORMAT_SHA256 = 1;

  /** Records of the keyed chain: HMAC-SHA256 under the {@link ChainKey}. */
  static final int FORMAT_KEYED = 2;

  /** The record format this class writes. */
  static final int FORMAT = FORMAT_KEYED;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private CanonicalForm() {}

  /** Both databases keep microseconds: times are cut to them before they are stored or hashed. */
  static Instant storable(Instant at) {
    return at.truncatedTo(ChronoUnit.MICROS);
  }

  static String time(Instant at) {
    return TIME.format(storable(at));
  }

  static byte[] record(StoredRecord r) {
    var out = new StringBuilder(512).append("homeward-audit-record\n");
    field(out, "format", Integer.toString(r.format()));
    field(out, "seq", Long.toString(r.seq()));
    field(out, "prev_hash", r.prevHash());
    field(out, "occurred_at", time(r.occurredAt()));
    field(out, "actor_id", r.actorId());
    field(out, "actor_role", r.role());
    field(out, "organisation", r.organisation());
    field(out, "auth_method", r.authMethod());
    field(out, "audit_action", r.action());
    field(out, "purpose", r.purpose());
    field(out, "legal_basis", r.legalBasis());
    field(out, "case_id", r.caseId());
    field(out, "consent_id", r.consentId());
    field(out, "age_band", r.ageBand());
    field(out, "probe_hmac", r.probeHmac());
    field(out, "model_version", r.modelVersion());
    field(out, "threshold", r.threshold());
    field(out, "displayed", r.displayed());
    field(out, "allowed", Boolean.toString(r.allowed()));
    field(out, "policy_ids", r.policyIds());
    field(out, "policy_version", r.policyVersion());
    field(out, "override_used", Boolean.toString(r.override()));
    field(out, "detail", r.detail());
    field(out, "key_ref", r.keyRef());
    field(
        out,
        "personal_sealed",
        r.personalSealed() == null ? null : Base64.getEncoder().encodeToString(r.personalSealed()));
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The record's hash in its own format.
   *
   * @throws IllegalArgumentException for a format this class does not know
   */
  static String hash(StoredRecord r, ChainKey key) {
    return switch (r.format()) {
      case FORMAT_SHA256 -> sha256Hex(record(r));
      case FORMAT_KEYED -> key.macHex(record(r));
      default -> throw new IllegalArgumentException("unknown record format " + r.format());
    };
  }

  static byte[] checkpoint(long seq, String headHash, Instant signedAt, String keyId) {
    var out = new StringBuilder(256).append("homeward-audit-checkpoint\n");
    field(out, "seq", Long.toString(seq));
    field(out, "head_hash", headHash);
    field(out, "signed_at", time(signedAt));
    field(out, "key_id", keyId);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** What a retention anchor signs; its own prefix, so no checkpoint signature passes for one. */
  static byte[] anchor(
      long seq,
      String headHash,
      Instant removedBefore,
      long removedRecords,
      Instant signedAt,
      String keyId) {
    var out = new StringBuilder(320).append("homeward-audit-anchor\n");
    field(out, "seq", Long.toString(seq));
    field(out, "head_hash", headHash);
    field(out, "removed_before", time(removedBefore));
    field(out, "removed_records", Long.toString(removedRecords));
    field(out, "signed_at", time(signedAt));
    field(out, "key_id", keyId);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static void field(StringBuilder out, String name, String value) {
    out.append(name).append('=');
    if (value == null) {
      out.append('~');
    } else {
      out.append(value.getBytes(StandardCharsets.UTF_8).length).append(':').append(value);
    }
    out.append('\n');
  }
}
