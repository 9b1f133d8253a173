package io.homeward.gateway.images;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Image references: 128 random bits as 32 lowercase hex characters. They carry no personal data,
 * cannot be guessed, and are safe as file and object names (no separators, no case folding).
 */
final class ImageRefs {
  private static final Pattern REF = Pattern.compile("[0-9a-f]{32}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private ImageRefs() {}

  static String random() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  static boolean isValid(String ref) {
    return ref != null && REF.matcher(ref).matches();
  }

  /** Refuses anything but a well-formed reference, so no input can name a path of its own. */
  static String require(String ref) {
    if (!isValid(ref)) {
      throw new IllegalArgumentException("not an image reference");
    }
    return ref;
  }
}
