package io.homeward.gateway.cli;

import io.homeward.gateway.audit.AuditKeys;
import io.homeward.gateway.audit.ChainKey;
import io.homeward.gateway.audit.ChainReport;
import io.homeward.gateway.audit.ChainVerifier;
import io.homeward.gateway.audit.CheckpointKeys;
import io.homeward.gateway.audit.FileCheckpointStore;
import java.io.PrintWriter;
import java.nio.file.Files;
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
 * Verifies the whole audit chain for a privacy officer: every keyed record hash and link, every
 * signed checkpoint in the database, and the checkpoints in the file outside it (the database must
 * reach the latest of them: truncation is reported as such), read-only and without the keys that
 * open personal fields. Needs the chain key, the checkpoint public key(s) and the checkpoint file,
 * all in the keys directory by default. Exit code 0: intact; 1: broken (the first broken sequence
 * number and what failed are printed); 2: cannot run.
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
      names = "--keys-dir",
      defaultValue = "${env:HOMEWARD_SIGNING_KEYS_DIR}",
      description =
          "The gateway's signing-keys directory, where the defaults of the next three options"
              + " live (default: $HOMEWARD_SIGNING_KEYS_DIR, else $XDG_CONFIG_HOME/homeward/keys,"
              + " else ~/.config/homeward/keys).")
  Path keysDir;

  @Option(
      names = "--signing-public-key",
      description =
          "Ed25519 public key file (X.509, PEM or DER) accepted on checkpoints; repeat for"
              + " retired keys (default: audit-signing-key.pub.pem in the keys directory).")
  List<Path> publicKeys;

  @Option(
      names = "--chain-key",
      description =
          "The audit chain key (32 bytes, Base64) that keys the record hashes (default:"
              + " audit-chain.key in the keys directory).")
  Path chainKeyFile;

  @Option(
      names = "--checkpoint-file",
      description =
          "The signed checkpoints kept outside the database (default: audit-checkpoints.jsonl in"
              + " the keys directory).")
  Path checkpointFile;

  @Option(
      names = "--allowed-tail",
      defaultValue = "128",
      description =
          "How many records may follow the latest checkpoint in the file (the gateway's"
              + " homeward.gateway.audit.checkpoint-every times two; default: ${DEFAULT-VALUE}).")
  long allowedTail;

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
    Path keys0 = keysDir != null ? keysDir : defaultKeysDir();
    List<Path> publicKeyFiles =
        publicKeys == null || publicKeys.isEmpty()
            ? List.of(keys0.resolve("audit-signing-key.pub.pem"))
            : publicKeys;
    Path chainKeyPath = chainKeyFile != null ? chainKeyFile : keys0.resolve("audit-chain.key");
    Path checkpoints =
        checkpointFile != null ? checkpointFile : keys0.resolve("audit-checkpoints.jsonl");
    if (allowedTail < 0) {
      err.println("--allowed-tail must be 0 or more");
      return 2;
    }
    if (!Files.exists(checkpoints)) {
      // An absent file would read as "no checkpoints yet": say so rather than fail silently later.
      err.println("note: no checkpoint file at " + checkpoints);
    }
    ChainKey chainKey;
    try {
      chainKey = ChainKey.loadOrGenerate(chainKeyPath, false, true);
    } catch (IllegalStateException e) {
      err.println("cannot read the audit chain key " + chainKeyPath);
      return 2;
    }
    CheckpointKeys keys;
    try {
      List<PublicKey> read = new ArrayList<>();
      for (Path p : publicKeyFiles) {
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
      report =
          new ChainVerifier(keys, chainKey, new FileCheckpointStore(checkpoints), allowedTail)
              .verify(c);
    } catch (Exception e) {
      err.println("cannot read the audit log: " + e.getClass().getSimpleName());
      return 2;
    }
    out.println("audit chain: " + (report.intact() ? "INTACT" : "BROKEN"));
    out.println("records: " + report.records());
    out.println("checkpoints: " + report.checkpoints());
    out.println("checkpoints outside the database: " + report.externalCheckpoints());
    out.println("last checkpoint outside the database: " + report.lastExternalCheckpoint());
    report
        .anchor()
        .ifPresent(
            a ->
                out.println(
                    "retention anchor: records through "
                        + a.seq()
                        + " removed (older than "
                        + a.removedBefore()
                        + ", signed "
                        + a.signedAt()
                        + "); verified from there on"));
    report.firstBrokenSequence().ifPresent(s -> out.println("first broken sequence: " + s));
    report.problem().ifPresent(p -> out.println("problem: " + p));
    out.flush();
    return report.intact() ? 0 : 1;
  }

  /** Where the gateway keeps its signing keys by default (homeward.gateway.keys.signing-dir). */
  private static Path defaultKeysDir() {
    String config = System.getenv("XDG_CONFIG_HOME");
    Path base =
        config != null && !config.isBlank()
            ? Path.of(config)
            : Path.of(System.getProperty("user.home"), ".config");
    return base.resolve("homeward").resolve("keys");
  }

  /** The gateway opens H2 in PostgreSQL mode with lower-case names (see Databases): so do we. */
  static String jdbcUrl(String url) {
    if (url.startsWith("jdbc:h2:") && !url.contains(";MODE=")) {
      return url + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    }
    return url;
  }
}
