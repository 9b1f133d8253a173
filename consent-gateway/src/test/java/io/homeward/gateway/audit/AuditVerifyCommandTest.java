package io.homeward.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.homeward.gateway.cli.AuditVerifyCommand;
import io.homeward.gateway.db.Database;
import io.homeward.gateway.db.Databases;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./homeward audit-verify} on an H2 database with the gateway's key file names. */
class AuditVerifyCommandTest {
  @TempDir Path dir;
  Path keys;
  String url;
  Database db;
  JdbcAuditLog log;
  StringWriter out = new StringWriter();
  StringWriter err = new StringWriter();

  @BeforeEach
  void open() {
    url =
        "jdbc:h2:mem:audit-cli-"
            + UUID.randomUUID()
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
            + ";NON_KEYWORDS=DAY;DB_CLOSE_DELAY=-1";
    db = Databases.open(url, "", "", 2);
    keys = dir.resolve("keys");
    AuditKeys auditKeys = generate(keys);
    log =
        new JdbcAuditLog(
            db,
            auditKeys,
            new FileCheckpointStore(keys.resolve("audit-checkpoints.jsonl")),
            2,
            4,
            Clock.systemUTC());
    log.open();
    for (int i = 0; i < 5; i++) {
      log.append(AuditLogContract.entry("subj-" + i));
    }
    log.close(); // the last checkpoint, as at shutdown
  }

  static AuditKeys generate(Path keys) {
    return AuditKeys.loadOrGenerate(
        keys.resolve("audit-master-keyset.json"),
        keys.resolve("audit-signing-key.pem"),
        keys.resolve("audit-signing-key.pub.pem"),
        keys.resolve("audit-chain.key"),
        List.of(),
        true,
        false,
        false);
  }

  @AfterEach
  void close() throws Exception {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("shutdown");
    }
    ((AutoCloseable) db.dataSource()).close();
  }

  int run(String... args) {
    var cli = new CommandLine(new AuditVerifyCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  /** As the file's owner could: past H2's append-only guards. */
  void tamper(String... sql) {
    db.inTransaction(
        tx -> {
          AuditLogContract.run(tx, "drop trigger audit_records_append_only");
          AuditLogContract.run(tx, "drop trigger audit_checkpoints_append_only");
          for (String s : sql) {
            AuditLogContract.run(tx, s);
          }
          return null;
        });
  }

  @Test
  void anIntactChainExitsZero() {
    int code = run("--db-url", url, "--keys-dir", keys.toString(), "--allowed-tail", "4");
    assertThat(code).isZero();
    assertThat(out.toString())
        .contains(
            "audit chain: INTACT",
            "records: 5",
            "checkpoints outside the database: ",
            "last checkpoint outside the database: 5");
  }

  @Test
  void aTamperedChainExitsOneNamingTheRecord() {
    tamper("update audit_records set purpose = 'OTHER' where seq = 4");
    int code = run("--db-url", url, "--keys-dir", keys.toString());
    assertThat(code).isEqualTo(1);
    assertThat(out.toString())
        .contains("audit chain: BROKEN", "first broken sequence: 4", "problem: ")
        .doesNotContain("subj-");
  }

  @Test
  void aCutTailWithAFixedHeadIsReportedAsTruncation() {
    String hash3 =
        db.inTransaction(
            tx -> {
              try (Statement s = tx.createStatement();
                  var rs = s.executeQuery("select record_hash from audit_records where seq = 3")) {
                rs.next();
                return rs.getString(1);
              }
            });
    tamper(
        "delete from audit_records where seq > 3",
        "delete from audit_checkpoints where seq > 3",
        "update audit_head set last_seq = 3, last_hash = '" + hash3 + "' where id = 1");
    int code = run("--db-url", url, "--keys-dir", keys.toString());
    assertThat(code).isEqualTo(1);
    assertThat(out.toString()).contains("first broken sequence: 4", "problem: truncated");
  }

  @Test
  void aWrongKeyIsABrokenChainAndNoKeyCannotRun() throws Exception {
    Path other = dir.resolve("other");
    generate(other);
    assertThat(
            run(
                "--db-url",
                url,
                "--keys-dir",
                keys.toString(),
                "--signing-public-key",
                other.resolve("audit-signing-key.pub.pem").toString()))
        .isEqualTo(1);
    assertThat(
            run(
                "--db-url",
                url,
                "--keys-dir",
                keys.toString(),
                "--chain-key",
                other.resolve("audit-chain.key").toString()))
        .isEqualTo(1);
    assertThat(out.toString()).contains("first broken sequence: 1");
    assertThat(
            run(
                "--db-url",
                url,
                "--keys-dir",
                keys.toString(),
                "--signing-public-key",
                dir.resolve("absent.pem").toString()))
        .isEqualTo(2);
    assertThat(run("--db-url", url, "--keys-dir", dir.resolve("nothing").toString())).isEqualTo(2);
    assertThat(
            run(
                "--db-url",
                "jdbc:h2:mem:no-such-" + UUID.randomUUID() + ";IFEXISTS=TRUE",
                "--keys-dir",
                keys.toString()))
        .isEqualTo(2);
  }

  @Test
  void anotherCheckpointFileIsNotTheOneThatCoversThisDatabase() throws Exception {
    Path elsewhere = dir.resolve("elsewhere.jsonl");
    Files.copy(keys.resolve("audit-checkpoints.jsonl"), elsewhere);
    Files.writeString(elsewhere, "", StandardOpenOption.TRUNCATE_EXISTING);
    // An empty file: the whole log is an uncovered tail, longer than allowed.
    assertThat(
            run(
                "--db-url",
                url,
                "--keys-dir",
                keys.toString(),
                "--allowed-tail",
                "2",
                "--checkpoint-file",
                elsewhere.toString()))
        .isEqualTo(1);
    assertThat(out.toString()).contains("not covered");
    Files.copy(
        keys.resolve("audit-checkpoints.jsonl"), elsewhere, StandardCopyOption.REPLACE_EXISTING);
    assertThat(
            run(
                "--db-url",
                url,
                "--keys-dir",
                keys.toString(),
                "--checkpoint-file",
                elsewhere.toString()))
        .isZero();
  }
}
