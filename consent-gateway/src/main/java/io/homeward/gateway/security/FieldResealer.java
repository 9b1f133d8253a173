package io.homeward.gateway.security;

import com.google.crypto.tink.Aead;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Re-seals every sealed column under a keyset's primary key, a row at a time. Each row is one
 * compare-and-set update (the row changes only if it still holds the value read), committed on its
 * own: a crash leaves every row sealed under a key of the keyset, and a rerun skips the rows that
 * already open with the primary alone. Never logs a value or an id.
 */
public final class FieldResealer {
  private static final int PAGE = 500;

  private final Aead all;
  private final Aead primaryOnly;
  private final Consumer<String> progress;

  /**
   * @param all the keyset's AEAD (the primary seals, every key opens)
   * @param primaryOnly the AEAD of the primary key alone: what opens with it needs no re-seal
   * @param progress receives lines such as {@code subjects.location_sealed: 500/1200}
   */
  public FieldResealer(Aead all, Aead primaryOnly, Consumer<String> progress) {
    this.all = all;
    this.primaryOnly = primaryOnly;
    this.progress = progress;
  }

  /** Re-seals one column; autocommit is switched on for the connection. */
  public Reseal reseal(Connection c, SealedColumn col) throws SQLException {
    c.setAutoCommit(true);
    long total = count(c, col);
    long seen = 0;
    long resealed = 0;
    long failed = 0;
    String last = "";
    String page =
        "select "
            + col.idColumn()
            + ", "
            + col.column()
            + " from "
            + col.table()
            + " where "
            + col.column()
            + " is not null and "
            + col.idColumn()
            + " > ? order by "
            + col.idColumn()
            + " limit "
            + PAGE;
    String update =
        "update "
            + col.table()
            + " set "
            + col.column()
            + " = ? where "
            + col.idColumn()
            + " = ? and "
            + col.column()
            + " = ?";
    byte[] ad = col.field().getBytes(StandardCharsets.UTF_8);
    boolean more = true;
    while (more) {
      int rows = 0;
      try (PreparedStatement select = c.prepareStatement(page)) {
        select.setString(1, last);
        try (ResultSet rs = select.executeQuery();
            PreparedStatement write = c.prepareStatement(update)) {
          while (rs.next()) {
            rows++;
            seen++;
            last = rs.getString(1);
            byte[] sealed = rs.getBytes(2);
            if (opens(primaryOnly, sealed, ad)) {
              continue;
            }
            byte[] resealedValue;
            try {
              byte[] plain = all.decrypt(sealed, ad);
              resealedValue = all.encrypt(plain, ad);
              Arrays.fill(plain, (byte) 0);
            } catch (GeneralSecurityException e) {
              failed++;
              continue;
            }
            write.setBytes(1, resealedValue);
            write.setString(2, last);
            write.setBytes(3, sealed);
            // 0 rows: the value changed meanwhile (the gateway ran?); the next run looks again.
            resealed += write.executeUpdate();
            if (seen % PAGE == 0) {
              progress.accept(col + ": " + seen + "/" + total);
            }
          }
        }
      }
      more = rows == PAGE;
    }
    progress.accept(
        col + ": " + seen + "/" + total + " (" + resealed + " re-sealed, " + failed + " failed)");
    return new Reseal(seen, resealed, failed);
  }

  private static long count(Connection c, SealedColumn col) throws SQLException {
    try (PreparedStatement s =
            c.prepareStatement(
                "select count(*) from " + col.table() + " where " + col.column() + " is not null");
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static boolean opens(Aead aead, byte[] sealed, byte[] ad) {
    try {
      Arrays.fill(aead.decrypt(sealed, ad), (byte) 0);
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
