package io.homeward.gateway.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Verifies the stored audit chain: every record's hash recomputed from its columns in sequence
 * order, every previous-hash link, no missing sequence number, the head row, and every checkpoint's
 * signature and head hash. Reports the first (lowest) broken sequence number and what failed there,
 * never any field value. Needs only read access and the public keys: the personal fields stay
 * sealed. Thread-safe.
 */
public final class ChainVerifier {
  private static final int FETCH_SIZE = 500;

  private final CheckpointKeys keys;

  public ChainVerifier(CheckpointKeys keys) {
    this.keys = keys;
  }

  /**
   * Verifies in one read-only snapshot of {@code c} (appends may go on meanwhile); leaves the
   * connection's auto-commit and isolation as it found them.
   *
   * @throws SQLException when the audit tables cannot be read
   */
  public ChainReport verify(Connection c) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    int isolation = c.getTransactionIsolation();
    boolean h2 = c.getMetaData().getDatabaseProductName().toLowerCase().contains("h2");
    c.setAutoCommit(false);
    try {
      if (h2) {
        // H2's REPEATABLE READ snapshots each table at first use; SNAPSHOT covers all of them at
        // once.
        try (Statement s = c.createStatement()) {
          s.execute("set session characteristics as transaction isolation level snapshot");
        }
      } else {
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      }
      try {
        return verifyInSnapshot(c);
      } finally {
        c.rollback();
      }
    } finally {
      if (h2) {
        try (Statement s = c.createStatement()) {
          s.execute("set session characteristics as transaction isolation level read committed");
        }
      }
      c.setTransactionIsolation(isolation);
      c.setAutoCommit(autoCommit);
    }
  }

  private record Checkpoint(
      long seq, String headHash, Instant signedAt, String keyId, byte[] signature) {}

  /** The lowest-numbered problem seen so far. */
  private static final class FirstProblem {
    long seq = Long.MAX_VALUE;
    String what;

    void offer(long atSeq, String problem) {
      if (atSeq < seq) {
        seq = atSeq;
        what = problem;
      }
    }

    boolean found() {
      return what != null;
    }
  }

  private ChainReport verifyInSnapshot(Connection c) throws SQLException {
    long headSeq;
    String headHash;
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select last_seq, last_hash from audit_head where id = 1")) {
      if (!rs.next()) {
        return broken(0, 0, 1, "the audit head row is missing");
      }
      headSeq = rs.getLong(1);
      headHash = rs.getString(2);
    }
    Map<Long, Checkpoint> checkpoints = new HashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select seq, head_hash, signed_at, key_id, signature from audit_checkpoints")) {
      while (rs.next()) {
        var cp =
            new Checkpoint(
                rs.getLong(1),
                rs.getString(2),
                rs.getObject(3, OffsetDateTime.class).toInstant(),
                rs.getString(4),
                rs.getBytes(5));
        checkpoints.put(cp.seq(), cp);
      }
    }

    var first = new FirstProblem();
    Map<Long, String> hashesAtCheckpoints = new HashMap<>();
    long records = 0;
    long expected = 1;
    String prevHash = CanonicalForm.GENESIS;
    try (PreparedStatement ps =
        c.prepareStatement(
            "select " + StoredRecord.COLUMNS + " from audit_records order by seq",
            ResultSet.TYPE_FORWARD_ONLY,
            ResultSet.CONCUR_READ_ONLY)) {
      ps.setFetchSize(FETCH_SIZE);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          StoredRecord r = JdbcAuditLog.readRecord(rs);
          records++;
          if (!first.found()) {
            checkRecord(r, expected, prevHash, first);
          }
          if (checkpoints.containsKey(r.seq())) {
            hashesAtCheckpoints.put(r.seq(), r.hash());
          }
          prevHash = r.hash();
          expected = r.seq() + 1;
        }
      }
    }
    long lastSeq = expected - 1;
    if (lastSeq != headSeq) {
      first.offer(
          Math.min(lastSeq, headSeq) + 1,
          lastSeq < headSeq
              ? "records are missing: the chain ends at "
                  + lastSeq
                  + " but the head is at "
                  + headSeq
              : "the head is at " + headSeq + " but records go on to " + lastSeq);
    } else if (!prevHash.equals(headHash)) {
      first.offer(lastSeq, "the last record's hash does not match the head");
    }
    for (Checkpoint cp : checkpoints.values()) {
      checkCheckpoint(cp, hashesAtCheckpoints.get(cp.seq()), first);
    }
    if (!first.found()) {
      return new ChainReport(true, records, checkpoints.size(), Optional.empty(), Optional.empty());
    }
    return broken(records, checkpoints.size(), first.seq, first.what);
  }

  private static void checkRecord(
      StoredRecord r, long expected, String prevHash, FirstProblem first) {
    if (r.seq() > expected) {
      first.offer(expected, "record " + expected + " is missing");
    } else if (r.seq() != expected) {
      first.offer(r.seq(), "unexpected sequence number (expected " + expected + ")");
    } else if (r.format() != CanonicalForm.FORMAT) {
      first.offer(r.seq(), "unknown record format " + r.format());
    } else if (!prevHash.equals(r.prevHash())) {
      first.offer(
          r.seq(), "the previous-hash link does not match record " + (r.seq() - 1) + "'s hash");
    } else if (!CanonicalForm.hash(r).equals(r.hash())) {
      first.offer(r.seq(), "the record's content does not match its hash (altered)");
    }
  }

  private void checkCheckpoint(Checkpoint cp, String recordHash, FirstProblem first) {
    byte[] signed = CanonicalForm.checkpoint(cp.seq(), cp.headHash(), cp.signedAt(), cp.keyId());
    if (keys.find(cp.keyId()).isEmpty()) {
      first.offer(cp.seq(), "checkpoint signed by an unknown key (" + cp.keyId() + ")");
    } else if (!keys.verifies(cp.keyId(), signed, cp.signature())) {
      first.offer(cp.seq(), "checkpoint signature does not verify");
    } else if (recordHash == null) {
      first.offer(cp.seq(), "signed checkpoint names a record that is missing");
    } else if (!recordHash.equals(cp.headHash())) {
      first.offer(
          cp.seq(), "the record's hash differs from the signed checkpoint (chain rewritten)");
    }
  }

  private static ChainReport broken(long records, long checkpoints, long seq, String problem) {
    return new ChainReport(false, records, checkpoints, Optional.of(seq), Optional.of(problem));
  }
}
