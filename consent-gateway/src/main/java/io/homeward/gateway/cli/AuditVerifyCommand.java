package io.homeward.gateway.cli;

import io.homeward.gateway.audit.AuditKeys;
import io.homeward.gateway.audit.ChainReport;
import io.homeward.gateway.audit.ChainVerifier;
import io.homeward.gateway.audit.CheckpointKeys;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Verifies the whole audit chain for a privacy officer: every record hash and link, and every
 * signed checkpoint, read-only and without the keys that open personal fields. Exit code 0: intact;
 * 1: broken (the first broken sequence number and what failed are printed); 2: cannot run.
 *
 * <p>On one machine the embedded H2 file is locked while the gateway runs: stop it first, or use
 * the gateway's verification endpoint.
 */
@Command(
    name = "homeward-audit-verify",
    mixinStandardHelpOptions = true,
    description = "Verifies the Homeward consent gateway's audit chain and signed checkpoints.",
    exitCodeOnInvalidInput = 2,
    exitCodeOnExecutionException = 2)
public final class AuditVerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--db-url",
      defaultValue = "${env:HOMEWARD_DB_URL}",
      description = "JDBC URL of the gateway database (default: $HOMEWARD_DB_URL).")
  String dbUrl;

  @Option(
      names = "--db-user",
      defaultValue = "${env:HOMEWARD_DB_USER}",
      description = "Database user (default: $HOMEWARD_DB_USER).")
  String dbUser;

  @Option(
      names = "--db-password-env",
      defaultValue = "HOMEWARD_DB_PASSWORD",
      description =
          "Environment variable holding the database password, kept off the command line"
              + " (default: ${DEFAULT-VALUE}).")
  String dbPasswordEnv;

  @Option(
      names = "--signing-public-key",
      required = true,
      description =
          "Ed25519 public key file (X.509, PEM or DER) accepted on checkpoints; repeat for"
              + " retired keys.")
  List<Path> publicKeys;

  public static void main(String[] args) {
    System.exit(new CommandLine(new AuditVerifyCommand()).execute(args));
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (dbUrl == null || dbUrl.isBlank()) {
      err.println("no database: give --db-url or set HOMEWARD_DB_URL");
      return 2;
    }
    CheckpointKeys keys;
    try {
      List<PublicKey> read = new ArrayList<>();
      for (Path p : publicKeys) {
        read.add(AuditKeys.readPublicKey(p));
      }
      keys = CheckpointKeys.of(read);
    } catch (Exception e) {
      err.println("cannot read the checkpoint public keys: " + e.getClass().getSimpleName());
      return 2;
    }
    ChainReport report;
    String password = System.getenv(dbPasswordEnv);
    try (Connection c =
        DriverManager.getConnection(jdbcUrl(dbUrl), dbUser, password == null ? "" : password)) {
      c.setReadOnly(true);
      report = new ChainVerifier(keys).verify(c);
    } catch (Exception e) {
      err.println("cannot read the audit log: " + e.getClass().getSimpleName());
      return 2;
    }
    out.println("audit chain: " + (report.intact() ? "INTACT" : "BROKEN"));
    out.println("records: " + report.records());
    out.println("checkpoints: " + report.checkpoints());
    report.firstBrokenSequence().ifPresent(s -> out.println("first broken sequence: " + s));
    report.problem().ifPresent(p -> out.println("problem: " + p));
    out.flush();
    return report.intact() ? 0 : 1;
  }

  /** The gateway opens H2 in PostgreSQL mode with lower-case names (see Databases): so do we. */
  static String jdbcUrl(String url) {
    if (url.startsWith("jdbc:h2:") && !url.contains(";MODE=")) {
      return url + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    }
    return url;
  }
}
