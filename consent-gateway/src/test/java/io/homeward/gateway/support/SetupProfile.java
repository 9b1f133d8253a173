package io.homeward.gateway.support;

/** {@link AccountsProfile} on another fresh database: no local account exists at start. */
public class SetupProfile extends AccountsProfile {
  @Override
  protected String database() {
    return "setup-test";
  }
}
