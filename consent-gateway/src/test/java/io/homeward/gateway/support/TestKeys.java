package io.homeward.gateway.support;

import io.homeward.gateway.cli.LocalTokens;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** Creates the local signing key before the gateway starts, and mints tokens for tests. */
public class TestKeys implements QuarkusTestResourceLifecycleManager {
  public static final Path DIR = Path.of("target/test-keys");

  @Override
  public Map<String, String> start() {
    LocalTokens.ensureKeys(DIR);
    return Map.of();
  }

  @Override
  public void stop() {}

  public static PrivateKey key() {
    return LocalTokens.ensureKeys(DIR);
  }

  /** A valid token for one user. */
  public static String token(String subject, String org, String... roles) {
    return LocalTokens.mint(key(), subject, org, Set.of(roles), Duration.ofMinutes(10));
  }
}
