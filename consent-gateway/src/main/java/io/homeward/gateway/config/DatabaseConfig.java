package io.homeward.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** The gateway's database. PostgreSQL in a cluster; an embedded H2 file on one machine. */
@ConfigMapping(prefix = "homeward.gateway.db")
public interface DatabaseConfig {
  /**
   * JDBC URL: {@code jdbc:postgresql://host:5432/homeward} or {@code jdbc:h2:file:/path/db} (opened
   * in PostgreSQL mode).
   */
  String url();

  /**
   * The database user the application connects as. When it differs from {@link #migrationUser()} on
   * PostgreSQL, migration V5_1 grants it only what the application does: INSERT and SELECT on the
   * audit records and checkpoints (no UPDATE, DELETE, TRUNCATE, no owning the tables, so it cannot
   * switch the append-only triggers off).
   */
  Optional<String> user();

  /** Database password (from a secret in a cluster). */
  Optional<String> password();

  /**
   * The database user that runs the schema migrations and owns the tables; {@link #user()} by
   * default (one machine). In a cluster set it to an owner role whose credentials the running
   * gateway otherwise never needs.
   */
  Optional<String> migrationUser();

  /** The password of {@link #migrationUser()} (defaults to {@link #password()} with the user). */
  Optional<String> migrationPassword();

  /** Largest number of pooled connections. */
  @WithDefault("16")
  int maxConnections();
}
