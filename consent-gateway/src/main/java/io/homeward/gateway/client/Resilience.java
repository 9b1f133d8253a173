package io.homeward.gateway.client;

import io.homeward.gateway.config.ClientConfig;
import io.smallrye.faulttolerance.api.Guard;
import java.time.temporal.ChronoUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * One service's faults, owned by its client: a circuit breaker around every call and, around calls
 * that are safe to repeat, retries with exponential backoff. Both judge the raw gRPC status, before
 * {@link GrpcFailures} translates it: only an unreachable or silent service counts against the
 * breaker (a refused image is an answer, not a fault) and only a transient failure is retried.
 */
final class Resilience {
  private static final Logger LOG = Logger.getLogger(Resilience.class);

  private final Downstream service;
  private final Guard breaker;
  private final Guard retries;

  /**
   * @param retryWhen the failures worth another attempt for this service (never a refusal)
   */
  Resilience(Downstream service, ClientConfig config, Predicate<Throwable> retryWhen) {
    this.service = service;
    ClientConfig.Breaker b = config.breaker();
    this.breaker =
        Guard.create()
            .withDescription(service + " circuit breaker")
            .withCircuitBreaker()
            .name(service.id())
            .requestVolumeThreshold(b.requestVolume())
            .failureRatio(b.failureRatio())
            .delay(b.delay().toMillis(), ChronoUnit.MILLIS)
            .when(GrpcFailures::isTransient)
            .onStateChange(state -> LOG.warnf("%s circuit breaker %s", service, state))
            .done()
            .build();
    ClientConfig.Retry r = config.retry();
    this.retries =
        Guard.create()
            .withDescription(service + " retries")
            .withRetry()
            .maxRetries(r.maxRetries())
            .delay(r.initialDelay().toMillis(), ChronoUnit.MILLIS)
            // Spread the attempts of concurrent callers, so they do not return all at once.
            .jitter(r.initialDelay().toMillis() / 2, ChronoUnit.MILLIS)
            .whenException(retryWhen)
            .withExponentialBackoff()
            .factor(2)
            .maxDelay(r.maxDelay().toMillis(), ChronoUnit.MILLIS)
            .done()
            .done()
            .build();
  }

  /**
   * A call that has the same effect however often it runs (a read, a pure function, a write keyed
   * by id): retried on transient failures, each attempt through the breaker.
   */
  <T> T idempotent(Supplier<T> call) {
    try {
      return guarded(retries, () -> guarded(breaker, call));
    } catch (RuntimeException e) {
      throw GrpcFailures.translate(service, e);
    }
  }

  // Guard wants the result type only to tell asynchronous results apart; these calls are blocking.
  @SuppressWarnings("unchecked")
  private static <T> T guarded(Guard guard, Supplier<T> call) {
    return (T) guard.get(call::get, Object.class);
  }
}
