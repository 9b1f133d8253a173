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

  /** Database user. */
  Optional<String> user();

  /** Database password (from a secret in a cluster). */
  Optional<String> password();

  /** Largest number of pooled connections. */
  @WithDefault("16")
  int maxConnections();
}
