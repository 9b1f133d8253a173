package io.homeward.gateway.db;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** The gateway's database: a pooled data source and transactions over it. Thread-safe. */
public final class Database {
  private final DataSource dataSource;
  private final String kind;

  public Database(DataSource dataSource, String kind) {
    this.dataSource = dataSource;
    this.kind = kind;
  }

  /** {@code postgresql} or {@code h2}. */
  public String kind() {
    return kind;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /** Work inside one transaction: committed when it returns, rolled back when it throws. */
  @FunctionalInterface
  public interface TxWork<T> {
    T run(Connection tx) throws SQLException;
  }

  public <T> T inTransaction(TxWork<T> work) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        rollbackQuietly(c, e);
        throw e;
      }
    } catch (SQLException e) {
      throw new DatabaseException("the database is unavailable", e);
    }
  }

  private static void rollbackQuietly(Connection c, Throwable cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
