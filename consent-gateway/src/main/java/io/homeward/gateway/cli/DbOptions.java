package io.homeward.gateway.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import picocli.CommandLine.Option;

/** The gateway database, as the offline commands reach it (the password from the environment). */
public final class DbOptions {
  @Option(
      names = "--db-url",
      defaultValue = "${env:HOMEWARD_DB_URL}",
      description = "JDBC URL of the gateway database (default: $HOMEWARD_DB_URL).")
  String url;

  @Option(
      names = "--db-user",
      defaultValue = "${env:HOMEWARD_DB_USER}",
      description = "Database user (default: $HOMEWARD_DB_USER).")
  String user;

  @Option(
      names = "--db-password-env",
      defaultValue = "HOMEWARD_DB_PASSWORD",
      description =
          "Environment variable holding the database password, kept off the command line"
              + " (default: ${DEFAULT-VALUE}).")
  String passwordEnv;

  /** Whether a database was named. */
  boolean present() {
    return url != null && !url.isBlank();
  }

  /** Opens a connection (H2 in the gateway's PostgreSQL mode). */
  Connection connect() throws SQLException {
    String password = System.getenv(passwordEnv);
    return DriverManager.getConnection(
        AuditVerifyCommand.jdbcUrl(url), user, password == null ? "" : password);
  }
}
