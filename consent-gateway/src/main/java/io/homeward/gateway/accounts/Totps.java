package io.homeward.gateway.accounts;

/** Where TOTP secrets are sealed (the field keys' associated data names the column). */
final class Totps {
  /** The associated data of a sealed TOTP secret (see {@code SealedColumn}). */
  static final String FIELD = "accounts.totp";

  private Totps() {}
}
