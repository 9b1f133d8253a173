package io.homeward.gateway.rest;

import io.homeward.gateway.domain.Vocabulary;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;

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

  static LocalDate date(String value, String field) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new GatewayException(ProblemType.INVALID_REQUEST, field + " must be YYYY-MM-DD");
    }
  }

  static Integer year(Integer value, String field) {
    if (value != null && (value < 1900 || value > 2200)) {
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
}
