package io.homeward.gateway.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Where a page of a list ends: the last row's time and id (keyset pagination, newest first: rows
 * added while a client pages are newer than its first page and never shift a later one).
 *
 * @param at the last row's time
 * @param id the last row's id (ties of time broken by id)
 */
public record PageCursor(Instant at, String id) {
  /** An opaque token for the client. */
  public String encode() {
    String raw = at.getEpochSecond() + "." + at.getNano() + "." + id;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** Reads a token from {@link #encode} for ids with this prefix; empty when it is not one. */
  public static Optional<PageCursor> decode(String token, String idPrefix) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      String[] parts = raw.split("\\.", 3);
      if (parts.length != 3 || !Ids.looksLike(idPrefix, parts[2])) {
        return Optional.empty();
      }
      return Optional.of(
          new PageCursor(
              Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])), parts[2]));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
