package io.homeward.gateway.health;

import io.homeward.gateway.client.EmbedderClient;
import io.homeward.gateway.client.SearchClient;
import io.homeward.gateway.db.Database;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * What the gateway depends on, each asked within a second or two: the database, the embedder and
 * the search service ({@code /q/health/ready}, check {@code dependencies}, one entry each, {@code
 * up} or {@code down}).
 *
 * <p>Only the database makes the gateway not ready: without it nothing can be done or audited. With
 * the embedder down, enrolments and searches answer 503 with a Retry-After at once (the breaker);
 * with the search service (or its Milvus) down, enrolments are still stored and wait in the outbox.
 * Taking every gateway out of service for those would refuse what still works, so they are
 * reported, not failed. The answer is kept for two seconds, so a burst of probes costs one round of
 * calls.
 */
@Readiness
@ApplicationScoped
public class DependenciesReadiness implements HealthCheck {
  private static final Duration DEADLINE = Duration.ofMillis(1500);
  private static final long KEEP_NANOS = TimeUnit.SECONDS.toNanos(2);

  private final Database db;
  private final EmbedderClient embedder;
  private final SearchClient search;
  private final ExecutorService probes =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "readiness-probe");
            t.setDaemon(true);
            return t;
          });
  private volatile Map<String, Boolean> last;
  private volatile long lastAt;

  public DependenciesReadiness(Database db, EmbedderClient embedder, SearchClient search) {
    this.db = db;
    this.embedder = embedder;
    this.search = search;
  }

  @Override
  public HealthCheckResponse call() {
    Map<String, Boolean> up = current();
    HealthCheckResponseBuilder r =
        HealthCheckResponse.named("dependencies").status(up.get("database"));
    up.forEach((name, ok) -> r.withData(name, ok ? "up" : "down"));
    return r.build();
  }

  /** Each dependency: whether it answered in time. */
  public synchronized Map<String, Boolean> current() {
    if (last != null && System.nanoTime() - lastAt < KEEP_NANOS) {
      return last;
    }
    CompletableFuture<Boolean> database = probe(this::databaseAnswers);
    CompletableFuture<Boolean> emb = probe(() -> embedder.answers(DEADLINE));
    CompletableFuture<Boolean> srch = probe(() -> search.answers(DEADLINE));
    Map<String, Boolean> up = new LinkedHashMap<>();
    up.put("database", settle(database));
    up.put("embedder", settle(emb));
    up.put("search", settle(srch));
    last = Map.copyOf(up);
    lastAt = System.nanoTime();
    return up;
  }

  private boolean databaseAnswers() {
    return db.inTransaction(
        tx -> {
          try (Statement st = tx.createStatement()) {
            st.setQueryTimeout(2);
            try (ResultSet rs = st.executeQuery("select 1")) {
              return rs.next();
            }
          }
        });
  }

  private CompletableFuture<Boolean> probe(BooleanSupplier check) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return check.getAsBoolean();
          } catch (RuntimeException e) {
            return false;
          }
        },
        probes);
  }

  /** The probe's answer, or down when it did not come within the deadline and a little more. */
  private static boolean settle(CompletableFuture<Boolean> f) {
    try {
      return f.get(DEADLINE.toMillis() + 500, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      f.cancel(true);
      return false;
    }
  }
}
