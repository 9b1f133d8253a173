package io.homeward.gateway.accounts;

import java.util.Locale;
import java.util.regex.Pattern;

/** Usernames: 3 to 64 letters, digits, dots, dashes and underscores, compared in lower case. */
final class Usernames {
  static final Pattern SHAPE = Pattern.compile("[a-z0-9][a-z0-9._-]{2,63}");

  private Usernames() {}

  /** The username in lower case, or {@code null} when it has not the shape of one. */
  static String normalise(String username) {
    if (username == null) {
      return null;
    }
    String u = username.trim().toLowerCase(Locale.ROOT);
    return SHAPE.matcher(u).matches() ? u : null;
  }
}
