package io.homeward.gateway.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses start-up when the token verification key is a local file that is missing: otherwise the
 * gateway would start and answer every request 401, and the cause would show only in a debug log. A
 * key at an identity provider's URL is fetched by SmallRye JWT itself.
 */
@ApplicationScoped
public class SigningKeyCheck {
  private final String location;

  SigningKeyCheck(@ConfigProperty(name = "mp.jwt.verify.publickey.location") String location) {
    this.location = location;
  }

  void check(@Observes StartupEvent event) {
    Path file = localFile(location);
    if (file != null && !Files.isRegularFile(file)) {
      throw new IllegalStateException(
          "the token verification key "
              + file
              + " is missing: set mp.jwt.verify.publickey.location (HOMEWARD_JWT_KEYS) to the"
              + " identity provider's keys, or on one machine create the local key pair in"
              + " homeward.gateway.keys.signing-dir (HOMEWARD_SIGNING_KEYS_DIR) with"
              + " ./homeward token");
    }
  }

  /** The file behind a location, or null when it is a URL or a class-path resource. */
  static Path localFile(String location) {
    if (location.startsWith("file://")) {
      return Path.of(location.substring("file://".length()));
    }
    if (location.startsWith("file:")) {
      return Path.of(location.substring("file:".length()));
    }
    if (location.contains("://") || location.startsWith("classpath:")) {
      return null;
    }
    return Path.of(location);
  }
}
