package io.homeward.gateway.accounts;

import io.homeward.gateway.domain.Role;
import io.homeward.gateway.store.LocalAccount;
import java.time.Instant;

/** A local account as its user and administrators see it: no hash, no secret. */
public record AccountView(
    String id,
    String username,
    Role role,
    String organisation,
    String locale,
    boolean totpEnrolled,
    boolean locked,
    boolean mustChangePassword,
    Instant createdAt) {

  static AccountView of(LocalAccount a, String defaultLocale) {
    return new AccountView(
        a.subject(),
        a.username(),
        a.role(),
        a.organisation(),
        a.locale() == null ? defaultLocale : a.locale(),
        a.totpEnrolled(),
        a.locked(),
        a.mustChangePassword(),
        a.createdAt());
  }
}
