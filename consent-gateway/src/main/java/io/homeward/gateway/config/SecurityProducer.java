package io.homeward.gateway.config;

import io.homeward.gateway.security.FieldSealer;
import io.homeward.gateway.security.KeyFiles;
import io.homeward.gateway.security.ProbeHasher;
import io.homeward.gateway.security.ProbeKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/** The gateway's own secret keys, read (or, on one machine, created) at start-up. */
@ApplicationScoped
public class SecurityProducer {
  @Produces
  @ApplicationScoped
  ProbeHasher probeHasher(GatewayConfig config) {
    return new ProbeHasher(
        KeyFiles.readOrCreate(
            config.keys().dir().resolve(ProbeKeys.FILE), 32, config.keys().generate()));
  }

  @Produces
  @ApplicationScoped
  FieldSealer fieldSealer(GatewayConfig config) {
    return FieldSealer.open(config.keys().dir(), config.keys().generate());
  }

  @Produces
  @ApplicationScoped
  Clock clock() {
    return Clock.systemUTC();
  }
}
