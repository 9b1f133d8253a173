package io.homeward.gateway.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;

/**
 * Refuses start-up when sign-in at an identity provider is on but incomplete (no issuer, client id
 * or readable client secret): otherwise the sign-in page would offer a button that cannot work. The
 * provider itself is asked only when someone signs in (it may start after the gateway).
 */
@ApplicationScoped
public class OidcCheck {
  private final OidcConfig config;

  OidcCheck(OidcConfig config) {
    this.config = config;
  }

  void check(@Observes StartupEvent event) {
    if (!config.enabled()) {
      return;
    }
    if (config.issuer().isEmpty()) {
      throw missing("issuer");
    }
    if (config.clientId().isEmpty() || config.clientId().get().isBlank()) {
      throw missing("client-id");
    }
    if (config.clientSecretFile().isEmpty()) {
      throw missing("client-secret-file");
    }
    try {
      if (Files.readString(config.clientSecretFile().get()).isBlank()) {
        throw missing("client-secret-file (the file is empty)");
      }
    } catch (IOException e) {
      // The path only: the secret never reaches a log.
      throw new IllegalStateException(
          "the OIDC client secret file " + config.clientSecretFile().get() + " cannot be read");
    }
  }

  private static IllegalStateException missing(String key) {
    return new IllegalStateException(
        "homeward.gateway.oidc.enabled is true but homeward.gateway.oidc." + key + " is not set");
  }
}
