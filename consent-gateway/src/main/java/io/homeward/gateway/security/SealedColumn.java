package io.homeward.gateway.security;

import java.util.List;

/**
 * A database column holding values sealed by {@link FieldSealer}: the rotation re-seals every one.
 * A new sealed column is added to {@link #ALL}, or a rotation would retire the key it needs.
 *
 * @param table the table
 * @param idColumn its primary key (a string), to page through it
 * @param column the sealed column
 * @param field the associated data the values are sealed with
 */
public record SealedColumn(String table, String idColumn, String column, String field) {
  /** Every sealed column of the gateway's database. */
  public static final List<SealedColumn> ALL =
      List.of(
          new SealedColumn("subjects", "id", "location_sealed", "subjects.location"),
          new SealedColumn("consents", "id", "justification_sealed", "consents.justification"),
          new SealedColumn("accounts", "subject", "totp_secret_sealed", "accounts.totp"),
          new SealedColumn("accounts", "subject", "totp_pending_sealed", "accounts.totp"),
          new SealedColumn("review_observations", "id", "note_sealed", "review_observations.note"),
          new SealedColumn(
              "review_items", "id", "referral_note_sealed", "review_items.referral_note"));

  @Override
  public String toString() {
    return table + "." + column;
  }
}
