package io.homeward.gateway.audit;

import java.time.Instant;

/**
 * One row of {@code audit_records} exactly as stored: what the hash covers. Absent optional fields
 * are {@code null}; {@code policyIds} is the stored JSON array text.
 */
record StoredRecord(
    long seq,
    String prevHash,
    String hash,
    int format,
    Instant occurredAt,
    String actorId,
    String role,
    String organisation,
    String authMethod,
    String action,
    String purpose,
    String legalBasis,
    String caseId,
    String consentId,
    String ageBand,
    String probeHmac,
    String modelVersion,
    String threshold,
    String displayed,
    boolean allowed,
    String policyIds,
    String policyVersion,
    boolean override,
    String detail,
    String keyRef,
    byte[] personalSealed) {

  /** The columns in the order they are selected and bound. */
  static final String COLUMNS =
      "seq, prev_hash, record_hash, format, occurred_at, actor_id, actor_role, organisation,"
          + " auth_method, audit_action, purpose, legal_basis, case_id, consent_id, age_band,"
          + " probe_hmac, model_version, threshold, displayed, allowed, policy_ids, policy_version,"
          + " override_used, detail, key_ref, personal_sealed";

  StoredRecord withHash(String newHash) {
    return new StoredRecord(
        seq,
        prevHash,
        newHash,
        format,
        occurredAt,
        actorId,
        role,
        organisation,
        authMethod,
        action,
        purpose,
        legalBasis,
        caseId,
        consentId,
        ageBand,
        probeHmac,
        modelVersion,
        threshold,
        displayed,
        allowed,
        policyIds,
        policyVersion,
        override,
        detail,
        keyRef,
        personalSealed);
  }

  @Override
  public String toString() {
    // Records print as their position only: the sealed bytes and ids stay out of logs.
    return "StoredRecord[seq=" + seq + "]";
  }
}
