package io.homeward.gateway.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Verifies the stored audit chain: every record's hash recomputed from its columns in sequence
 * order (keyed records with the {@link ChainKey}), every previous-hash link, no missing sequence
 * number, the head row, every checkpoint in the database, and above all the checkpoints kept
 * outside the database ({@link CheckpointStore}): each must verify with a trusted public key and
 * match the record it names; the database must not end before the latest of them (truncation); at
 * most {@code allowedTail} records may follow it (the ones written since the last checkpoint,
 * protected by the keyed chain alone); and unkeyed (format 1) records are accepted only up to the
 * first of them, the point where the keyed chain began. Reports the first (lowest) broken sequence
 * number and what failed there, never any field value. Needs only read access, the chain key and
 * the public keys: the personal fields stay sealed. Thread-safe.
 */
public final class ChainVerifier {
  private static final int FETCH_SIZE = 500;

  private final CheckpointKeys keys;
  private final ChainKey chainKey;
  private final CheckpointStore external;
  private final long allowedTail;

  /**
   * @param allowedTail how many records may follow the latest checkpoint outside the database
   */
  public ChainVerifier(
      CheckpointKeys keys, ChainKey chainKey, CheckpointStore external, long allowedTail) {
    if (allowedTail < 0) {
      throw new IllegalArgumentException("allowedTail must be 0 or more");
    }
    this.keys = keys;
    this.chainKey = chainKey;
    this.external = external;
    this.allowedTail = allowedTail;
  }

  /**
   * Verifies in one read-only snapshot of {@code c} (appends may go on meanwhile); leaves the
   * connection's auto-commit and isolation as it found them.
   *
   * @throws SQLException when the audit tables cannot be read
   */
  public ChainReport verify(Connection c) throws SQLException {
    // Read outside first: a checkpoint is written there only after the records it covers are
    // committed, so every one read now is covered by the snapshot taken below.
    List<SignedCheckpoint> outside;
    try {
      outside = external.readAll();
    } catch (CheckpointStore.CheckpointStoreException e) {
      return new ChainReport(
          false,
          0,
          0,
          0,
          0,
          Optional.empty(),
          Optional.of(
              "the checkpoints outside the database cannot be read (" + e.getMessage() + ")"));
    }
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
        return verifyInSnapshot(c, outside);
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

  private ChainReport verifyInSnapshot(Connection c, List<SignedCheckpoint> outside)
      throws SQLException {
    long headSeq;
    String headHash;
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select last_seq, last_hash from audit_head where id = 1")) {
      if (!rs.next()) {
        return broken(0, 0, outside, 1, "the audit head row is missing");
      }
      headSeq = rs.getLong(1);
      headHash = rs.getString(2);
    }
    Map<Long, SignedCheckpoint> checkpoints = new HashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select seq, head_hash, signed_at, key_id, signature from audit_checkpoints")) {
      while (rs.next()) {
        var cp =
            new SignedCheckpoint(
                rs.getLong(1),
                rs.getString(2),
                rs.getObject(3, OffsetDateTime.class).toInstant(),
                rs.getString(4),
                rs.getBytes(5));
        checkpoints.put(cp.seq(), cp);
      }
    }

    var first = new FirstProblem();
    // Audit retention: the records up to the latest anchor were removed; the chain starts again
    // from the anchor's hash, which only the checkpoint key can have signed.
    List<AuditAnchor> anchors = anchors(c);
    for (AuditAnchor a : anchors) {
      if (keys.find(a.keyId()).isEmpty()
          || !keys.verifies(a.keyId(), a.signedBytes(), a.signature())) {
        first.offer(a.seq() + 1, "the retention anchor at record " + a.seq() + " does not verify");
      }
    }
    Optional<AuditAnchor> anchor =
        anchors.isEmpty() ? Optional.empty() : Optional.of(anchors.get(anchors.size() - 1));
    long anchoredAt = anchor.map(AuditAnchor::seq).orElse(0L);
    long keyedFrom = outside.isEmpty() ? 0 : outside.get(0).seq();
    Map<Long, SignedCheckpoint> outsideBySeq = new HashMap<>();
    for (SignedCheckpoint cp : outside) {
      outsideBySeq.put(cp.seq(), cp);
    }
    Map<Long, String> hashesAtCheckpoints = new HashMap<>();
    long records = 0;
    long expected = anchoredAt + 1;
    String prevHash = anchor.map(AuditAnchor::headHash).orElse(CanonicalForm.GENESIS);
    anchor.ifPresent(a -> hashesAtCheckpoints.put(a.seq(), a.headHash()));
    try (PreparedStatement ps =
        c.prepareStatement(
            "select " + StoredRecord.COLUMNS + " from audit_records order by seq",
            ResultSet.TYPE_FORWARD_ONLY,
            ResultSet.CONCUR_READ_ONLY)) {
      ps.setFetchSize(FETCH_SIZE);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          StoredRecord r = JdbcAuditLog.readRecord(rs);
          if (r.seq() <= anchoredAt) {
            continue; // removed under the anchor, or about to be: not part of the chain any more
          }
          records++;
          if (!first.found()) {
            checkRecord(r, expected, prevHash, keyedFrom, first);
          }
          if (checkpoints.containsKey(r.seq()) || outsideBySeq.containsKey(r.seq())) {
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
    for (SignedCheckpoint cp : checkpoints.values()) {
      checkCheckpoint(cp, hashesAtCheckpoints.get(cp.seq()), anchoredAt, "", first);
    }
    checkOutside(outside, lastSeq, hashesAtCheckpoints, anchoredAt, first);
    if (!first.found()) {
      return new ChainReport(
          true,
          records,
          checkpoints.size(),
          outside.size(),
          keyedFrom == 0 ? 0 : outside.get(outside.size() - 1).seq(),
          Optional.empty(),
          Optional.empty(),
          anchor);
    }
    return new ChainReport(
        false,
        records,
        checkpoints.size(),
        outside.size(),
        outside.isEmpty() ? 0 : outside.get(outside.size() - 1).seq(),
        Optional.of(first.seq),
        Optional.of(first.what),
        anchor);
  }

  /** The retention anchors, oldest first (none until records were first removed). */
  static List<AuditAnchor> anchors(Connection c) throws SQLException {
    List<AuditAnchor> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select seq, head_hash, removed_before, removed_records, signed_at, key_id,"
                    + " signature from audit_anchors order by seq")) {
      while (rs.next()) {
        out.add(
            new AuditAnchor(
                rs.getLong(1),
                rs.getString(2),
                rs.getObject(3, OffsetDateTime.class).toInstant(),
                rs.getLong(4),
                rs.getObject(5, OffsetDateTime.class).toInstant(),
                rs.getString(6),
                rs.getBytes(7)));
      }
    }
    return out;
  }

  /**
   * The checkpoints outside the database: in order, signed, matching their records, not beyond the
   * database's end, and the latest close enough to the head.
   */
  private void checkOutside(
      List<SignedCheckpoint> outside,
      long lastSeq,
      Map<Long, String> hashesAtCheckpoints,
      long anchoredAt,
      FirstProblem first) {
    long previous = 0;
    for (SignedCheckpoint cp : outside) {
      if (cp.seq() <= previous) {
        first.offer(
            cp.seq(), "the checkpoints outside the database go backwards (" + previous + " first)");
        return;
      }
      previous = cp.seq();
      if (cp.seq() > lastSeq) {
        first.offer(
            lastSeq + 1,
            "truncated: the database ends at record "
                + lastSeq
                + " but a checkpoint signed outside it covers record "
                + cp.seq());
        // Later ones are beyond the end as well; their signatures are checked all the same.
      }
      checkCheckpoint(
          cp, hashesAtCheckpoints.get(cp.seq()), anchoredAt, " outside the database", first);
    }
    long covered = previous;
    if (lastSeq - covered > allowedTail) {
      first.offer(
          covered + allowedTail + 1,
          "the head is not covered: "
              + (lastSeq - covered)
              + " records follow the last checkpoint signed outside the database"
              + (covered == 0 ? " (there is none)" : " (record " + covered + ")")
              + ", at most "
              + allowedTail
              + " may");
    }
  }

  private void checkRecord(
      StoredRecord r, long expected, String prevHash, long keyedFrom, FirstProblem first) {
    if (r.seq() > expected) {
      first.offer(expected, "record " + expected + " is missing");
    } else if (r.seq() != expected) {
      first.offer(r.seq(), "unexpected sequence number (expected " + expected + ")");
    } else if (r.format() != CanonicalForm.FORMAT_KEYED
        && r.format() != CanonicalForm.FORMAT_SHA256) {
      first.offer(r.seq(), "unknown record format " + r.format());
    } else if (r.format() == CanonicalForm.FORMAT_SHA256 && r.seq() > keyedFrom) {
      first.offer(
          r.seq(),
          "an unkeyed (format 1) record after the keyed chain began"
              + (keyedFrom == 0 ? "" : " at checkpoint " + keyedFrom)
              + " (rewritten)");
    } else if (!prevHash.equals(r.prevHash())) {
      first.offer(
          r.seq(), "the previous-hash link does not match record " + (r.seq() - 1) + "'s hash");
    } else if (!CanonicalForm.hash(r, chainKey).equals(r.hash())) {
      first.offer(r.seq(), "the record's content does not match its hash (altered)");
    }
  }

  private void checkCheckpoint(
      SignedCheckpoint cp, String recordHash, long anchoredAt, String where, FirstProblem first) {
    if (keys.find(cp.keyId()).isEmpty()) {
      first.offer(
          cp.seq(), "checkpoint" + where + " signed by an unknown key (" + cp.keyId() + ")");
    } else if (!keys.verifies(cp.keyId(), cp.signedBytes(), cp.signature())) {
      first.offer(cp.seq(), "checkpoint" + where + ": signature does not verify");
    } else if (recordHash == null && cp.seq() < anchoredAt) {
      // Its record was removed under the retention anchor: the signature is all there is to check.
    } else if (recordHash == null) {
      first.offer(cp.seq(), "signed checkpoint" + where + " names a record that is missing");
    } else if (!recordHash.equals(cp.headHash())) {
      first.offer(
          cp.seq(),
          "the record's hash differs from the signed checkpoint" + where + " (chain rewritten)");
    }
  }

  private static ChainReport broken(
      long records, long checkpoints, List<SignedCheckpoint> outside, long seq, String problem) {
    return new ChainReport(
        false,
        records,
        checkpoints,
        outside.size(),
        outside.isEmpty() ? 0 : outside.get(outside.size() - 1).seq(),
        Optional.of(seq),
        Optional.of(problem));
  }
}
