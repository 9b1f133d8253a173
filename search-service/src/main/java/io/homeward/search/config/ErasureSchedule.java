package io.homeward.search.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks at start that the erasure settings keep PRIVACY.md rule 18: a removed face's bytes leave
 * Milvus' segment files within 24 h. The worst case is a removal just after a pass: it is marked
 * {@code expunge-after} old one pass period late at most, and the compaction runs at the pass after
 * that, so {@code expunge-after + 2 x expunge-every} must stay under {@link #LIMIT}, which leaves
 * two hours for the compaction and the server's garbage collection.
 */
final class ErasureSchedule {
  static final Duration LIMIT = Duration.ofHours(18);

  private static final Pattern SHORT = Pattern.compile("(\\d+)([smhd])");

  private ErasureSchedule() {}

  /** {@code after}, once checked against the pass period {@code expungeEvery}. */
  static Duration checkedExpungeAfter(Duration after, String expungeEvery) {
    Optional<Duration> every = period(expungeEvery);
    if (every.isEmpty()) {
      throw new IllegalStateException(
          "homeward.search.erasure.expunge-every must be a period such as 1h when Milvus holds the"
              + " faces: removed faces must leave its segment files within 24 h");
    }
    if (after.plus(every.get().multipliedBy(2)).compareTo(LIMIT) > 0) {
      throw new IllegalStateException(
          "homeward.search.milvus.expunge-after plus twice homeward.search.erasure.expunge-every"
              + " must stay within 18 h (PRIVACY.md rule 18: removed faces off disk within 24 h, and Milvus'"
              + " garbage collection takes up to 4 h after the compaction)");
    }
    return after;
  }

  /**
   * The period of a scheduler {@code every} value ({@code 30m}, {@code 1h}, {@code PT1H}); empty
   * for {@code off}, {@code disabled} or a value that is not a period.
   */
  static Optional<Duration> period(String every) {
    String value = every == null ? "" : every.trim().toLowerCase(Locale.ROOT);
    Matcher m = SHORT.matcher(value);
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        return Optional.of(
            switch (m.group(2)) {
              case "s" -> Duration.ofSeconds(n);
              case "m" -> Duration.ofMinutes(n);
              case "h" -> Duration.ofHours(n);
              default -> Duration.ofDays(n);
            });
      }
      if (value.startsWith("p")) {
        return Optional.of(Duration.parse(value.toUpperCase(Locale.ROOT)));
      }
    } catch (ArithmeticException | java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }
}
