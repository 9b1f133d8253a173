package io.homeward.gateway.config;

import io.homeward.gateway.db.Database;
import io.homeward.gateway.db.Databases;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

/** Opens the database at start-up and closes it at shutdown. */
@ApplicationScoped
public class DatabaseProducer {
  @Produces
  @ApplicationScoped
  Database database(DatabaseConfig config) {
    String user = config.user().orElse(null);
    String password = config.password().orElse(null);
    boolean separateOwner = config.migrationUser().isPresent();
    return Databases.open(
        config.url(),
        user,
        password,
        separateOwner ? config.migrationUser().get() : user,
        separateOwner ? config.migrationPassword().orElse(null) : password,
        config.maxConnections());
  }

  void close(@Disposes Database database) {
    if (database.dataSource() instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        // Shutting down: nothing more to do.
      }
    }
  }
}
