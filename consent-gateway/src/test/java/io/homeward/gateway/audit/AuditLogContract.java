package io.homeward.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.homeward.gateway.audit.AuditView.Disclosure;
import io.homeward.gateway.audit.AuditView.PersonalFields;
import io.homeward.gateway.db.Database;
import io.homeward.gateway.db.DatabaseException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log's contract, run against each database (H2 in PostgreSQL mode, real PostgreSQL).
 * Each test gets an empty, freshly migrated schema.
 */
abstract class AuditLogContract {
  @TempDir static Path keyDir;
  static AuditKeys keys;

  Database db;
  JdbcAuditLog log;

  /** This test's checkpoints outside the database. */
  FileCheckpointStore outside;

  /** A freshly migrated, empty database. */
  abstract Database openDatabase() throws Exception;

  abstract void closeDatabase(Database database) throws Exception;

  /** Runs tampering SQL as a privileged user, past any append-only guard the database has. */
  void tamper(String sql, Object... args) throws SQLException {
    db.inTransaction(
        tx -> {
          run(tx, sql, args);
          return null;
        });
  }

  @BeforeAll
  static void keys() {
    keys =
        AuditKeys.loadOrGenerate(
            keyDir.resolve("keys/master.json"),
            keyDir.resolve("keys/signing.pem"),
            keyDir.resolve("keys/signing.pub.pem"),
            keyDir.resolve("keys/chain.key"),
            List.of(),
            true,
            false,
            false);
  }

  @BeforeEach
  void open() throws Exception {
    db = openDatabase();
    outside =
        new FileCheckpointStore(keyDir.resolve("checkpoints-" + UUID.randomUUID() + ".jsonl"));
    log = logEvery(0);
  }

  @AfterEach
  void close() throws Exception {
    if (db != null) {
      closeDatabase(db);
    }
  }

  /** A log that allows a long unsigned tail, so tests of other things need no checkpoints. */
  JdbcAuditLog logEvery(int checkpointEvery) {
    return logEvery(checkpointEvery, 1000);
  }

  JdbcAuditLog logEvery(int checkpointEvery, long allowedTail) {
    return new JdbcAuditLog(db, keys, outside, checkpointEvery, allowedTail, Clock.systemUTC());
  }

  static AuditEntry entry(String subject) {
    boolean personal = subject != null;
    return new AuditEntry(
        Instant.now(),
        "examiner-7",
        "FACE_EXAMINER",
        "org-police-1",
        "password+totp",
        AuditAction.SEARCH,
        "FAMILY_REUNIFICATION",
        Optional.of("STATUTORY_DUTY"),
        Optional.of("case-42"),
        Optional.empty(),
        Optional.ofNullable(subject),
        personal ? List.of(subject) : List.of(),
        Optional.of("6-12"),
        Optional.of("hmac-3f2a"),
        Optional.of("adaface-ir101-v1"),
        Optional.of("PROBABLE"),
        personal ? List.of("face:" + subject + "-cand=PROBABLE") : List.of(),
        Optional.of("BLURRED"),
        personal ? List.of("examiner-2=POTENTIAL_CANDIDATE") : List.of(),
        true,
        List.of("search-open-case", "minor-blur"),
        "policies-7",
        false,
        personal ? Optional.of("why " + subject) : Optional.empty(),
        Optional.of("ok"));
  }

  void appendMany(int n) {
    for (int i = 0; i < n; i++) {
      log.append(entry(i % 2 == 0 ? "subj-" + i : null));
    }
  }

  @Test
  void appendsFormALinearChainThatVerifies() {
    assertThat(log.verify().intact()).isTrue();
    assertThat(log.append(entry("subj-a"))).isEqualTo(1);
    assertThat(log.append(entry(null))).isEqualTo(2);
    long third = db.inTransaction(tx -> log.append(tx, entry("subj-b")));
    assertThat(third).isEqualTo(3);
    log.checkpoint();
    log.checkpoint(); // nothing new: no second checkpoint

    ChainReport report = log.verify();
    assertThat(report)
        .isEqualTo(new ChainReport(true, 3, 1, 1, 3, Optional.empty(), Optional.empty()));
    List<AuditView> views = log.read(1, 10);
    assertThat(views).extracting(AuditView::seq).containsExactly(1L, 2L, 3L);
    assertThat(views.get(0).personal().disclosure()).isEqualTo(Disclosure.WITHHELD);
    assertThat(views.get(1).personal().disclosure()).isEqualTo(Disclosure.NONE);
    assertThat(views.get(0).policyIds()).containsExactly("search-open-case", "minor-blur");
    assertThat(views.get(0).caseId()).contains("case-42");
  }

  @Test
  void personalFieldsAreStoredSealed() {
    log.append(entry("subj-secret"));
    String stored =
        db.inTransaction(
            tx -> {
              var out = new StringBuilder();
              for (String table : List.of("audit_records", "audit_checkpoints")) {
                try (Statement s = tx.createStatement();
                    ResultSet rs = s.executeQuery("select * from " + table)) {
                  while (rs.next()) {
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                      Object value = rs.getObject(i);
                      out.append(value instanceof byte[] b ? new String(b) : String.valueOf(value))
                          .append('|');
                    }
                  }
                }
              }
              return out.toString();
            });
    assertThat(stored).doesNotContain("subj-secret").doesNotContain("POTENTIAL_CANDIDATE");
    assertThat(log.readRevealingPersonalFields(1, 1).get(0).personal())
        .isEqualTo(
            new PersonalFields(
                Disclosure.REVEALED,
                List.of("subj-secret"),
                List.of("face:subj-secret-cand=PROBABLE"),
                List.of("examiner-2=POTENTIAL_CANDIDATE"),
                Optional.of("why subj-secret")));
  }

  @Test
  void anAlteredColumnIsReportedAtItsRecord() throws SQLException {
    appendMany(5);
    tamper("update audit_records set actor_id = ? where seq = ?", "someone-else", 3L);

    ChainReport report = log.verify();
    assertThat(report.intact()).isFalse();
    assertThat(report.records()).isEqualTo(5);
    assertThat(report.firstBrokenSequence()).contains(3L);
    assertThat(report.problem()).hasValueSatisfying(p -> assertThat(p).contains("hash"));
  }

  @Test
  void alteredSealedBytesAreReportedAtTheirRecord() throws SQLException {
    appendMany(4);
    byte[] sealed =
        db.inTransaction(
            tx -> {
              try (Statement s = tx.createStatement();
                  ResultSet rs =
                      s.executeQuery("select personal_sealed from audit_records where seq = 3")) {
                rs.next();
                return rs.getBytes(1);
              }
            });
    sealed[sealed.length - 1] ^= 1;
    tamper("update audit_records set personal_sealed = ? where seq = 3", sealed);

    assertThat(log.verify().firstBrokenSequence()).contains(3L);
    assertThat(log.readRevealingPersonalFields(3, 1).get(0).personal().disclosure())
        .isEqualTo(Disclosure.UNREADABLE);
  }

  @Test
  void aDeletedRecordIsAMissingLink() throws SQLException {
    appendMany(5);
    tamper("delete from audit_records where seq = 3");

    ChainReport report = log.verify();
    assertThat(report.intact()).isFalse();
    assertThat(report.firstBrokenSequence()).contains(3L);
    assertThat(report.problem()).hasValueSatisfying(p -> assertThat(p).contains("missing"));
  }

  @Test
  void aDeletedTailIsCaughtByTheHead() throws SQLException {
    appendMany(5);
    tamper("delete from audit_records where seq >= 4");

    assertThat(log.verify().firstBrokenSequence()).contains(4L);
  }

  @Test
  void aRewrittenChainIsCaughtByTheSignedCheckpoint() throws SQLException {
    appendMany(3);
    log.checkpoint();
    appendMany(2);
    // A thorough forger edits record 2 and re-hashes everything after it, head included, with the
    // only hash they can compute: plain SHA-256 of the unkeyed format.
    tamper("update audit_records set detail = ? where seq = 2", "forged");
    rehashFrom(1, CanonicalForm.FORMAT_SHA256);

    ChainReport report = log.verify();
    assertThat(report.intact()).isFalse();
    assertThat(report.firstBrokenSequence()).contains(3L);
    assertThat(report.problem()).hasValueSatisfying(p -> assertThat(p).contains("checkpoint"));
  }

  @Test
  void theOwnerCannotCutTheTailAfterTheLastCheckpointAndFixTheHead() throws SQLException {
    // The finding: delete the records after a checkpoint and the later checkpoints, fix
    // audit_head; the database alone then looks intact.
    appendMany(5);
    log.checkpoint();
    appendMany(3);
    log.checkpoint();
    String hash5 = recordHash(5);
    tamper("delete from audit_records where seq > 5");
    tamper("delete from audit_checkpoints where seq > 5");
    tamper("update audit_head set last_seq = 5, last_hash = ? where id = 1", hash5);

    ChainReport report = log.verify();
    assertThat(report.intact()).isFalse();
    assertThat(report.records()).isEqualTo(5);
    assertThat(report.firstBrokenSequence()).contains(6L);
    assertThat(report.problem())
        .hasValueSatisfying(p -> assertThat(p).contains("truncated").contains("record 8"));
  }

  @Test
  void theOwnerCannotRehashKeyedRecordsWithPlainSha256() throws SQLException {
    appendMany(4);
    log.checkpoint();
    appendMany(3);
    // Records after the last checkpoint are protected by the key alone.
    tamper("update audit_records set detail = ? where seq = 6", "forged");
    rehashFrom(6, CanonicalForm.FORMAT_KEYED);

    ChainReport report = log.verify();
    assertThat(report.firstBrokenSequence()).contains(6L);
    assertThat(report.problem()).hasValueSatisfying(p -> assertThat(p).contains("altered"));

    rehashFrom(6, CanonicalForm.FORMAT_SHA256);
    report = log.verify();
    assertThat(report.firstBrokenSequence()).contains(6L);
    assertThat(report.problem()).hasValueSatisfying(p -> assertThat(p).contains("unkeyed"));
  }

  @Test
  void theGatewayNeverSignsOverATailTheOwnerChanged() throws SQLException {
    appendMany(3);
    log.checkpoint();
    appendMany(2);
    tamper("update audit_records set detail = ? where seq = 5", "forged");
    rehashFrom(5, CanonicalForm.FORMAT_KEYED);
    assertThatThrownBy(() -> log.checkpoint()).isInstanceOf(AuditUnavailableException.class);
    assertThat(lastOutside()).isEqualTo(3);
    assertThat(log.verify().firstBrokenSequence()).contains(5L);
  }

  @Test
  void aVerifierWithAnotherChainKeyFindsTheFirstRecordBroken() {
    appendMany(3);
    log.checkpoint();
    var wrong = new ChainVerifier(keys.trusted(), ChainKey.of(new byte[32]), outside, 1000);
    ChainReport report = verifyWith(wrong);
    assertThat(report.intact()).isFalse();
    assertThat(report.firstBrokenSequence()).contains(1L);
    assertThat(report.problem()).hasValueSatisfying(p -> assertThat(p).contains("altered"));
  }

  @Test
  void aHeadLeftUncoveredTooLongIsReported() {
    log = logEvery(0, 3);
    appendMany(3);
    assertThat(log.verify().intact()).isTrue();
    appendMany(1);
    ChainReport report = log.verify();
    assertThat(report.intact()).isFalse();
    assertThat(report.firstBrokenSequence()).contains(4L);
    assertThat(report.problem()).hasValueSatisfying(p -> assertThat(p).contains("not covered"));
    log.checkpoint();
    assertThat(log.verify().intact()).isTrue();
  }

  @Test
  void checkpointsReachTheFileOutsideInTheBackgroundAndAtClose() throws Exception {
    log = logEvery(3, 6);
    log.open();
    appendMany(10);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    // Once the appends are done, fewer than checkpointEvery records follow the last one outside.
    while (lastOutside() < 8 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(lastOutside()).isGreaterThanOrEqualTo(8);
    assertThat(log.verify().intact()).isTrue();
    log.close();
    assertThat(lastOutside()).isEqualTo(10);
    ChainReport report = log.verify();
    assertThat(report.intact()).isTrue();
    assertThat(report.lastExternalCheckpoint()).isEqualTo(10);
  }

  @Test
  void recordsBeforeTheKeyedChainAreSealedByTheFirstCheckpointOutside() throws SQLException {
    // An upgraded database: three records of the unkeyed format, written before migration V5.
    for (int i = 0; i < 3; i++) {
      long seq = log.append(entry(null));
      assertThat(seq).isEqualTo(i + 1);
    }
    rehashFrom(1, CanonicalForm.FORMAT_SHA256);
    assertThat(outside.readAll()).isEmpty();

    log = logEvery(0, 2);
    log.open(); // signs the head outside: the unkeyed records end here
    assertThat(outside.readAll()).extracting(SignedCheckpoint::seq).containsExactly(3L);
    appendMany(2);
    assertThat(log.verify().intact()).isTrue();
    assertThat(log.read(1, 10)).hasSize(5);

    // The owner cannot slip a later record back into the unkeyed format.
    tamper("update audit_records set detail = ? where seq = 5", "forged");
    rehashFrom(5, CanonicalForm.FORMAT_SHA256);
    ChainReport report = log.verify();
    assertThat(report.firstBrokenSequence()).contains(5L);
    assertThat(report.problem()).hasValueSatisfying(p -> assertThat(p).contains("unkeyed"));
  }

  @Test
  void unkeyedRecordsWithoutAnyCheckpointOutsideDoNotVerify() throws SQLException {
    appendMany(2);
    rehashFrom(1, CanonicalForm.FORMAT_SHA256);
    ChainReport report = log.verify();
    assertThat(report.firstBrokenSequence()).contains(1L);
    assertThat(report.problem()).hasValueSatisfying(p -> assertThat(p).contains("unkeyed"));
  }

  @Test
  void startingWithoutTheCheckpointFileIsRefusedOnceKeyedRecordsExist() {
    log = logEvery(0, 3);
    appendMany(4);
    assertThatThrownBy(() -> log.open())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("restore the file");
    log.checkpoint();
    log.open();
  }

  @Test
  void aDamagedCheckpointFileIsReportedNotIgnored() throws Exception {
    appendMany(2);
    log.checkpoint();
    Path file = Path.of(outside.location());
    Files.writeString(file, "not json\n" + Files.readString(file));
    ChainReport report = log.verify();
    assertThat(report.intact()).isFalse();
    assertThat(report.problem()).hasValueSatisfying(p -> assertThat(p).contains("line 1"));
  }

  long lastOutside() {
    List<SignedCheckpoint> all = outside.readAll();
    return all.isEmpty() ? 0 : all.get(all.size() - 1).seq();
  }

  ChainReport verifyWith(ChainVerifier verifier) {
    try (Connection c = db.dataSource().getConnection()) {
      return verifier.verify(c);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  String recordHash(long seq) {
    return db.inTransaction(
        tx -> {
          try (PreparedStatement ps =
              tx.prepareStatement("select record_hash from audit_records where seq = ?")) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getString(1);
            }
          }
        });
  }

  /**
   * What the database owner can do: recompute every hash from record {@code fromSeq} on (links and
   * head included) in {@code format}; the keyed format with the only key they hold, none.
   */
  void rehashFrom(long fromSeq, int format) throws SQLException {
    List<StoredRecord> rows =
        db.inTransaction(
            tx -> {
              List<StoredRecord> out = new ArrayList<>();
              try (Statement s = tx.createStatement();
                  ResultSet rs =
                      s.executeQuery(
                          "select " + StoredRecord.COLUMNS + " from audit_records order by seq")) {
                while (rs.next()) {
                  out.add(JdbcAuditLog.readRecord(rs));
                }
              }
              return out;
            });
    String prev = CanonicalForm.GENESIS;
    ChainKey ownersGuess = ChainKey.of(new byte[32]);
    for (StoredRecord r : rows) {
      if (r.seq() < fromSeq) {
        prev = r.hash();
        continue;
      }
      StoredRecord relinked =
          new StoredRecord(
              r.seq(),
              prev,
              null,
              format,
              r.occurredAt(),
              r.actorId(),
              r.role(),
              r.organisation(),
              r.authMethod(),
              r.action(),
              r.purpose(),
              r.legalBasis(),
              r.caseId(),
              r.consentId(),
              r.ageBand(),
              r.probeHmac(),
              r.modelVersion(),
              r.threshold(),
              r.displayed(),
              r.allowed(),
              r.policyIds(),
              r.policyVersion(),
              r.override(),
              r.detail(),
              r.keyRef(),
              r.personalSealed());
      String hash = CanonicalForm.hash(relinked, ownersGuess);
      tamper(
          "update audit_records set prev_hash = ?, record_hash = ?, format = ? where seq = ?",
          prev,
          hash,
          format,
          r.seq());
      prev = hash;
    }
    tamper("update audit_head set last_hash = ? where id = 1", prev);
  }

  @Test
  void aForgedCheckpointSignatureIsDetected() throws SQLException {
    appendMany(3);
    log.checkpoint();
    appendMany(2);
    log.checkpoint();
    assertThat(log.verify().checkpoints()).isEqualTo(2);
    byte[] signature =
        db.inTransaction(
            tx -> {
              try (Statement s = tx.createStatement();
                  ResultSet rs =
                      s.executeQuery("select signature from audit_checkpoints where seq = 3")) {
                rs.next();
                return rs.getBytes(1);
              }
            });
    signature[0] ^= 1;
    tamper("update audit_checkpoints set signature = ? where seq = 3", signature);

    ChainReport report = log.verify();
    assertThat(report.firstBrokenSequence()).contains(3L);
    assertThat(report.problem()).hasValueSatisfying(p -> assertThat(p).contains("signature"));
  }

  @Test
  void aMovedCheckpointIsDetected() throws SQLException {
    appendMany(5);
    log.checkpoint();
    tamper("update audit_checkpoints set seq = 4 where seq = 5");

    ChainReport report = log.verify();
    assertThat(report.firstBrokenSequence()).contains(4L);
    assertThat(report.problem()).hasValueSatisfying(p -> assertThat(p).contains("signature"));
  }

  @Test
  void aCheckpointSignedByAnotherKeyIsDetected() throws Exception {
    appendMany(3);
    log.checkpoint();
    KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    String keyId = CheckpointKeys.keyId(other.getPublic());
    String headHash =
        db.inTransaction(
            tx -> {
              try (Statement s = tx.createStatement();
                  ResultSet rs =
                      s.executeQuery("select record_hash from audit_records where seq = 2")) {
                rs.next();
                return rs.getString(1);
              }
            });
    Instant at = CanonicalForm.storable(Instant.now());
    Signature signer = Signature.getInstance("Ed25519");
    signer.initSign(other.getPrivate());
    signer.update(CanonicalForm.checkpoint(2, headHash, at, keyId));
    tamper(
        "insert into audit_checkpoints (seq, head_hash, signed_at, key_id, signature)"
            + " values (?, ?, ?, ?, ?)",
        2L,
        headHash,
        OffsetDateTime.ofInstant(at, ZoneOffset.UTC),
        keyId,
        signer.sign());

    ChainReport report = log.verify();
    assertThat(report.firstBrokenSequence()).contains(2L);
    assertThat(report.problem()).hasValueSatisfying(p -> assertThat(p).contains("unknown key"));
  }

  @Test
  void checkpointsAreSignedEveryNRecords() {
    log = logEvery(3);
    appendMany(7);
    ChainReport report = log.verify();
    assertThat(report.intact()).isTrue();
    assertThat(report.checkpoints()).isEqualTo(2);
  }

  @Test
  void erasingASubjectKeyKeepsTheChainButNotTheirFields() {
    log.append(entry("subj-a"));
    log.append(entry("subj-b"));
    log.checkpoint();
    assertThat(log.readRevealingPersonalFields(1, 1).get(0).personal().subjectIds())
        .containsExactly("subj-a");

    log.eraseSubjectKey("subj-a");
    log.append(entry("subj-a")); // a later record gets a new key

    assertThat(log.verify().intact()).isTrue();
    List<AuditView> views = log.readRevealingPersonalFields(1, 10);
    assertThat(views.get(0).personal())
        .isEqualTo(
            new PersonalFields(
                Disclosure.ERASED,
                List.of("[erased]"),
                List.of("[erased]"),
                List.of("[erased]"),
                Optional.of("[erased]")));
    assertThat(views.get(0).actorId()).isEqualTo("examiner-7");
    assertThat(views.get(1).personal().subjectIds()).containsExactly("subj-b");
    assertThat(views.get(2).personal().disclosure()).isEqualTo(Disclosure.REVEALED);
    assertThat(views.get(2).personal().subjectIds()).containsExactly("subj-a");
  }

  @Test
  void concurrentAppendsFormOneChainWithoutGaps() throws Exception {
    int threads = 4;
    int each = 15;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<Long>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  List<Long> seqs = new ArrayList<>();
                  for (int i = 0; i < each; i++) {
                    String subject = "subj-" + (i % 3);
                    if (i % 2 == 0) {
                      seqs.add(log.append(entry(subject)));
                    } else {
                      seqs.add(
                          db.inTransaction(
                              tx -> {
                                run(tx, "select count(*) from cases");
                                return log.append(tx, entry(thread + subject));
                              }));
                    }
                  }
                  return seqs;
                }));
      }
      List<Long> all = new ArrayList<>();
      for (Future<List<Long>> f : futures) {
        all.addAll(f.get(120, TimeUnit.SECONDS));
      }
      assertThat(all).doesNotHaveDuplicates().hasSize(threads * each);
      assertThat(all).allMatch(s -> s >= 1 && s <= threads * each);
    } finally {
      pool.shutdownNow();
    }
    ChainReport report = log.verify();
    assertThat(report.intact()).isTrue();
    assertThat(report.records()).isEqualTo(threads * each);
  }

  @Test
  void aRolledBackAppendLeavesNoRecordAndNoGap() {
    log.append(entry("subj-a"));
    assertThatThrownBy(
            () ->
                db.inTransaction(
                    tx -> {
                      log.append(tx, entry("subj-rolled-back"));
                      throw new SQLException("the request failed after auditing");
                    }))
        .isInstanceOf(DatabaseException.class)
        .hasRootCauseMessage("the request failed after auditing");

    assertThat(log.read(1, 10)).hasSize(1);
    assertThat(log.append(entry(null))).isEqualTo(2);
    assertThat(log.verify().intact()).isTrue();
    int keys =
        db.inTransaction(
            tx -> {
              try (Statement s = tx.createStatement();
                  ResultSet rs = s.executeQuery("select count(*) from audit_subject_keys")) {
                rs.next();
                return rs.getInt(1);
              }
            });
    assertThat(keys).isEqualTo(1);
  }

  @Test
  void aClosedConnectionFailsTheAppendWithoutPersonalData() throws SQLException {
    Connection c = db.dataSource().getConnection();
    c.setAutoCommit(false);
    c.close();

    assertThatThrownBy(() -> log.append(c, entry("subj-private")))
        .isInstanceOf(AuditUnavailableException.class)
        .satisfies(e -> assertNoneOfTheChainMentions(e, "subj-private", "POTENTIAL_CANDIDATE"));
  }

  @Test
  void aRefusedWriteFailsTheAppendWithoutQuotingValues() {
    log.append(entry("subj-a"));
    String tooLong = "actor-secret-" + "x".repeat(300);
    AuditEntry bad = entry("subj-private");
    AuditEntry tooLongEntry =
        new AuditEntry(
            bad.at(),
            tooLong,
            bad.role(),
            bad.organisation(),
            bad.authMethod(),
            bad.action(),
            bad.purpose(),
            bad.legalBasis(),
            bad.caseId(),
            bad.consentId(),
            bad.keySubject(),
            bad.subjectIds(),
            bad.ageBand(),
            bad.probeHmac(),
            bad.modelVersion(),
            bad.threshold(),
            bad.candidates(),
            bad.displayed(),
            bad.verdicts(),
            bad.allowed(),
            bad.policyIds(),
            bad.policyVersion(),
            bad.override(),
            bad.justification(),
            bad.detail());

    assertThatThrownBy(() -> log.append(tooLongEntry))
        .isInstanceOf(AuditUnavailableException.class)
        .satisfies(e -> assertNoneOfTheChainMentions(e, "actor-secret", "subj-private"));
    assertThat(log.verify())
        .isEqualTo(new ChainReport(true, 1, 0, 0, 0, Optional.empty(), Optional.empty()));
  }

  @Test
  void misuseIsRefusedBeforeAnythingIsWritten() throws SQLException {
    AuditEntry e = entry("subj-a");
    AuditEntry personalWithoutKey =
        new AuditEntry(
            e.at(),
            e.actorId(),
            e.role(),
            e.organisation(),
            e.authMethod(),
            e.action(),
            e.purpose(),
            e.legalBasis(),
            e.caseId(),
            e.consentId(),
            Optional.empty(),
            e.subjectIds(),
            e.ageBand(),
            e.probeHmac(),
            e.modelVersion(),
            e.threshold(),
            e.candidates(),
            e.displayed(),
            e.verdicts(),
            e.allowed(),
            e.policyIds(),
            e.policyVersion(),
            e.override(),
            e.justification(),
            e.detail());
    assertThatThrownBy(() -> log.append(personalWithoutKey))
        .isInstanceOf(IllegalArgumentException.class);
    try (Connection autoCommit = db.dataSource().getConnection()) {
      autoCommit.setAutoCommit(true);
      assertThatThrownBy(() -> log.append(autoCommit, e)).isInstanceOf(IllegalStateException.class);
    }
    assertThat(log.verify().records()).isZero();
  }

  static void assertNoneOfTheChainMentions(Throwable e, String... secrets) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      for (String secret : secrets) {
        assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
        assertThat(t.toString()).doesNotContain(secret);
      }
    }
  }

  // ---- Audit retention (PRIVACY.md "Audit record": kept 3 years)
  // ---------------------------------

  /** The entry as if it had happened at {@code at} (the log stores the time it is given). */
  static AuditEntry at(AuditEntry e, Instant at) {
    return new AuditEntry(
        at,
        e.actorId(),
        e.role(),
        e.organisation(),
        e.authMethod(),
        e.action(),
        e.purpose(),
        e.legalBasis(),
        e.caseId(),
        e.consentId(),
        e.keySubject(),
        e.subjectIds(),
        e.ageBand(),
        e.probeHmac(),
        e.modelVersion(),
        e.threshold(),
        e.candidates(),
        e.displayed(),
        e.verdicts(),
        e.allowed(),
        e.policyIds(),
        e.policyVersion(),
        e.override(),
        e.justification(),
        e.detail());
  }

  /** Five records four years old (1-5, signed outside), then three of today (6-8, signed). */
  AuditAnchor removedUnderAnAnchor() {
    Instant fourYearsAgo = Instant.now().minus(Duration.ofDays(4 * 366));
    for (int i = 0; i < 5; i++) {
      log.append(at(entry(i % 2 == 0 ? "old-" + i : null), fourYearsAgo.plusSeconds(i)));
    }
    log.checkpoint();
    appendMany(3);
    log.checkpoint();
    Optional<AuditAnchor> anchor = log.removeBefore(Instant.now().minus(Duration.ofDays(1096)));
    assertThat(anchor).isPresent();
    return anchor.get();
  }

  long storedRecords() {
    return db.inTransaction(
        tx -> {
          try (Statement s = tx.createStatement();
              ResultSet rs = s.executeQuery("select count(*) from audit_records")) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  @Test
  void recordsOlderThanThreeYearsAreRemovedUnderASignedAnchorAndTheChainVerifiesFromIt() {
    AuditAnchor anchor = removedUnderAnAnchor();
    assertThat(anchor.seq()).isEqualTo(5);
    assertThat(anchor.removedRecords()).isEqualTo(5);
    assertThat(storedRecords()).isEqualTo(3);
    ChainReport report = log.verify();
    assertThat(report.intact()).as(report.problem().orElse("")).isTrue();
    assertThat(report.records()).isEqualTo(3);
    assertThat(report.anchor()).map(AuditAnchor::seq).contains(5L);
    // Nothing else is old enough; the chain goes on from the anchor and is signed again.
    assertThat(log.removeBefore(Instant.now().minus(Duration.ofDays(1096)))).isEmpty();
    appendMany(2);
    log.checkpoint();
    assertThat(log.verify().intact()).isTrue();
    // A fresh log over the same database (a restart) finds the chain intact too.
    assertThat(logEvery(0).verify().intact()).isTrue();
  }

  @Test
  void theDatabaseRefusesToRemoveRecordsYoungerThanThreeYearsWhateverTheGatewaysClockSays() {
    appendMany(4);
    log.checkpoint();
    appendMany(2);
    log.checkpoint();
    // A gateway whose clock runs four years ahead asks to remove everything up to now.
    assertThatThrownBy(() -> log.removeBefore(Instant.now().plusSeconds(60)))
        .isInstanceOf(AuditUnavailableException.class);
    assertThat(storedRecords()).isEqualTo(6);
    ChainReport report = log.verify();
    assertThat(report.intact()).isTrue();
    assertThat(report.anchor()).isEmpty();
  }

  @Test
  void tamperingJustAfterTheAnchorIsDetected() throws SQLException {
    removedUnderAnAnchor();
    tamper("update audit_records set actor_id = 'someone-else' where seq = 6");
    ChainReport report = log.verify();
    assertThat(report.intact()).isFalse();
    assertThat(report.firstBrokenSequence()).contains(6L);
    assertThat(report.problem()).hasValueSatisfying(p -> assertThat(p).contains("altered"));
    // And nothing more is removed from a broken chain.
    assertThatThrownBy(() -> log.removeBefore(Instant.now().minus(Duration.ofDays(1096))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not verify");
  }

  @Test
  void removingTheFirstRecordKeptIsDetected() throws SQLException {
    removedUnderAnAnchor();
    tamper("delete from audit_records where seq = 6");
    ChainReport report = log.verify();
    assertThat(report.intact()).isFalse();
    assertThat(report.firstBrokenSequence()).contains(6L);
  }

  @Test
  void anAnchorNotSignedWithTheCheckpointKeyIsDetected() throws SQLException {
    removedUnderAnAnchor();
    // Whoever holds the database cuts two more records and writes an anchor of their own.
    String hash =
        db.inTransaction(
            tx -> {
              try (Statement s = tx.createStatement();
                  ResultSet rs =
                      s.executeQuery("select record_hash from audit_records where seq = 7")) {
                rs.next();
                return rs.getString(1);
              }
            });
    tamper("delete from audit_records where seq <= 7");
    db.inTransaction(
        tx -> {
          run(
              tx,
              "insert into audit_anchors (seq, head_hash, removed_before, removed_records,"
                  + " signed_at, key_id, signature) values (7, ?, ?, 2, ?, ?, ?)",
              hash,
              OffsetDateTime.now(ZoneOffset.UTC),
              OffsetDateTime.now(ZoneOffset.UTC),
              keys.signer().keyId(),
              new byte[64]);
          return null;
        });
    ChainReport report = log.verify();
    assertThat(report.intact()).isFalse();
    assertThat(report.firstBrokenSequence()).contains(8L);
    assertThat(report.problem())
        .hasValueSatisfying(p -> assertThat(p).contains("anchor at record 7 does not verify"));
  }

  @Test
  void removingRecordsWithoutAnAnchorIsRefusedByTheDatabase() {
    appendMany(3);
    assertThatThrownBy(
            () ->
                db.inTransaction(
                    tx -> {
                      run(tx, "select audit_remove_anchored(2)");
                      return null;
                    }))
        .isInstanceOf(DatabaseException.class);
    assertThat(storedRecords()).isEqualTo(3);
  }

  static void run(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.execute();
    }
  }
}
