package io.homeward.gateway.rest;

import io.homeward.gateway.domain.AlertKind;
import io.homeward.gateway.domain.Vocabulary;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.store.AlertStore;
import java.time.Instant;
import java.util.Optional;

/** Reads the alert list's query parameters and writes its rows. */
final class AlertQueries {
  private AlertQueries() {}

  static int limit(Integer limit) {
    int n = limit == null ? 100 : limit;
    if (n < 1 || n > 500) {
      throw new GatewayException(ProblemType.INVALID_REQUEST, "limit is 1 to 500");
    }
    return n;
  }

  static AlertStore.Query parse(Integer limit, String cursor, String kind, String state) {
    int n = limit(limit);
    Optional<AlertStore.Cursor> after = Optional.empty();
    if (cursor != null) {
      after = AlertStore.Cursor.decode(cursor);
      if (after.isEmpty()) {
        throw new GatewayException(
            ProblemType.INVALID_REQUEST, "cursor is not one this service gave");
      }
    }
    // Well-formed kinds outside AlertKind are accepted and match nothing the gateway raises (tests
    // and older rows use their own); a malformed one is refused with the list.
    if (kind != null && !kind.matches("[A-Z_]{1,32}")) {
      throw new GatewayException(
          ProblemType.INVALID_REQUEST,
          "kind is malformed; the kinds raised: " + Vocabulary.accepted(AlertKind.class));
    }
    AlertStore.State s =
        state == null
            ? AlertStore.State.UNRESOLVED
            : Parse.required(AlertStore.State.class, state, "state");
    return new AlertStore.Query(Optional.empty(), Optional.ofNullable(kind), s, after, n);
  }

  static Dtos.AlertView view(AlertStore.Row a) {
    return new Dtos.AlertView(
        a.id(),
        a.kind(),
        a.about(),
        a.caseId(),
        a.raisedAt().toString(),
        a.state().name(),
        a.acknowledgedBy(),
        text(a.acknowledgedAt()),
        a.resolvedBy(),
        text(a.resolvedAt()),
        a.aboutFlagged(),
        a.aboutProtectedHits());
  }

  private static String text(Instant i) {
    return i == null ? null : i.toString();
  }
}
