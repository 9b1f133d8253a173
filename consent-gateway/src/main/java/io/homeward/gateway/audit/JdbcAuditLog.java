package io.homeward.gateway.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.crypto.tink.Aead;
import io.homeward.gateway.audit.AuditView.Disclosure;
import io.homeward.gateway.audit.AuditView.PersonalFields;
import io.homeward.gateway.db.Database;
import io.homeward.gateway.db.DatabaseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The audit log in the gateway's database (tables of {@code V2__audit.sql}). Appends lock the
 * single {@code audit_head} row, so records form one linear chain with no gaps across threads and
 * nodes; the lock is held until the caller's transaction ends, so keep audited transactions short
 * and at READ COMMITTED. Each record's hash is an HMAC under the {@link ChainKey}, which never
 * enters the database. Personal fields are sealed with the subject's key (AES-256-GCM, associated
 * data = sequence number and key reference).
 *
 * <p>Checkpoints: one is signed into the database inside the append of every {@code
 * checkpointEvery}-th record; once {@code checkpointEvery} records have followed the last
 * checkpoint outside the database, a background thread signs one over the committed head and
 * appends it to the {@link CheckpointStore} as well (after the commit, so it never names a record
 * that was rolled back). {@link #checkpoint()} does the same on demand (schedule, shutdown). The
 * verifier allows at most {@code allowedTail} records after the latest checkpoint outside.
 *
 * <p>The application only ever inserts into the audit tables; PostgreSQL (as the application's
 * role) and H2 refuse updates and deletes by trigger as well. Thread-safe.
 */
public final class JdbcAuditLog implements AuditLog, AuditReader, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(JdbcAuditLog.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  /** {@link StoredRecord#COLUMNS}, each prefixed with the alias {@link AuditQuery#ALIAS}. */
  private static final String ALIASED_COLUMNS =
      StoredRecord.COLUMNS.replaceAll("(^|, ?)(\\w)", "$1" + AuditQuery.ALIAS + ".$2");

  private final Database database;
  private final SubjectKeys subjectKeys;
  private final CheckpointSigner signer;
  private final ChainKey chainKey;
  private final CheckpointStore external;
  private final ChainVerifier verifier;
  private final int checkpointEvery;
  private final long allowedTail;
  private final Clock clock;

  /** The sequence number of the latest checkpoint outside the database (-1: not read yet). */
  private final AtomicLong lastOutside = new AtomicLong(-1);

  private final AtomicBoolean checkpointPending = new AtomicBoolean();
  private final ExecutorService checkpointer =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "audit-checkpoint");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param keys the master AEAD, the checkpoint signer and trusted public keys, the chain key
   * @param external where checkpoints are kept outside the database
   * @param checkpointEvery sign a checkpoint every this many records (0: only on {@link
   *     #checkpoint()})
   * @param allowedTail how many records may follow the latest checkpoint outside the database
   *     before verification fails (at least {@code checkpointEvery}; the gateway uses twice that,
   *     so appends racing a background checkpoint never trip it)
   */
  public JdbcAuditLog(
      Database database,
      AuditKeys keys,
      CheckpointStore external,
      int checkpointEvery,
      long allowedTail,
      Clock clock) {
    if (checkpointEvery < 0) {
      throw new IllegalArgumentException("checkpointEvery must be 0 or more");
    }
    if (allowedTail < checkpointEvery) {
      throw new IllegalArgumentException("allowedTail must be at least checkpointEvery");
    }
    if (keys.trusted().find(keys.signer().keyId()).isEmpty()) {
      throw new IllegalArgumentException("the trusted keys must include the signing key");
    }
    this.database = Objects.requireNonNull(database, "database");
    this.subjectKeys = new SubjectKeys(keys.master(), clock);
    this.signer = keys.signer();
    this.chainKey = Objects.requireNonNull(keys.chainKey(), "chainKey");
    this.external = Objects.requireNonNull(external, "external");
    this.verifier = new ChainVerifier(keys.trusted(), chainKey, external, allowedTail);
    this.checkpointEvery = checkpointEvery;
    this.allowedTail = allowedTail;
    this.clock = clock;
  }

  /** Personal fields as sealed; field names are part of the stored format. */
  record Sealed(
      List<String> subjectIds,
      List<String> candidates,
      List<String> verdicts,
      String justification) {}

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when the entry has personal fields but no {@code keySubject}
   * @throws IllegalStateException when {@code tx} is in auto-commit mode
   */
  @Override
  public long append(Connection tx, AuditEntry entry) {
    Objects.requireNonNull(entry, "entry");
    boolean personal =
        !entry.subjectIds().isEmpty()
            || !entry.candidates().isEmpty()
            || !entry.verdicts().isEmpty()
            || entry.justification().isPresent();
    if (personal && entry.keySubject().isEmpty()) {
      throw new IllegalArgumentException(
          "an audit entry with personal fields needs a keySubject to seal them");
    }
    boolean autoCommit;
    try {
      autoCommit = tx.getAutoCommit();
    } catch (SQLException | RuntimeException e) {
      throw AuditFailures.unavailable("the audit record could not be written", e);
    }
    if (autoCommit) {
      throw new IllegalStateException("audit appends need a transaction (auto-commit off)");
    }
    try {
      Head head = lockHead(tx);
      long seq = head.seq() + 1;
      String keyRef = null;
      byte[] sealed = null;
      if (entry.keySubject().isPresent()) {
        SubjectKeys.SubjectKey key = subjectKeys.getOrCreate(tx, entry.keySubject().get());
        keyRef = key.ref();
        byte[] plain =
            JSON.writeValueAsBytes(
                new Sealed(
                    entry.subjectIds(),
                    entry.candidates(),
                    entry.verdicts(),
                    entry.justification().orElse(null)));
        sealed = key.aead().encrypt(plain, recordAssociatedData(seq, keyRef));
      }
      StoredRecord record = toStored(seq, head.hash(), entry, keyRef, sealed);
      record = record.withHash(CanonicalForm.hash(record, chainKey));
      insert(tx, record);
      moveHead(tx, seq, record.hash());
      if (checkpointEvery > 0 && seq % checkpointEvery == 0) {
        insertCheckpoint(tx, seq, record.hash());
      }
      long outside = lastOutside.get();
      if (checkpointEvery > 0 && outside >= 0 && seq - outside >= checkpointEvery) {
        requestCheckpoint();
      }
      return seq;
    } catch (SQLException | GeneralSecurityException | IOException | RuntimeException e) {
      throw AuditFailures.unavailable("the audit record could not be written", e);
    }
  }

  @Override
  public long append(AuditEntry entry) {
    try {
      return database.inTransaction(tx -> append(tx, entry));
    } catch (DatabaseException e) {
      throw AuditFailures.unavailable("the audit record could not be written", e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws AuditUnavailableException when the audit tables cannot be read
   */
  @Override
  public ChainReport verify() {
    try (Connection c = database.dataSource().getConnection()) {
      return verifier.verify(c);
    } catch (SQLException | RuntimeException e) {
      throw AuditFailures.unavailable("the audit log could not be read", e);
    }
  }

  /**
   * {@inheritDoc} Signs the committed head into the database (unless it already is) and appends
   * that checkpoint outside the database (unless it already is there). Does nothing on an empty
   * log.
   *
   * @throws AuditUnavailableException when the checkpoint cannot be signed or stored
   */
  @Override
  public synchronized void checkpoint() {
    SignedCheckpoint cp;
    try {
      cp =
          database.inTransaction(
              tx -> {
                Head head = lockHead(tx);
                if (head.seq() == 0) {
                  return null;
                }
                Optional<SignedCheckpoint> stored = findCheckpoint(tx, head.seq());
                return stored.isPresent()
                    ? stored.get()
                    : insertCheckpoint(tx, head.seq(), head.hash());
              });
    } catch (RuntimeException e) {
      throw AuditFailures.unavailable("the audit checkpoint could not be signed", e);
    }
    if (cp == null) {
      return;
    }
    try {
      long outside = latestOutside();
      if (cp.seq() > outside) {
        if (outside > 0) {
          requireIntactSince(outside, cp);
        }
        external.append(cp);
        lastOutside.set(cp.seq());
      } else if (cp.seq() < outside) {
        // Only a truncated database is behind its own checkpoints; the verifier reports it.
        throw new IllegalStateException(
            "the database head is behind the latest checkpoint outside it (truncated?)");
      }
    } catch (RuntimeException e) {
      throw AuditFailures.unavailable(
          "the audit checkpoint could not be stored outside the database", e);
    }
  }

  /**
   * {@inheritDoc} Verifies the chain first (an anchor must never bless a rewritten start), then, in
   * one transaction holding the head: picks the last record such that it and every one before it
   * occurred before {@code cutoff} and that lies before the latest checkpoint outside the database
   * (the next checkpoint is checked against that one), signs the anchor, stores it and removes the
   * records through the database's narrow function ({@code audit_remove_anchored}).
   */
  @Override
  public synchronized Optional<AuditAnchor> removeBefore(Instant cutoff) {
    ChainReport report = verify();
    if (!report.intact()) {
      throw new IllegalStateException(
          "the audit chain does not verify (record "
              + report.firstBrokenSequence().orElse(0L)
              + "): nothing is removed until it does");
    }
    long outside = latestOutside();
    Instant bound = CanonicalForm.storable(cutoff);
    try {
      return database.inTransaction(
          tx -> {
            Head head = lockHead(tx);
            long from = 0;
            try (PreparedStatement ps =
                    tx.prepareStatement("select coalesce(max(seq), 0) from audit_anchors");
                ResultSet rs = ps.executeQuery()) {
              rs.next();
              from = rs.getLong(1);
            }
            long firstKept;
            try (PreparedStatement ps =
                tx.prepareStatement(
                    "select min(seq) from audit_records where seq > ? and occurred_at >= ?")) {
              ps.setLong(1, from);
              ps.setObject(2, utc(bound));
              try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long min = rs.getLong(1);
                firstKept = rs.wasNull() ? head.seq() + 1 : min;
              }
            }
            long through = Math.min(firstKept - 1, outside - 1);
            if (through <= from) {
              return Optional.<AuditAnchor>empty();
            }
            String hash;
            long count;
            try (PreparedStatement ps =
                tx.prepareStatement(
                    "select (select record_hash from audit_records where seq = ?),"
                        + " (select count(*) from audit_records where seq <= ?)")) {
              ps.setLong(1, through);
              ps.setLong(2, through);
              try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                hash = rs.getString(1);
                count = rs.getLong(2);
              }
            }
            Instant signedAt = CanonicalForm.storable(clock.instant());
            byte[] signature;
            try {
              signature =
                  signer.sign(
                      CanonicalForm.anchor(through, hash, bound, count, signedAt, signer.keyId()));
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("the retention anchor cannot be signed", e);
            }
            AuditAnchor anchor =
                new AuditAnchor(through, hash, bound, count, signedAt, signer.keyId(), signature);
            try (PreparedStatement ps =
                tx.prepareStatement(
                    "insert into audit_anchors (seq, head_hash, removed_before, removed_records,"
                        + " signed_at, key_id, signature) values (?, ?, ?, ?, ?, ?, ?)")) {
              ps.setLong(1, through);
              ps.setString(2, hash);
              ps.setObject(3, utc(bound));
              ps.setLong(4, count);
              ps.setObject(5, utc(signedAt));
              ps.setString(6, signer.keyId());
              ps.setBytes(7, signature);
              ps.executeUpdate();
            }
            try (PreparedStatement ps = tx.prepareStatement("select audit_remove_anchored(?)")) {
              ps.setLong(1, through);
              try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getLong(1) != count) {
                  throw new IllegalStateException("the retention removed an unexpected count");
                }
              }
            }
            return Optional.of(anchor);
          });
    } catch (RuntimeException e) {
      throw AuditFailures.unavailable("the audit records could not be removed", e);
    }
  }

  /**
   * Start-up: reads the checkpoints outside the database and, on a log that has none yet but holds
   * records written before the keyed chain (format 1, before migration V5), signs one over the head
   * at once: from there on only keyed records verify. Logs (without any field value) when the
   * database is shorter than its checkpoints outside.
   *
   * @throws IllegalStateException when there are no checkpoints outside the database but more keyed
   *     records than {@code allowedTail}: the checkpoint file was lost and must be restored
   *     (signing a fresh one would bless whatever the database now holds)
   */
  public void open() {
    List<SignedCheckpoint> outside = external.readAll();
    long headSeq;
    boolean keyed;
    try {
      headSeq = database.inTransaction(tx -> readHead(tx).seq());
      keyed = holdsKeyedRecords(database);
    } catch (RuntimeException e) {
      throw AuditFailures.unavailable("the audit log could not be read", e);
    }
    if (outside.isEmpty()) {
      lastOutside.set(0);
      if (headSeq > 0 && !keyed) {
        LOG.infof(
            "audit: records 1 to %d predate the keyed chain; signing the checkpoint that seals"
                + " them into %s",
            headSeq, external.location());
        checkpoint();
      } else if (headSeq > allowedTail) {
        throw new IllegalStateException(
            "the audit checkpoint file "
                + external.location()
                + " is missing or empty, but the database holds "
                + headSeq
                + " keyed audit records: restore the file from its backup");
      }
      return;
    }
    long latest = outside.get(outside.size() - 1).seq();
    lastOutside.set(latest);
    if (latest > headSeq) {
      LOG.errorf(
          "audit: the database ends at record %d but a checkpoint signed outside it covers record"
              + " %d: the audit log was truncated; run the audit verification",
          headSeq, latest);
    }
  }

  /** Signs a last checkpoint and stops the background checkpointer. */
  @Override
  public void close() {
    checkpointer.shutdown();
    try {
      checkpointer.awaitTermination(10, TimeUnit.SECONDS);
      checkpoint();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (AuditUnavailableException e) {
      LOG.warnf("audit checkpoint at shutdown not signed: %s", e.getMessage());
    }
  }

  /**
   * Refuses to sign over records that do not extend the last checkpoint outside the database by the
   * keyed chain: the gateway must never bless a tail the database owner rewrote.
   */
  private void requireIntactSince(long outsideSeq, SignedCheckpoint next) {
    List<SignedCheckpoint> all = external.readAll();
    SignedCheckpoint last = all.get(all.size() - 1);
    String problem =
        database.inTransaction(
            tx -> {
              try (PreparedStatement ps =
                  tx.prepareStatement(
                      "select "
                          + StoredRecord.COLUMNS
                          + " from audit_records where seq >= ? and seq <= ? order by seq")) {
                ps.setLong(1, outsideSeq);
                ps.setLong(2, next.seq());
                try (ResultSet rs = ps.executeQuery()) {
                  long expected = outsideSeq;
                  String prev = null;
                  while (rs.next()) {
                    StoredRecord r = readRecord(rs);
                    if (r.seq() != expected) {
                      return "record " + expected + " is missing";
                    }
                    if (prev == null) {
                      if (last.seq() != outsideSeq || !r.hash().equals(last.headHash())) {
                        return "record " + r.seq() + " differs from its checkpoint";
                      }
                    } else if (r.format() != CanonicalForm.FORMAT_KEYED
                        || !prev.equals(r.prevHash())
                        || !CanonicalForm.hash(r, chainKey).equals(r.hash())) {
                      return "record " + r.seq() + " does not verify";
                    }
                    prev = r.hash();
                    expected++;
                  }
                  if (expected != next.seq() + 1 || !next.headHash().equals(prev)) {
                    return "the head does not match record " + next.seq();
                  }
                  return null;
                }
              }
            });
    if (problem != null) {
      LOG.errorf(
          "audit: not signing a checkpoint outside the database over records %d to %d: %s;"
              + " run the audit verification",
          outsideSeq, next.seq(), problem);
      throw new IllegalStateException("the records since the last checkpoint do not verify");
    }
  }

  private long latestOutside() {
    long known = lastOutside.get();
    if (known >= 0) {
      return known;
    }
    List<SignedCheckpoint> all = external.readAll();
    long latest = all.isEmpty() ? 0 : all.get(all.size() - 1).seq();
    lastOutside.set(latest);
    return latest;
  }

  private void requestCheckpoint() {
    if (!checkpointPending.compareAndSet(false, true)) {
      return;
    }
    try {
      checkpointer.execute(
          () -> {
            checkpointPending.set(false);
            try {
              checkpoint();
            } catch (AuditUnavailableException e) {
              // The next append retries; the verifier reports a head left uncovered too long.
              LOG.warnf("audit checkpoint not signed: %s", e.getMessage());
            }
          });
    } catch (RejectedExecutionException e) {
      checkpointPending.set(false); // shutting down: close() signs the last one
    }
  }

  @Override
  public void eraseSubjectKey(String subjectId) {
    try {
      database.inTransaction(tx -> eraseSubjectKey(tx, subjectId));
    } catch (RuntimeException e) {
      throw AuditFailures.unavailable("the subject's audit key could not be erased", e);
    }
  }

  /**
   * Erases the subject's key in the caller's transaction (with the rest of an erasure).
   *
   * @return whether the subject had a key
   */
  public boolean eraseSubjectKey(Connection tx, String subjectId) {
    Objects.requireNonNull(subjectId, "subjectId");
    try {
      return SubjectKeys.erase(tx, subjectId);
    } catch (SQLException | RuntimeException e) {
      throw AuditFailures.unavailable("the subject's audit key could not be erased", e);
    }
  }

  @Override
  public List<AuditView> read(long fromSeq, int limit) {
    return read(fromSeq, limit, false);
  }

  @Override
  public List<AuditView> readRevealingPersonalFields(long fromSeq, int limit) {
    return read(fromSeq, limit, true);
  }

  @Override
  public List<AuditView> find(AuditQuery query) {
    AuditQuery.Filters f = query.filters();
    StringBuilder sql =
        new StringBuilder("select ")
            .append(ALIASED_COLUMNS)
            .append(" from audit_records ar where (")
            .append(query.scope().sql())
            .append(")");
    List<Object> args = new ArrayList<>();
    f.actorId().ifPresent(v -> add(sql, args, " and ar.actor_id = ?", v));
    f.organisation().ifPresent(v -> add(sql, args, " and ar.organisation = ?", v));
    f.caseId().ifPresent(v -> add(sql, args, " and ar.case_id = ?", v));
    f.action().ifPresent(v -> add(sql, args, " and ar.audit_action = ?", v.name()));
    f.decision()
        .ifPresent(v -> add(sql, args, " and ar.allowed = ?", v == AuditQuery.Decision.ALLOWED));
    f.from().ifPresent(v -> add(sql, args, " and ar.occurred_at >= ?", utc(v)));
    f.to().ifPresent(v -> add(sql, args, " and ar.occurred_at < ?", utc(v)));
    query.beforeSeq().ifPresent(v -> add(sql, args, " and ar.seq < ?", v));
    sql.append(" order by ar.seq desc limit ?");
    args.add(query.limit());
    try {
      return database.inTransaction(
          tx -> {
            List<StoredRecord> records = new ArrayList<>();
            try (PreparedStatement ps = tx.prepareStatement(sql.toString())) {
              int i = query.scope().bind(ps, 1);
              for (Object a : args) {
                ps.setObject(i++, a);
              }
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  records.add(readRecord(rs));
                }
              }
            }
            Map<String, Optional<Aead>> keys = new HashMap<>();
            List<AuditView> views = new ArrayList<>(records.size());
            for (StoredRecord r : records) {
              views.add(view(r, personal(tx, r, keys)));
            }
            return views;
          });
    } catch (RuntimeException e) {
      throw AuditFailures.unavailable("the audit log could not be read", e);
    }
  }

  private static void add(StringBuilder sql, List<Object> args, String clause, Object value) {
    sql.append(clause);
    args.add(value);
  }

  private static OffsetDateTime utc(Instant at) {
    return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
  }

  /** Whether the database holds records of the keyed chain (which need the same chain key). */
  public static boolean holdsKeyedRecords(Database database) {
    try {
      return database.inTransaction(
          tx -> {
            try (PreparedStatement ps =
                tx.prepareStatement("select 1 from audit_records where format = ? limit 1")) {
              ps.setInt(1, CanonicalForm.FORMAT_KEYED);
              try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
              }
            }
          });
    } catch (RuntimeException e) {
      throw AuditFailures.unavailable("the audit log could not be read", e);
    }
  }

  /** Whether the database holds audit data sealed or signed with the configured keys. */
  public static boolean holdsKeyedData(Database database) {
    try {
      return database.inTransaction(
          tx -> {
            try (PreparedStatement ps =
                    tx.prepareStatement(
                        "select 1 from audit_subject_keys union all select 1 from audit_checkpoints"
                            + " union all select 1 from audit_records");
                ResultSet rs = ps.executeQuery()) {
              return rs.next();
            }
          });
    } catch (RuntimeException e) {
      throw AuditFailures.unavailable("the audit log could not be read", e);
    }
  }

  private List<AuditView> read(long fromSeq, int limit, boolean reveal) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw new IllegalArgumentException("limit must be 1 to " + MAX_PAGE);
    }
    try {
      return database.inTransaction(
          tx -> {
            List<StoredRecord> records = new ArrayList<>();
            try (PreparedStatement ps =
                tx.prepareStatement(
                    "select "
                        + StoredRecord.COLUMNS
                        + " from audit_records where seq >= ? order by seq limit ?")) {
              ps.setLong(1, fromSeq);
              ps.setInt(2, limit);
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  records.add(readRecord(rs));
                }
              }
            }
            Map<String, Optional<Aead>> keys = new HashMap<>();
            List<AuditView> views = new ArrayList<>(records.size());
            for (StoredRecord r : records) {
              views.add(view(r, reveal ? personal(tx, r, keys) : withheld(r)));
            }
            return views;
          });
    } catch (RuntimeException e) {
      throw AuditFailures.unavailable("the audit log could not be read", e);
    }
  }

  private static PersonalFields withheld(StoredRecord r) {
    return PersonalFields.hidden(r.keyRef() == null ? Disclosure.NONE : Disclosure.WITHHELD);
  }

  private PersonalFields personal(Connection tx, StoredRecord r, Map<String, Optional<Aead>> keys)
      throws SQLException {
    if (r.keyRef() == null || r.personalSealed() == null) {
      return PersonalFields.hidden(Disclosure.NONE);
    }
    Optional<Aead> key;
    try {
      key = keys.get(r.keyRef());
      if (key == null) {
        key = subjectKeys.find(tx, r.keyRef());
        keys.put(r.keyRef(), key);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("a subject's audit key cannot be opened", e);
    }
    if (key.isEmpty()) {
      return PersonalFields.hidden(Disclosure.ERASED);
    }
    try {
      byte[] plain =
          key.get().decrypt(r.personalSealed(), recordAssociatedData(r.seq(), r.keyRef()));
      Sealed s = JSON.readValue(plain, Sealed.class);
      return new PersonalFields(
          Disclosure.REVEALED,
          s.subjectIds() == null ? List.of() : s.subjectIds(),
          s.candidates() == null ? List.of() : s.candidates(),
          s.verdicts() == null ? List.of() : s.verdicts(),
          Optional.ofNullable(s.justification()));
    } catch (GeneralSecurityException | IOException e) {
      return PersonalFields.hidden(Disclosure.UNREADABLE);
    }
  }

  private static AuditView view(StoredRecord r, PersonalFields personal) {
    List<String> policyIds;
    try {
      policyIds = JSON.readValue(r.policyIds(), STRINGS);
    } catch (JsonProcessingException e) {
      policyIds = List.of();
    }
    return new AuditView(
        r.seq(),
        r.hash(),
        r.occurredAt(),
        r.actorId(),
        r.role(),
        r.organisation(),
        r.authMethod(),
        r.action(),
        r.purpose(),
        Optional.ofNullable(r.legalBasis()),
        Optional.ofNullable(r.caseId()),
        Optional.ofNullable(r.consentId()),
        Optional.ofNullable(r.ageBand()),
        Optional.ofNullable(r.probeHmac()),
        Optional.ofNullable(r.modelVersion()),
        Optional.ofNullable(r.threshold()),
        Optional.ofNullable(r.displayed()),
        r.allowed(),
        policyIds,
        r.policyVersion(),
        r.override(),
        Optional.ofNullable(r.detail()),
        personal);
  }

  private record Head(long seq, String hash) {}

  private static Head readHead(Connection tx) throws SQLException {
    try (PreparedStatement ps =
            tx.prepareStatement("select last_seq, last_hash from audit_head where id = 1");
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("the audit head row is missing");
      }
      return new Head(rs.getLong(1), rs.getString(2));
    }
  }

  private static Head lockHead(Connection tx) throws SQLException {
    try (PreparedStatement ps =
            tx.prepareStatement(
                "select last_seq, last_hash from audit_head where id = 1 for update");
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("the audit head row is missing");
      }
      return new Head(rs.getLong(1), rs.getString(2));
    }
  }

  private static void moveHead(Connection tx, long seq, String hash) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement("update audit_head set last_seq = ?, last_hash = ? where id = 1")) {
      ps.setLong(1, seq);
      ps.setString(2, hash);
      if (ps.executeUpdate() != 1) {
        throw new SQLException("the audit head row is missing");
      }
    }
  }

  private static Optional<SignedCheckpoint> findCheckpoint(Connection tx, long seq)
      throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "select seq, head_hash, signed_at, key_id, signature from audit_checkpoints"
                + " where seq = ?")) {
      ps.setLong(1, seq);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new SignedCheckpoint(
                rs.getLong(1),
                rs.getString(2),
                rs.getObject(3, OffsetDateTime.class).toInstant(),
                rs.getString(4),
                rs.getBytes(5)));
      }
    }
  }

  private SignedCheckpoint insertCheckpoint(Connection tx, long seq, String headHash)
      throws SQLException {
    Instant signedAt = CanonicalForm.storable(clock.instant());
    byte[] signature;
    try {
      signature = signer.sign(CanonicalForm.checkpoint(seq, headHash, signedAt, signer.keyId()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the audit checkpoint cannot be signed", e);
    }
    try (PreparedStatement ps =
        tx.prepareStatement(
            "insert into audit_checkpoints (seq, head_hash, signed_at, key_id, signature)"
                + " values (?, ?, ?, ?, ?)")) {
      ps.setLong(1, seq);
      ps.setString(2, headHash);
      ps.setObject(3, OffsetDateTime.ofInstant(signedAt, ZoneOffset.UTC));
      ps.setString(4, signer.keyId());
      ps.setBytes(5, signature);
      ps.executeUpdate();
    }
    return new SignedCheckpoint(seq, headHash, signedAt, signer.keyId(), signature);
  }

  private static byte[] recordAssociatedData(long seq, String keyRef) {
    return ("homeward-audit-record\n" + seq + "\n" + keyRef).getBytes(StandardCharsets.UTF_8);
  }

  private static StoredRecord toStored(
      long seq, String prevHash, AuditEntry e, String keyRef, byte[] sealed)
      throws JsonProcessingException {
    return new StoredRecord(
        seq,
        prevHash,
        null,
        CanonicalForm.FORMAT,
        CanonicalForm.storable(e.at()),
        e.actorId(),
        e.role(),
        e.organisation(),
        e.authMethod(),
        e.action().name(),
        e.purpose(),
        e.legalBasis().orElse(null),
        e.caseId().orElse(null),
        e.consentId().orElse(null),
        e.ageBand().orElse(null),
        e.probeHmac().orElse(null),
        e.modelVersion().orElse(null),
        e.threshold().orElse(null),
        e.displayed().orElse(null),
        e.allowed(),
        JSON.writeValueAsString(e.policyIds()),
        e.policyVersion(),
        e.override(),
        e.detail().orElse(null),
        keyRef,
        sealed);
  }

  private static void insert(Connection tx, StoredRecord r) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "insert into audit_records ("
                + StoredRecord.COLUMNS
                + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?)")) {
      int i = 1;
      ps.setLong(i++, r.seq());
      ps.setString(i++, r.prevHash());
      ps.setString(i++, r.hash());
      ps.setInt(i++, r.format());
      ps.setObject(i++, OffsetDateTime.ofInstant(r.occurredAt(), ZoneOffset.UTC));
      ps.setString(i++, r.actorId());
      ps.setString(i++, r.role());
      ps.setString(i++, r.organisation());
      ps.setString(i++, r.authMethod());
      ps.setString(i++, r.action());
      ps.setString(i++, r.purpose());
      ps.setString(i++, r.legalBasis());
      ps.setString(i++, r.caseId());
      ps.setString(i++, r.consentId());
      ps.setString(i++, r.ageBand());
      ps.setString(i++, r.probeHmac());
      ps.setString(i++, r.modelVersion());
      ps.setString(i++, r.threshold());
      ps.setString(i++, r.displayed());
      ps.setBoolean(i++, r.allowed());
      ps.setString(i++, r.policyIds());
      ps.setString(i++, r.policyVersion());
      ps.setBoolean(i++, r.override());
      ps.setString(i++, r.detail());
      ps.setString(i++, r.keyRef());
      ps.setBytes(i, r.personalSealed());
      ps.executeUpdate();
    }
  }

  /** Reads the row at the cursor (columns in {@link StoredRecord#COLUMNS} order). */
  static StoredRecord readRecord(ResultSet rs) throws SQLException {
    int i = 1;
    return new StoredRecord(
        rs.getLong(i++),
        rs.getString(i++),
        rs.getString(i++),
        rs.getInt(i++),
        rs.getObject(i++, OffsetDateTime.class).toInstant(),
        rs.getString(i++),
        rs.getString(i++),
        rs.getString(i++),
        rs.getString(i++),
        rs.getString(i++),
        rs.getString(i++),
        rs.getString(i++),
        rs.getString(i++),
        rs.getString(i++),
        rs.getString(i++),
        rs.getString(i++),
        rs.getString(i++),
        rs.getString(i++),
        rs.getString(i++),
        rs.getBoolean(i++),
        rs.getString(i++),
        rs.getString(i++),
        rs.getBoolean(i++),
        rs.getString(i++),
        rs.getString(i++),
        rs.getBytes(i));
  }
}
