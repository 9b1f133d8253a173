package io.homeward.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Local accounts and browser sessions (one machine; a cluster signs in at its identity provider).
 */
@ConfigMapping(prefix = "homeward.gateway.accounts")
public interface AccountsConfig {
  /**
   * Failed sign-ins (a wrong password or second-factor code) after which the account is locked
   * until a privacy officer unlocks it; the lock-out raises an {@code ACCOUNT_LOCKED} alert.
   */
  @WithDefault("5")
  int maxFailedSignIns();

  /** A session with no request for this long ends (the user signs in again). */
  @WithDefault("30m")
  Duration idleTimeout();

  /** A session ends this long after sign-in, however active it is. */
  @WithDefault("12h")
  Duration absoluteLifetime();

  /** How long the one-time setup link for the first administrator stays valid. */
  @WithDefault("24h")
  Duration setupTokenLifetime();

  /**
   * Where the gateway writes the setup link while no local account exists (owner-only permissions),
   * for {@code ./homeward serve} to show; deleted once the link is used.
   */
  Path setupLinkFile();

  /** The address users open, from which the setup link is made ({@code <url>/setup#token=...}). */
  String publicUrl();

  /**
   * Whether the session cookie is marked {@code Secure}. Unset: {@code Secure} unless the gateway
   * listens on loopback only (plain HTTP on one machine; behind TLS everywhere else).
   */
  Optional<Boolean> secureCookie();

  /** The language of an account that has not chosen one: {@code zh-CN} or {@code en}. */
  @WithDefault("zh-CN")
  String defaultLocale();
}
