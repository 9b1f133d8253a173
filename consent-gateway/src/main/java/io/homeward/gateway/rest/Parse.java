package io.homeward.gateway.rest;

import io.homeward.gateway.domain.FaceArea;
import io.homeward.gateway.domain.Vocabulary;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Parses request fields with specific, safe errors. */
final class Parse {
  private Parse() {}

  static <E extends Enum<E>> E required(Class<E> type, String value, String field) {
    if (value == null || value.isBlank()) {
      throw new GatewayException(ProblemType.INVALID_REQUEST, field + " is required");
    }
    return optional(type, value, field);
  }

  static <E extends Enum<E>> E optional(Class<E> type, String value, String field) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new GatewayException(ProblemType.INVALID_REQUEST, unknown(type, field));
    }
  }

  /**
   * "FIELD has an unknown value; accepted: A, B, ..." for an enum field, the accepted values read
   * from the enum itself so that the message never falls behind it.
   */
  static <E extends Enum<E>> String unknown(Class<E> type, String field) {
    return field + " has an unknown value; accepted: " + Vocabulary.accepted(type);
  }

  /**
   * A date {@code YYYY-MM-DD} in the years {@link #year} accepts. ISO dates may carry any year
   * ({@code +999999999-12-31}), which no database column holds: found by fuzzing (issue 17), such a
   * date reached the query or the insert and failed there.
   */
  static LocalDate date(String value, String field) {
    if (value == null || value.isBlank()) {
      return null;
    }
    LocalDate d;
    try {
      d = LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new GatewayException(ProblemType.INVALID_REQUEST, field + " must be YYYY-MM-DD");
    }
    if (d.getYear() < MIN_YEAR || d.getYear() > MAX_YEAR) {
      throw new GatewayException(
          ProblemType.INVALID_REQUEST,
          field + " must be a date between " + MIN_YEAR + " and " + MAX_YEAR);
    }
    return d;
  }

  static final int MIN_YEAR = 1900;
  static final int MAX_YEAR = 2200;

  static Integer year(Integer value, String field) {
    if (value != null && (value < MIN_YEAR || value > MAX_YEAR)) {
      throw new GatewayException(ProblemType.INVALID_REQUEST, field + " is not a plausible year");
    }
    return value;
  }

  static String text(String value, int max, String field) {
    if (value == null) {
      return null;
    }
    if (value.length() > max) {
      throw new GatewayException(
          ProblemType.INVALID_REQUEST, field + " is longer than " + max + " characters");
    }
    return value;
  }

  static String code(String value, String field) {
    if (value == null || value.isBlank()) {
      return null;
    }
    if (!value.matches("[A-Za-z0-9-]{1,16}")) {
      throw new GatewayException(ProblemType.INVALID_REQUEST, field + " is malformed");
    }
    return value;
  }

  static boolean flag(Boolean value) {
    return Boolean.TRUE.equals(value);
  }

  /** The smallest side of a hand-drawn face box (the embedder's landmark model needs 32 pixels). */
  static final int MIN_FACE_BOX_SIDE = 32;

  private static final Pattern FACE_BOX =
      Pattern.compile("^(\\d{1,5}),(\\d{1,5}),(\\d{1,5}),(\\d{1,5})$");

  /**
   * A face box drawn by a person as {@code x,y,width,height} in the photo's pixels (after EXIF
   * orientation): at least 32 pixels a side and sides within 2:1. Whether it lies inside the photo
   * only the embedder can tell (it knows the oriented size).
   */
  static Optional<FaceArea> faceBox(String value, String field) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    var m = FACE_BOX.matcher(value.strip());
    if (!m.matches()) {
      throw new GatewayException(
          ProblemType.INVALID_REQUEST,
          field + " is x,y,width,height in whole pixels of the photo, e.g. 120,80,200,200");
    }
    FaceArea box =
        new FaceArea(
            Integer.parseInt(m.group(1)),
            Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3)),
            Integer.parseInt(m.group(4)));
    int small = Math.min(box.width(), box.height());
    if (small < MIN_FACE_BOX_SIDE) {
      throw new GatewayException(
          ProblemType.FACE_BOX_INVALID,
          field + " is smaller than " + MIN_FACE_BOX_SIDE + " pixels a side");
    }
    if (Math.max(box.width(), box.height()) > 2 * small) {
      throw new GatewayException(
          ProblemType.FACE_BOX_INVALID, field + " is far from square (sides more than 2:1)");
    }
    return Optional.of(box);
  }

  private static final java.util.regex.Pattern REQUEST_KEY =
      java.util.regex.Pattern.compile("[A-Za-z0-9._:-]{1,100}");

  /**
   * A client's idempotency key ({@code Idempotency-Key}): 1 to 100 letters, digits or {@code ._:-},
   * e.g. a UUID; null when absent. An invalid key is refused rather than ignored: ignoring it would
   * store a repeat twice.
   */
  static String requestKey(String value, String field) {
    if (value == null) {
      return null;
    }
    if (!REQUEST_KEY.matcher(value).matches()) {
      throw new GatewayException(
          ProblemType.INVALID_REQUEST,
          field + " is 1 to 100 letters, digits or . _ : - (a UUID, for instance)");
    }
    return value;
  }
}
