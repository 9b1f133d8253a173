package io.homeward.gateway.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.homeward.gateway.config.AdmissionConfig;
import io.homeward.gateway.error.ProblemType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Admission control (issue 17): each kind of request has a number that may be in progress at once
 * ({@link AdmissionConfig}); a request past it is answered at once {@code 503 overloaded} with
 * {@code Retry-After}, before its body is read or a token checked. Without it, an overload queues
 * requests for the worker threads: every answer waits behind the queue, clients time out and send
 * again, and the queue holds their bodies in memory. With it, the requests admitted are served at
 * the speed of an unloaded gateway, and the others learn at once when to come back.
 *
 * <p>The kinds are costs, not endpoints: searches (search-service calls), uploads (the embedder),
 * images (decryption and watermarking), and everything else. A permit is returned when the response
 * ends or the connection closes, whichever comes first, exactly once.
 */
@ApplicationScoped
public class Admission {
  /** What a request costs; each kind has its own limit. */
  public enum Kind {
    SEARCH("searches"),
    UPLOAD("enrolments"),
    IMAGE("images"),
    OTHER("other");

    /** Its limit's property, under {@code homeward.gateway.admission}. */
    final String property;

    Kind(String property) {
      this.property = property;
    }
  }

  private static final Pattern SEARCH =
      Pattern.compile("^/api/v1/(cases/[^/]+/searches|one-time-searches/[^/]+/search)/?$");
  private static final Pattern UPLOAD =
      Pattern.compile("^/api/v1/(cases/[^/]+/photos|one-time-searches|imports/[^/]+/batches)/?$");
  private static final Pattern IMAGE =
      Pattern.compile(
          "^/api/v1/(photos/[^/]+/(image|export)|reviews/[^/]+/faces/[^/]+"
              + "|posters/[^/]+/image|oversight/subject-access/[^/]+/photos/[^/]+)/?$");

  private final AdmissionConfig config;
  private final ObjectMapper json;
  private final Map<Kind, AtomicInteger> inFlight = new EnumMap<>(Kind.class);
  private final Map<Kind, Integer> limits = new EnumMap<>(Kind.class);
  private final Map<Kind, Counter> refused = new EnumMap<>(Kind.class);

  public Admission(
      AdmissionConfig config,
      ObjectMapper json,
      MeterRegistry meters,
      @ConfigProperty(name = "quarkus.thread-pool.max-threads") Optional<Integer> workerThreads) {
    this.config = config;
    this.json = json;
    int cores = Runtime.getRuntime().availableProcessors();
    limits.putAll(limits(config, cores, workerThreads.orElse(Math.max(8 * cores, 200))));
    for (Kind k : Kind.values()) {
      AtomicInteger n = new AtomicInteger();
      inFlight.put(k, n);
      String tag = k.name().toLowerCase(Locale.ROOT);
      Gauge.builder("homeward.gateway.admission.in.flight", n, AtomicInteger::get)
          .description("Requests of this kind in progress")
          .tag("kind", tag)
          .register(meters);
      refused.put(
          k,
          Counter.builder("homeward.gateway.admission.refused")
              .description("Requests answered 503 overloaded because their kind was at its limit")
              .tag("kind", tag)
              .register(meters));
    }
  }

  /**
   * Each kind's limit: as configured, or by default per core (8 searches, 4 uploads, 8 images, 64
   * other), the defaults scaled down together where all the limits would pass the worker pool.
   */
  static Map<Kind, Integer> limits(AdmissionConfig config, int cores, int workerThreads) {
    Map<Kind, Optional<Integer>> set = new EnumMap<>(Kind.class);
    set.put(Kind.SEARCH, config.searches());
    set.put(Kind.UPLOAD, config.enrolments());
    set.put(Kind.IMAGE, config.images());
    set.put(Kind.OTHER, config.other());
    Map<Kind, Integer> perCore =
        Map.of(Kind.SEARCH, 8, Kind.UPLOAD, 4, Kind.IMAGE, 8, Kind.OTHER, 64);
    int fixed = 0;
    int defaults = 0;
    for (Kind k : Kind.values()) {
      if (set.get(k).isPresent()) {
        int v = set.get(k).get();
        if (v < 1) {
          throw new IllegalArgumentException(
              "homeward.gateway.admission." + k.property + " must be at least 1");
        }
        fixed += v;
      } else {
        defaults += perCore.get(k) * cores;
      }
    }
    // Room left in the worker pool for the kinds not configured (a few threads kept spare).
    int room = Math.max(0, workerThreads - 8 - fixed);
    double scale = defaults == 0 || defaults <= room ? 1 : (double) room / defaults;
    Map<Kind, Integer> out = new EnumMap<>(Kind.class);
    for (Kind k : Kind.values()) {
      out.put(
          k,
          set.get(k)
              .orElseGet(() -> Math.max(1, (int) Math.floor(perCore.get(k) * cores * scale))));
    }
    return out;
  }

  /** The kind of a request, by its method and normalised path. */
  public static Kind kindOf(HttpMethod method, String path) {
    if (path == null) {
      return Kind.OTHER;
    }
    if (HttpMethod.POST.equals(method)) {
      if (SEARCH.matcher(path).matches()) {
        return Kind.SEARCH;
      }
      if (UPLOAD.matcher(path).matches()) {
        return Kind.UPLOAD;
      }
    } else if (HttpMethod.GET.equals(method) && IMAGE.matcher(path).matches()) {
      return Kind.IMAGE;
    }
    return Kind.OTHER;
  }

  /** The limit of a kind. */
  public int limit(Kind kind) {
    return limits.get(kind);
  }

  /** Requests of a kind in progress now. */
  public int inFlight(Kind kind) {
    return inFlight.get(kind).get();
  }

  /**
   * Takes a permit of the kind if one is free. The caller must {@link #release} it exactly once.
   */
  boolean tryAcquire(Kind kind) {
    AtomicInteger n = inFlight.get(kind);
    int limit = limits.get(kind);
    while (true) {
      int now = n.get();
      if (now >= limit) {
        refused.get(kind).increment();
        return false;
      }
      if (n.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  void release(Kind kind) {
    inFlight.get(kind).decrementAndGet();
  }

  void install(@Observes Router router) {
    if (config.enabled()) {
      // First of all handlers: a refusal costs no body, no token check, no database.
      router.route().order(Integer.MIN_VALUE + 90).handler(this::admit);
    }
  }

  private void admit(RoutingContext ctx) {
    Kind kind = kindOf(ctx.request().method(), ctx.normalizedPath());
    if (!tryAcquire(kind)) {
      refuse(ctx, kind);
      return;
    }
    AtomicBoolean released = new AtomicBoolean();
    Runnable once =
        () -> {
          if (released.compareAndSet(false, true)) {
            release(kind);
          }
        };
    // Called once, when the response ends, fails or its connection closes (a client gone away).
    ctx.addEndHandler(done -> once.run());
    ctx.next();
  }

  private void refuse(RoutingContext ctx, Kind kind) {
    ProblemType type = ProblemType.OVERLOADED;
    RouteProblems.end(
        ctx,
        json,
        type,
        "the gateway is at its limit of "
            + kind.name().toLowerCase(Locale.ROOT)
            + " requests in progress; retry after "
            + type.retryAfterSeconds()
            + " s");
  }
}
