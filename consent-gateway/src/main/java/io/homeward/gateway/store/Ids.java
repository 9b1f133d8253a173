package io.homeward.gateway.store;

import java.math.BigInteger;
import java.security.SecureRandom;

/** Random, pseudonymous identifiers: they carry no personal data and cannot be guessed. */
public final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  /** A prefixed id of 26 base-32 characters (130 random bits), e.g. {@code c-...} for a case. */
  public static String newId(String prefix) {
    String digits = new BigInteger(130, RANDOM).toString(32);
    return prefix + "-" + "0".repeat(26 - digits.length()) + digits;
  }

  /** A positive 63-bit face id for the search service. */
  public static long newFaceId() {
    long id;
    do {
      id = RANDOM.nextLong() & Long.MAX_VALUE;
    } while (id == 0);
    return id;
  }

  /** Whether a string has the shape of an id made here (so it can be used safely in lookups). */
  public static boolean looksLike(String prefix, String id) {
    return id != null && id.matches(prefix + "-[0-9a-v]{26}");
  }
}
