package io.homeward.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.homeward.gateway.cli.AuditVerifyCommand;
import io.homeward.gateway.db.Database;
import io.homeward.gateway.db.Databases;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
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

class AuditVerifyCommandTest {
  @TempDir Path dir;
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
    AuditKeys keys =
        AuditKeys.loadOrGenerate(
            dir.resolve("master.json"),
            dir.resolve("signing.pem"),
            dir.resolve("signing.pub.pem"),
            List.of(),
            true,
            false);
    log = new JdbcAuditLog(db, keys.master(), keys.signer(), keys.trusted(), 2, Clock.systemUTC());
    for (int i = 0; i < 5; i++) {
      log.append(AuditLogContract.entry("subj-" + i));
    }
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

  @Test
  void anIntactChainExitsZero() {
    int code =
        run("--db-url", url, "--signing-public-key", dir.resolve("signing.pub.pem").toString());
    assertThat(code).isZero();
    assertThat(out.toString()).contains("audit chain: INTACT", "records: 5", "checkpoints: 2");
  }

  @Test
  void aTamperedChainExitsOneNamingTheRecord() {
    db.inTransaction(
        tx -> {
          AuditLogContract.run(tx, "update audit_records set purpose = 'OTHER' where seq = 4");
          return null;
        });
    int code =
        run("--db-url", url, "--signing-public-key", dir.resolve("signing.pub.pem").toString());
    assertThat(code).isEqualTo(1);
    assertThat(out.toString())
        .contains("audit chain: BROKEN", "first broken sequence: 4", "problem: ")
        .doesNotContain("subj-");
  }

  @Test
  void aWrongKeyIsABrokenChainAndNoKeyCannotRun() {
    Path other = dir.resolve("other");
    AuditKeys.loadOrGenerate(
        other.resolve("m.json"),
        other.resolve("s.pem"),
        other.resolve("s.pub.pem"),
        List.of(),
        true,
        false);
    assertThat(run("--db-url", url, "--signing-public-key", other.resolve("s.pub.pem").toString()))
        .isEqualTo(1);
    assertThat(run("--db-url", url, "--signing-public-key", dir.resolve("absent.pem").toString()))
        .isEqualTo(2);
    assertThat(run("--db-url", url)).isEqualTo(2);
    assertThat(
            run(
                "--db-url",
                "jdbc:h2:mem:no-such-" + UUID.randomUUID() + ";IFEXISTS=TRUE",
                "--signing-public-key",
                dir.resolve("signing.pub.pem").toString()))
        .isEqualTo(2);
  }
}
