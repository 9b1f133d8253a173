package io.homeward.gateway.store;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The stores' one way through JDBC: prepare, bind, execute, map and close, so that a store method
 * reads as its SQL. Always in the caller's transaction: the connection is never committed, rolled
 * back or closed here, and every statement and result set is closed before a method returns.
 */
public final class Sql {
  private Sql() {}

  /** Binds a statement's parameters, in order. */
  @FunctionalInterface
  public interface Binder {
    void bind(Params p) throws SQLException;
  }

  /** Binds the parameters of one run of a statement repeated per item. */
  @FunctionalInterface
  public interface ItemBinder<T> {
    void bind(Params p, T item) throws SQLException;
  }

  /**
   * Binds a run of parameters from {@code index}; returns the next free index (scope predicates).
   */
  @FunctionalInterface
  public interface IndexedBinder {
    int bind(PreparedStatement ps, int index) throws SQLException;
  }

  /** One row to one value; reads the current row only. */
  @FunctionalInterface
  public interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  /** A statement without parameters. */
  public static final Binder NONE = p -> {};

  /** Every row, in the order the query gives. */
  public static <T> List<T> query(Connection tx, String sql, Binder binder, RowMapper<T> rows)
      throws SQLException {
    try (PreparedStatement ps = prepare(tx, sql, binder);
        ResultSet rs = ps.executeQuery()) {
      List<T> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rows.map(rs));
      }
      return out;
    }
  }

  /**
   * The first row, if there is one (a lookup by key, or a locking read with {@code for update}).
   */
  public static <T> Optional<T> one(Connection tx, String sql, Binder binder, RowMapper<T> rows)
      throws SQLException {
    try (PreparedStatement ps = prepare(tx, sql, binder);
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(rows.map(rs)) : Optional.empty();
    }
  }

  /** Whether the query answers a row. */
  public static boolean exists(Connection tx, String sql, Binder binder) throws SQLException {
    try (PreparedStatement ps = prepare(tx, sql, binder);
        ResultSet rs = ps.executeQuery()) {
      return rs.next();
    }
  }

  /** The first column of the one row of an aggregate query ({@code select count(*) ...}). */
  public static long count(Connection tx, String sql, Binder binder) throws SQLException {
    try (PreparedStatement ps = prepare(tx, sql, binder);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * An insert, update or delete; returns how many rows it changed, which is how a conditional
   * update ({@code ... where ... and used + ? <= ?}) tells its caller whether it won.
   */
  public static int update(Connection tx, String sql, Binder binder) throws SQLException {
    try (PreparedStatement ps = prepare(tx, sql, binder)) {
      return ps.executeUpdate();
    }
  }

  /** One statement run once per item, in order; returns the rows changed in all. */
  public static <T> int updateEach(
      Connection tx, String sql, Iterable<T> items, ItemBinder<T> binder) throws SQLException {
    int changed = 0;
    try (PreparedStatement ps = tx.prepareStatement(sql)) {
      for (T item : items) {
        binder.bind(new Params(ps), item);
        changed += ps.executeUpdate();
      }
    }
    return changed;
  }

  /** One statement sent as a JDBC batch, one set of parameters per item. */
  public static <T> void batch(Connection tx, String sql, Iterable<T> items, ItemBinder<T> binder)
      throws SQLException {
    try (PreparedStatement ps = tx.prepareStatement(sql)) {
      for (T item : items) {
        binder.bind(new Params(ps), item);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** An insert of one row; returns the key the database generated in {@code keyColumn}. */
  public static long insertReturningKey(Connection tx, String sql, String keyColumn, Binder binder)
      throws SQLException {
    try (PreparedStatement ps = tx.prepareStatement(sql, new String[] {keyColumn})) {
      binder.bind(new Params(ps));
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  private static PreparedStatement prepare(Connection tx, String sql, Binder binder)
      throws SQLException {
    PreparedStatement ps = tx.prepareStatement(sql);
    try {
      binder.bind(new Params(ps));
      return ps;
    } catch (SQLException | RuntimeException e) {
      ps.close();
      throw e;
    }
  }

  /**
   * A statement's parameters, bound in order from the first. Null is bound as SQL NULL of the
   * column's type, so that the same SQL runs on PostgreSQL and H2.
   */
  public static final class Params {
    private final PreparedStatement ps;
    private int next = 1;

    private Params(PreparedStatement ps) {
      this.ps = ps;
    }

    public Params string(String value) throws SQLException {
      ps.setString(next++, value);
      return this;
    }

    /** An enum as its name (the vocabulary columns hold names). */
    public Params name(Enum<?> value) throws SQLException {
      return string(value == null ? null : value.name());
    }

    public Params integer(Integer value) throws SQLException {
      if (value == null) {
        ps.setNull(next++, Types.INTEGER);
      } else {
        ps.setInt(next++, value);
      }
      return this;
    }

    public Params bigint(Long value) throws SQLException {
      if (value == null) {
        ps.setNull(next++, Types.BIGINT);
      } else {
        ps.setLong(next++, value);
      }
      return this;
    }

    public Params real(Float value) throws SQLException {
      if (value == null) {
        ps.setNull(next++, Types.REAL);
      } else {
        ps.setFloat(next++, value);
      }
      return this;
    }

    public Params bool(boolean value) throws SQLException {
      ps.setBoolean(next++, value);
      return this;
    }

    public Params timestamp(Instant value) throws SQLException {
      ps.setTimestamp(next++, value == null ? null : Timestamp.from(value));
      return this;
    }

    public Params date(LocalDate value) throws SQLException {
      ps.setDate(next++, value == null ? null : Date.valueOf(value));
      return this;
    }

    public Params bytes(byte[] value) throws SQLException {
      ps.setBytes(next++, value);
      return this;
    }

    /** Values of a query built at run time, bound as the driver maps their Java types. */
    public Params objects(List<?> values) throws SQLException {
      for (Object v : values) {
        ps.setObject(next++, v instanceof Instant i ? Timestamp.from(i) : v);
      }
      return this;
    }

    /** A run of parameters bound by someone else, such as a scope predicate. */
    public Params with(IndexedBinder binder) throws SQLException {
      next = binder.bind(ps, next);
      return this;
    }
  }

  // Reading a row: nullable columns as null, never as 0.

  public static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  public static LocalDate date(ResultSet rs, String column) throws SQLException {
    Date d = rs.getDate(column);
    return d == null ? null : d.toLocalDate();
  }

  public static Integer integer(ResultSet rs, String column) throws SQLException {
    int v = rs.getInt(column);
    return rs.wasNull() ? null : v;
  }

  public static Long bigint(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  public static Float real(ResultSet rs, String column) throws SQLException {
    float v = rs.getFloat(column);
    return rs.wasNull() ? null : v;
  }

  /** An enum column read by name; null when the column is. */
  public static <E extends Enum<E>> E name(ResultSet rs, String column, Class<E> type)
      throws SQLException {
    String v = rs.getString(column);
    return v == null ? null : Enum.valueOf(type, v);
  }
}
