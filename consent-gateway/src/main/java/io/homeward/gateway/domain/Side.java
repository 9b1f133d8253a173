package io.homeward.gateway.domain;

/** Which registry a case belongs to. */
public enum Side {
  /** A family searching for a child. */
  MISSING,
  /** A person searching for their family, or an unidentified person in care. */
  FOUND;

  public Side other() {
    return this == MISSING ? FOUND : MISSING;
  }
}
