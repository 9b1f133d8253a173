package io.homeward.gateway.accounts;

import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes in the PHC string form ({@code $argon2id$v=19$m=..,t=..,p=..$salt$hash},
 * as the reference implementation writes them), with OWASP's parameters: 19 MiB, 2 passes, one
 * lane. A hash keeps its own parameters, so stronger ones later still verify older hashes.
 * Thread-safe.
 */
@Singleton
public final class Passwords {
  /** The shortest password accepted. */
  public static final int MIN_LENGTH = 12;

  /** The longest (the hash takes any length; a bound keeps one request's work bounded). */
  public static final int MAX_LENGTH = 256;

  static final int MEMORY_KIB = 19 * 1024;
  static final int ITERATIONS = 2;
  static final int PARALLELISM = 1;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final Pattern PHC =
      Pattern.compile(
          "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,2}),p=(\\d{1,2})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private final SecureRandom random = new SecureRandom();
  // Each hash takes 19 MiB and a core for tens of milliseconds: a burst of sign-ins waits here
  // rather than exhausting memory.
  private final Semaphore slots =
      new Semaphore(Math.max(2, Runtime.getRuntime().availableProcessors()), true);
  private volatile String dummy;

  /** A new hash of {@code password} with a fresh salt. */
  public String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] out = derive(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
    return "$argon2id$v=19$m="
        + MEMORY_KIB
        + ",t="
        + ITERATIONS
        + ",p="
        + PARALLELISM
        + "$"
        + B64.encodeToString(salt)
        + "$"
        + B64.encodeToString(out);
  }

  /**
   * Whether {@code password} matches the hash, compared in constant time. A {@code null} hash (an
   * unknown user) is checked against a hash of nothing in particular, taking as long as a real one.
   */
  public boolean verify(String password, String phc) {
    if (phc == null) {
      verify(password == null ? "" : password, dummy());
      return false;
    }
    Matcher m = PHC.matcher(phc);
    if (!m.matches() || password == null || password.length() > MAX_LENGTH) {
      return false;
    }
    byte[] salt = B64D.decode(m.group(4));
    byte[] expected = B64D.decode(m.group(5));
    byte[] actual =
        derive(
            password,
            salt,
            Integer.parseInt(m.group(1)),
            Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3)),
            expected.length);
    return MessageDigest.isEqual(expected, actual);
  }

  /**
   * Refuses a password that is too short or too long, or that contains the username (either way
   * round, ignoring case).
   */
  public void checkAcceptable(String password, String username) {
    if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
      throw new GatewayException(
          ProblemType.PASSWORD_REJECTED,
          "the password must be at least " + MIN_LENGTH + " characters long");
    }
    if (password.length() > MAX_LENGTH) {
      throw new GatewayException(
          ProblemType.PASSWORD_REJECTED,
          "the password must be at most " + MAX_LENGTH + " characters long");
    }
    String p = password.toLowerCase(Locale.ROOT);
    String u = username == null ? "" : username.toLowerCase(Locale.ROOT);
    if (!u.isEmpty() && (p.contains(u) || u.contains(p))) {
      throw new GatewayException(
          ProblemType.PASSWORD_REJECTED, "the password must not contain the username");
    }
  }

  private String dummy() {
    String d = dummy;
    if (d == null) {
      d = hash("no account has this password " + random.nextLong());
      dummy = d;
    }
    return d;
  }

  private byte[] derive(
      String password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
    Argon2Parameters parameters =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(memoryKib)
            .withIterations(iterations)
            .withParallelism(parallelism)
            .withSalt(salt)
            .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(parameters);
    byte[] out = new byte[length];
    slots.acquireUninterruptibly();
    try {
      generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    } finally {
      slots.release();
    }
    return out;
  }
}
