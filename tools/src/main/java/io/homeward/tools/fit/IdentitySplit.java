package io.homeward.tools.fit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * A fixed, reproducible split of identities into train and test: each identity goes to the test
 * side when a hash of the seed and its label falls below the test fraction. The same person is
 * never on both sides, the split of one identity does not depend on which others are present (a
 * subset of a manifest splits the same way), and anyone can recompute it from the seed.
 *
 * @param seed mixed into every identity's hash
 * @param testFraction share of identities on the test side, in (0, 1)
 */
public record IdentitySplit(long seed, double testFraction) {
  public IdentitySplit {
    if (!(testFraction > 0 && testFraction < 1)) {
      throw new IllegalArgumentException("test fraction must lie strictly between 0 and 1");
    }
  }

  public boolean isTest(String subject) {
    return unit(seed, "test", subject) < testFraction;
  }

  /** Inner cross-validation fold (0..folds-1) of a train identity. */
  public int fold(String subject, int folds) {
    return (int) Math.min(folds - 1, Math.floor(unit(seed, "fold", subject) * folds));
  }

  /**
   * A short digest of the sorted test identities among {@code subjects}, recorded with fitted
   * parameters so an evaluation can check that it holds out the same people.
   */
  public String testDigest(Collection<String> subjects) {
    TreeSet<String> test = new TreeSet<>();
    subjects.forEach(
        s -> {
          if (isTest(s)) {
            test.add(s);
          }
        });
    return "sha256:" + HexFormat.of().formatHex(sha256(String.join("\n", test))).substring(0, 16);
  }

  /** How to recompute it, for provenance. */
  public String describe(Collection<String> subjects) {
    long test = subjects.stream().distinct().filter(this::isTest).count();
    long all = subjects.stream().distinct().count();
    return String.format(
        Locale.ROOT,
        "by identity: test when the first 8 bytes of sha256(\"%d/test/<subject>\") / 2^64 < %s;"
            + " seed %d, test fraction %s: %d of %d identities held out (%s)",
        seed,
        testFraction,
        seed,
        testFraction,
        test,
        all,
        testDigest(subjects));
  }

  /** The test-side identities of {@code subjects}, sorted. */
  public List<String> testSubjects(Collection<String> subjects) {
    return subjects.stream().distinct().filter(this::isTest).sorted().toList();
  }

  private static double unit(long seed, String purpose, String subject) {
    byte[] h = sha256(seed + "/" + purpose + "/" + subject);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (h[i] & 0xff);
    }
    return (v >>> 11) * 0x1.0p-53;
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
