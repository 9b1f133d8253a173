package io.homeward.gateway.rest;

import io.homeward.gateway.domain.CaseStatus;
import io.homeward.gateway.domain.Side;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.store.CaseRecord;
import io.homeward.gateway.store.CaseStore;
import io.homeward.gateway.store.PageCursor;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The query parameters every list shares ({@code cursor}, {@code limit}) and those of the case
 * list; every list answers the next page's cursor in {@value #NEXT_CURSOR_HEADER}.
 */
final class ListQueries {
  /** The response header that carries the next page's cursor, for every list. */
  static final String NEXT_CURSOR_HEADER = "Homeward-Next-Cursor";

  private ListQueries() {}

  /** A case as listed: no subject data (that is read one case at a time, and audited so). */
  public record CaseSummaryView(
      String id,
      @Schema(implementation = Side.class) String side,
      @Schema(implementation = CaseStatus.class) String status,
      boolean verified,
      String createdAt) {}

  static int limit(Integer limit, int byDefault, int max) {
    int n = limit == null ? byDefault : limit;
    if (n < 1 || n > max) {
      throw new GatewayException(ProblemType.INVALID_REQUEST, "limit is 1 to " + max);
    }
    return n;
  }

  static Optional<PageCursor> cursor(String token, String idPrefix) {
    if (token == null) {
      return Optional.empty();
    }
    Optional<PageCursor> c = PageCursor.decode(token, idPrefix);
    if (c.isEmpty()) {
      throw new GatewayException(
          ProblemType.INVALID_REQUEST, "cursor is not one this service gave");
    }
    return c;
  }

  static CaseStore.CaseFilter caseFilter(
      String side, String status, String registeredFrom, String registeredTo) {
    Optional<Instant> from = day(registeredFrom, "registeredFrom");
    // registeredTo names the last day included.
    Optional<Instant> to = day(registeredTo, "registeredTo").map(d -> d.plusSeconds(24L * 60 * 60));
    if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
      throw new GatewayException(
          ProblemType.INVALID_REQUEST, "registeredFrom is after registeredTo");
    }
    return new CaseStore.CaseFilter(
        Optional.ofNullable(Parse.optional(Side.class, side, "side")),
        Optional.ofNullable(Parse.optional(CaseStatus.class, status, "status")),
        from,
        to);
  }

  static CaseSummaryView caseSummary(CaseRecord c) {
    return new CaseSummaryView(
        c.id(), c.side().name(), c.status().name(), c.verified(), c.createdAt().toString());
  }

  private static Optional<Instant> day(String value, String field) {
    return Optional.ofNullable(Parse.date(value, field))
        .map(x -> x.atStartOfDay(ZoneOffset.UTC).toInstant());
  }
}
