package io.homeward.gateway.attack;

import static io.homeward.gateway.attack.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.homeward.gateway.attack.RunningSystem.Db;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Attack: whoever holds the database (its owner on PostgreSQL, the file's owner on H2) rewrites the
 * audit log. (1) They delete the newest records and the checkpoints after the last one, and set
 * {@code audit_head} to the last record left, so that everything left in the database links up. (2)
 * They change an old record and recompute every hash after it, and the head, with the only hash
 * they can compute without the chain key: plain SHA-256 of the documented canonical form.
 *
 * <p>Safe answer: {@code GET /api/v1/oversight/audit/verification} reports the chain broken: the
 * first as truncation (the database ends before the latest checkpoint signed into the file outside
 * it), the second at the first rewritten record a checkpoint outside covers, or at the first
 * unkeyed record. Putting the original rows back makes it verify again, so it is the rewrite that
 * was caught. Before the keyed chain and the checkpoints outside the database, both rewrites
 * verified as intact.
 */
class AuditRewriteAttackIT {
  private static final String VERIFICATION = "/api/v1/oversight/audit/verification";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  /**
   * The audit tables as the owner found them and the checkpoint file as it was then, to put back
   * after each attack.
   */
  private record Snapshot(
      List<Map<String, Object>> records, List<Map<String, Object>> checkpoints, byte[] file) {}

  @ParameterizedTest
  @EnumSource(Db.class)
  void theDatabaseOwnerCannotCutOrRehashTheAuditLogUnnoticed(Db db) throws Exception {
    RunningSystem system = RunningSystem.on(db);
    Client officer = system.as(system.token("ar-po", "ar-ngo", "PRIVACY_OFFICER"), "PRIVACY_AUDIT");
    for (int i = 0; i < 3; i++) {
      json(officer.get(VERIFICATION), 200);
    }
    system.stopGateway(); // signs a checkpoint over the head, into the file outside too
    long covered = lastCheckpointOutside(system);
    assertThat(covered).isPositive();
    system.startGateway();
    for (int i = 0; i < 4; i++) {
      json(officer.get(VERIFICATION), 200);
    }
    system.stopGateway();
    long head = lastCheckpointOutside(system);
    assertThat(head).isGreaterThan(covered);
    Path checkpointFile = system.signingKeysDir().resolve("audit-checkpoints.jsonl");
    Snapshot tables = owner(system, db, AuditRewriteAttackIT::snapshot);
    Snapshot original =
        new Snapshot(tables.records(), tables.checkpoints(), Files.readAllBytes(checkpointFile));

    // (1) Cut the tail after the first checkpoint and fix the head.
    owner(
        system,
        db,
        c -> {
          String hash = recordHash(c, covered);
          exec(c, "delete from audit_records where seq > ?", covered);
          exec(c, "delete from audit_checkpoints where seq > ?", covered);
          exec(c, "update audit_head set last_seq = ?, last_hash = ? where id = 1", covered, hash);
          return null;
        });
    system.startGateway();
    JsonNode cut = json(officer.get(VERIFICATION), 200);
    assertThat(cut.get("intact").asBoolean()).as(cut.toString()).isFalse();
    assertThat(cut.get("problem").asText()).startsWith("truncated");
    assertThat(cut.get("firstBrokenSequence").asLong()).isBetween(covered + 1, head);
    assertThat(Files.readString(system.logFile())).contains("the audit log was truncated");
    system.stopGateway();
    owner(system, db, c -> restore(c, original));
    Files.write(checkpointFile, original.file());

    // (2) Rewrite an early record and re-hash everything after it with plain SHA-256.
    long rewritten = 2;
    owner(
        system,
        db,
        c -> {
          exec(c, "update audit_records set actor_id = ? where seq = ?", "someone-else", rewritten);
          String prev = recordHash(c, rewritten - 1);
          for (Map<String, Object> row : rows(c, "audit_records", "seq")) {
            long seq = ((Number) row.get("seq")).longValue();
            if (seq < rewritten) {
              continue;
            }
            String hash = sha256(canonical(row, 1, prev));
            exec(
                c,
                "update audit_records set prev_hash = ?, record_hash = ?, format = 1 where seq = ?",
                prev,
                hash,
                seq);
            prev = hash;
          }
          exec(c, "update audit_head set last_hash = ? where id = 1", prev);
          return null;
        });
    system.startGateway();
    JsonNode rehashed = json(officer.get(VERIFICATION), 200);
    assertThat(rehashed.get("intact").asBoolean()).as(rehashed.toString()).isFalse();
    assertThat(rehashed.get("firstBrokenSequence").asLong()).isBetween(rewritten, head);
    assertThat(rehashed.get("problem").asText()).containsAnyOf("checkpoint", "unkeyed");
    system.stopGateway();
    owner(system, db, c -> restore(c, original));
    Files.write(checkpointFile, original.file());

    // The original rows back: intact again.
    system.startGateway();
    JsonNode restored = json(officer.get(VERIFICATION), 200);
    assertThat(restored.get("intact").asBoolean()).as(restored.toString()).isTrue();
  }

  private static long lastCheckpointOutside(RunningSystem system) throws IOException {
    List<String> lines =
        Files.readAllLines(system.signingKeysDir().resolve("audit-checkpoints.jsonl"));
    assertThat(lines).isNotEmpty();
    return JSON.readTree(lines.get(lines.size() - 1)).get("seq").asLong();
  }

  /** Runs work as the database's owner, past its append-only guards (the gateway is stopped). */
  private static <T> T owner(RunningSystem system, Db db, RunningSystem.SqlWork<T> work) {
    if (db == Db.POSTGRES) {
      return system.sql(
          c -> {
            exec(c, "alter table audit_records disable trigger user");
            exec(c, "alter table audit_checkpoints disable trigger user");
            try {
              return work.run(c);
            } finally {
              exec(c, "alter table audit_records enable trigger user");
              exec(c, "alter table audit_checkpoints enable trigger user");
            }
          });
    }
    // H2: the file's owner opens it as the gateway does and drops the guards of V5_1.
    Path file = system.dataDir().resolve("gateway/db");
    try (Connection c =
        DriverManager.getConnection(
            "jdbc:h2:file:"
                + file
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
            "homeward",
            "")) {
      exec(c, "drop trigger audit_records_append_only");
      exec(c, "drop trigger audit_checkpoints_append_only");
      exec(c, "drop table audit_records_truncate_guard");
      exec(c, "drop table audit_checkpoints_truncate_guard");
      try {
        return work.run(c);
      } finally {
        exec(
            c,
            "create trigger audit_records_append_only before update, delete on audit_records"
                + " for each row call 'io.homeward.gateway.db.AppendOnlyTrigger'");
        exec(
            c,
            "create trigger audit_checkpoints_append_only before update, delete on"
                + " audit_checkpoints for each row call 'io.homeward.gateway.db.AppendOnlyTrigger'");
        exec(
            c,
            "create table audit_records_truncate_guard (seq bigint references audit_records (seq))");
        exec(
            c,
            "create table audit_checkpoints_truncate_guard"
                + " (seq bigint references audit_checkpoints (seq))");
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Snapshot snapshot(Connection c) throws SQLException {
    return new Snapshot(rows(c, "audit_records", "seq"), rows(c, "audit_checkpoints", "seq"), null);
  }

  private static Void restore(Connection c, Snapshot s) throws SQLException {
    exec(c, "delete from audit_records");
    exec(c, "delete from audit_checkpoints");
    insertAll(c, "audit_records", s.records());
    insertAll(c, "audit_checkpoints", s.checkpoints());
    Map<String, Object> last = s.records().get(s.records().size() - 1);
    exec(
        c,
        "update audit_head set last_seq = ?, last_hash = ? where id = 1",
        last.get("seq"),
        last.get("record_hash"));
    return null;
  }

  private static List<Map<String, Object>> rows(Connection c, String table, String order)
      throws SQLException {
    List<Map<String, Object>> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select * from " + table + " order by " + order)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= n; i++) {
          String name = rs.getMetaData().getColumnLabel(i).toLowerCase(java.util.Locale.ROOT);
          Object value =
              name.endsWith("_at") ? rs.getObject(i, OffsetDateTime.class) : rs.getObject(i);
          row.put(name, value);
        }
        out.add(row);
      }
    }
    return out;
  }

  private static void insertAll(Connection c, String table, List<Map<String, Object>> rows)
      throws SQLException {
    for (Map<String, Object> row : rows) {
      String columns = String.join(", ", row.keySet());
      String marks = String.join(", ", row.keySet().stream().map(k -> "?").toList());
      exec(
          c,
          "insert into " + table + " (" + columns + ") values (" + marks + ")",
          row.values().toArray());
    }
  }

  private static String recordHash(Connection c, long seq) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("select record_hash from audit_records where seq = ?")) {
      ps.setLong(1, seq);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  private static void exec(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.execute();
    }
  }

  /**
   * The canonical form as documented (io.homeward.gateway.audit.CanonicalForm), as a forger would.
   */
  private static byte[] canonical(Map<String, Object> r, int format, String prevHash) {
    var out = new StringBuilder("homeward-audit-record\n");
    field(out, "format", Integer.toString(format));
    field(out, "seq", r.get("seq").toString());
    field(out, "prev_hash", prevHash);
    field(
        out,
        "occurred_at",
        TIME.format(((OffsetDateTime) r.get("occurred_at")).truncatedTo(ChronoUnit.MICROS)));
    for (String name :
        List.of(
            "actor_id",
            "actor_role",
            "organisation",
            "auth_method",
            "audit_action",
            "purpose",
            "legal_basis",
            "case_id",
            "consent_id",
            "age_band",
            "probe_hmac",
            "model_version",
            "threshold",
            "displayed")) {
      field(out, name, (String) r.get(name));
    }
    field(out, "allowed", r.get("allowed").toString());
    field(out, "policy_ids", (String) r.get("policy_ids"));
    field(out, "policy_version", (String) r.get("policy_version"));
    field(out, "override_used", r.get("override_used").toString());
    field(out, "detail", (String) r.get("detail"));
    field(out, "key_ref", (String) r.get("key_ref"));
    byte[] sealed = (byte[]) r.get("personal_sealed");
    field(
        out, "personal_sealed", sealed == null ? null : Base64.getEncoder().encodeToString(sealed));
    return out.toString().getBytes(StandardCharsets.UTF_8);
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

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
