package io.homeward.gateway.domain;

/** The age bands of the audit record and of redaction. */
public final class AgeBands {
  private AgeBands() {}

  public static String of(Float age) {
    if (age == null) {
      return "unknown";
    }
    if (age < 6) {
      return "0-5";
    }
    if (age < 13) {
      return "6-12";
    }
    if (age < 18) {
      return "13-17";
    }
    return "18+";
  }

  /** A minor, or an unknown age (treated as a minor's). */
  public static boolean minorOrUnknown(Float age) {
    return age == null || age < 18;
  }
}
