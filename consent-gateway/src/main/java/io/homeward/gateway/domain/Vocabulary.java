package io.homeward.gateway.domain;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The accepted values of a closed vocabulary, as error messages list them. */
public final class Vocabulary {
  private Vocabulary() {}

  /** The enum's constant names in declaration order, comma-separated. */
  public static String accepted(Class<? extends Enum<?>> type) {
    return Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
  }
}
