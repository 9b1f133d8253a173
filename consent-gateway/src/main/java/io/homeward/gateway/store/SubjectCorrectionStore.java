package io.homeward.gateway.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;

/** Corrections of a subject's data (PRIVACY.md rule 21). Runs in the caller's transaction. */
@ApplicationScoped
public class SubjectCorrectionStore {
  /** Writes the subject's correctable fields as given (the caller merged and validated them). */
  public void correct(Connection tx, SubjectRecord s) throws SQLException {
    Sql.update(
        tx,
        "update subjects set sex = ?, birth_year_from = ?, birth_year_to = ?, event_date = ?,"
            + " region_code = ? where id = ?",
        p ->
            p.name(s.sex())
                .integer(s.birthYearFrom())
                .integer(s.birthYearTo())
                .date(s.eventDate())
                .string(s.regionCode())
                .string(s.id()));
  }
}
