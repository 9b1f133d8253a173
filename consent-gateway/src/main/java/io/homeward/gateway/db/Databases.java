package io.homeward.gateway.db;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.flywaydb.core.Flyway;

/** Opens the database named by a JDBC URL and brings its schema up to date. */
public final class Databases {
  private Databases() {}

  /**
   * Opens a pool and runs the versioned migrations as the same user (one machine).
   *
   * @throws DatabaseException when the database cannot be reached or migrated
   */
  public static Database open(String url, String user, String password, int maxConnections) {
    return open(url, user, password, user, password, maxConnections);
  }

  /**
   * Runs the versioned migrations ({@code classpath:db/migration}, and {@code
   * classpath:db/vendor/<kind>}) as {@code migrationUser}, the owner of the tables, then opens a
   * pool as {@code user}, the application's role. Where the two differ on PostgreSQL, the
   * migrations grant the application's role only what it needs (placeholder {@code app_role}); the
   * owner's credentials are not kept.
   *
   * @throws DatabaseException when the database cannot be reached or migrated
   */
  public static Database open(
      String url,
      String user,
      String password,
      String migrationUser,
      String migrationPassword,
      int maxConnections) {
    String kind = kindOf(url);
    String jdbcUrl = kind.equals("h2") ? h2Url(url) : postgresUrl(url);
    var config = new AgroalDataSourceConfigurationSupplier();
    config
        .connectionPoolConfiguration()
        .maxSize(maxConnections)
        .minSize(0)
        .initialSize(0)
        .acquisitionTimeout(Duration.ofSeconds(10))
        // After the database restarted or the network dropped, the pooled connections are dead:
        // one that failed with a connection error is discarded (not handed to the next request),
        // and one idle for a second is checked before it is lent (issue 17).
        .exceptionSorter(
            kind.equals("h2")
                ? AgroalConnectionPoolConfiguration.ExceptionSorter.defaultExceptionSorter()
                : new io.agroal.api.exceptionsorter.PostgreSQLExceptionSorter())
        .connectionValidator(
            AgroalConnectionPoolConfiguration.ConnectionValidator.defaultValidatorWithTimeout(2))
        .idleValidationTimeout(Duration.ofSeconds(1))
        .connectionFactoryConfiguration()
        .jdbcUrl(jdbcUrl)
        // Named, not looked up in DriverManager, whose lookups depend on the registering class
        // loader. Both drivers are called Driver, hence the full names.
        .connectionProviderClass(
            kind.equals("h2") ? org.h2.Driver.class : org.postgresql.Driver.class)
        .autoCommit(true);
    if (user != null && !user.isEmpty()) {
      config
          .connectionPoolConfiguration()
          .connectionFactoryConfiguration()
          .principal(new NamePrincipal(user))
          .credential(new SimplePassword(password == null ? "" : password));
    }
    AgroalDataSource ds;
    try {
      ds = AgroalDataSource.from(config);
    } catch (SQLException e) {
      throw new DatabaseException("the database cannot be opened", e);
    }
    String appRole = user == null || user.isEmpty() ? "" : user;
    boolean sameUser = Objects.equals(emptyToNull(user), emptyToNull(migrationUser));
    try {
      var flyway =
          Flyway.configure()
              .locations(migrationLocations(kind))
              .failOnMissingLocations(true)
              // V5_1 grants the application's role its rights; empty when it is the owner itself.
              .placeholders(Map.of("app_role", sameUser ? "" : appRole));
      if (kind.equals("h2")) {
        if (sameUser) {
          flyway.dataSource(ds);
        } else {
          flyway.dataSource(
              jdbcUrl, migrationUser, migrationPassword == null ? "" : migrationPassword);
        }
      } else {
        // Migrations connect with the URL as given: a statement of theirs (an index on a large
        // table) may run longer than a request's read timeout.
        flyway.dataSource(
            url,
            sameUser ? user : migrationUser,
            sameUser
                ? (password == null ? "" : password)
                : (migrationPassword == null ? "" : migrationPassword));
      }
      flyway.load().migrate();
    } catch (RuntimeException e) {
      ds.close();
      throw new DatabaseException("the database schema cannot be migrated", e);
    }
    return new Database(ds, kind);
  }

  /**
   * The portable migrations, plus each database's own: on PostgreSQL the ones H2 cannot parse
   * (PL/pgSQL triggers, roles and grants), on H2 its Java triggers. Their versions sit between the
   * portable ones (e.g. {@code V2_1}) and never reuse a portable version.
   */
  static String[] migrationLocations(String kind) {
    return new String[] {"classpath:db/migration", "classpath:db/vendor/" + kind};
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  static String kindOf(String url) {
    if (url.startsWith("jdbc:postgresql:")) {
      return "postgresql";
    }
    if (url.startsWith("jdbc:h2:")) {
      return "h2";
    }
    throw new IllegalArgumentException(
        "homeward.gateway.db.url must be a jdbc:postgresql: or jdbc:h2: URL");
  }

  /**
   * PostgreSQL's driver waits forever by default for a server that stopped answering (a hung host,
   * a dropped network): every request would hang with it. Unless the URL says otherwise, a
   * connection attempt gives up after 5 s and a read after 20 s, so the request fails with a 503
   * instead (issue 17); no statement of the gateway's runs that long.
   */
  static String postgresUrl(String url) {
    StringBuilder u = new StringBuilder(url);
    for (String[] option :
        new String[][] {
          {"connectTimeout", "5"}, {"socketTimeout", "20"}, {"tcpKeepAlive", "true"}
        }) {
      if (!url.contains(option[0] + "=")) {
        u.append(u.indexOf("?") < 0 ? '?' : '&').append(option[0]).append('=').append(option[1]);
      }
    }
    return u.toString();
  }

  private static String h2Url(String url) {
    // The same SQL runs on both: H2 speaks PostgreSQL's dialect closely enough in this mode.
    return url.contains(";MODE=")
        ? url
        : url
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000"
            // A commit is written to the file before it returns. H2's default keeps it in memory
            // for up to half a second: the crash campaign (issue 17) found acknowledged
            // enrolments and cases gone after the gateway was killed.
            + ";WRITE_DELAY=0"
            // Closed with the pool, after the shutdown's last audit checkpoint, not by H2's own
            // shutdown hook racing it.
            + ";DB_CLOSE_ON_EXIT=FALSE";
  }
}
