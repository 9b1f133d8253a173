package io.homeward.gateway.rest;

import io.homeward.gateway.auth.SessionAuthentication;
import io.homeward.gateway.config.AccountsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The session cookie, however the session was opened: HttpOnly, SameSite=Strict, and {@code Secure}
 * unless the gateway listens on loopback only (or as configured).
 */
@ApplicationScoped
public class SessionCookies {
  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1", "[::1]");

  private final boolean secure;

  public SessionCookies(
      AccountsConfig config, @ConfigProperty(name = "quarkus.http.host") String host) {
    this.secure = config.secureCookie().orElse(!LOOPBACK.contains(host));
  }

  /** Whether cookies are marked {@code Secure}. */
  boolean secure() {
    return secure;
  }

  /** The {@code Set-Cookie} value of a session just opened. */
  String session(String value) {
    return SessionAuthentication.COOKIE
        + "="
        + value
        + "; Path=/; HttpOnly; SameSite=Strict"
        + (secure ? "; Secure" : "");
  }

  /** The {@code Set-Cookie} value that clears the session cookie. */
  String cleared() {
    return SessionAuthentication.COOKIE
        + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"
        + (secure ? "; Secure" : "");
  }
}
