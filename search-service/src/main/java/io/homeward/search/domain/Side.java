package io.homeward.search.domain;

/** Which registry a face belongs to. */
public enum Side {
  /** A family searching for a child: photos from before the disappearance. */
  MISSING,
  /** A person searching for their family, or an unidentified person in care. */
  FOUND;

  /** The side a face of this side is searched against. */
  public Side other() {
    return this == MISSING ? FOUND : MISSING;
  }
}
