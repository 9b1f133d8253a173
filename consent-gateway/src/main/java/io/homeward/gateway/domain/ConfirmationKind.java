package io.homeward.gateway.domain;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** What confirmed an identity before a case may become {@code REUNIFIED} (rule 12). */
public enum ConfirmationKind {
  /** A DNA match. */
  DNA,
  /** An identity document. */
  DOCUMENT;

  /** The kind spelled exactly as its name; clients send the name as it is. */
  public static Optional<ConfirmationKind> named(String name) {
    return Arrays.stream(values()).filter(k -> k.name().equals(name)).findFirst();
  }

  /** The accepted names, for an error message: {@code "DNA or DOCUMENT"}. */
  public static String accepted() {
    String[] names = Arrays.stream(values()).map(Enum::name).toArray(String[]::new);
    return names.length == 1
        ? names[0]
        : Arrays.stream(names, 0, names.length - 1).collect(Collectors.joining(", "))
            + " or "
            + names[names.length - 1];
  }
}
