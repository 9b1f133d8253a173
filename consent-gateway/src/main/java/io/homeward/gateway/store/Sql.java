package io.homeward.gateway.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;

/** Small JDBC helpers shared by the stores. */
final class Sql {
  private Sql() {}

  static Timestamp ts(Instant i) {
    return i == null ? null : Timestamp.from(i);
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  static Integer integer(ResultSet rs, String column) throws SQLException {
    int v = rs.getInt(column);
    return rs.wasNull() ? null : v;
  }

  static Float real(ResultSet rs, String column) throws SQLException {
    float v = rs.getFloat(column);
    return rs.wasNull() ? null : v;
  }

  static void setInteger(PreparedStatement ps, int index, Integer value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.INTEGER);
    } else {
      ps.setInt(index, value);
    }
  }

  static void setReal(PreparedStatement ps, int index, Float value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.REAL);
    } else {
      ps.setFloat(index, value);
    }
  }
}
