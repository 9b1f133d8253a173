package io.homeward.gateway.support;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock plus an offset that tests move forward (idle timeouts, TOTP steps, token
 * expiry). Enabled only by the profiles that list it ({@link AccountsProfile}); it never goes back,
 * so other records (the audit chain) stay in order.
 */
public final class TestClock extends Clock {
  private static volatile Duration offset = Duration.ZERO;

  /** Moves every clock of the gateway forward. */
  public static synchronized void advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("the test clock only moves forward");
    }
    offset = offset.plus(by);
  }

  public static Instant now() {
    return Instant.now().plus(offset);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now();
  }

  /** The producer the profiles enable in place of the system clock. */
  @Alternative
  @ApplicationScoped
  public static class Producer {
    @Produces
    @Alternative
    @ApplicationScoped
    Clock clock() {
      return new TestClock();
    }
  }
}
