package io.homeward.search.health;

import io.homeward.search.domain.Side;
import io.homeward.search.index.FaceIndex;
import io.homeward.search.index.FaceIndexFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the index answers: a count of the configured space, within three seconds ({@code
 * /q/health/ready}, check {@code index}, with the index's kind and {@code up} or {@code down}).
 * With Milvus down the service can neither store nor search, so it is not ready, and the readiness
 * says Milvus is what is missing. The answer is kept for two seconds.
 */
@Readiness
@ApplicationScoped
public class IndexReadiness implements HealthCheck {
  private static final long DEADLINE_MILLIS = 3_000;
  private static final long KEEP_NANOS = TimeUnit.SECONDS.toNanos(2);

  private final FaceIndex index;
  private final String kind;
  private final ExecutorService probes =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "index-readiness");
            t.setDaemon(true);
            return t;
          });
  private volatile Boolean last;
  private volatile long lastAt;

  @Inject
  public IndexReadiness(FaceIndex index, FaceIndexFactory factory) {
    this(index, factory.kind());
  }

  /** For a test: an index and its kind ({@code milvus} or {@code embedded}). */
  public IndexReadiness(FaceIndex index, String kind) {
    this.index = index;
    this.kind = kind;
  }

  @Override
  public HealthCheckResponse call() {
    boolean up = answers();
    return HealthCheckResponse.named("index")
        .status(up)
        .withData("kind", kind)
        .withData(kind, up ? "up" : "down")
        .build();
  }

  /** Whether the index answered a count in time (kept for two seconds). */
  public synchronized boolean answers() {
    if (last != null && System.nanoTime() - lastAt < KEEP_NANOS) {
      return last;
    }
    CompletableFuture<Long> count =
        CompletableFuture.supplyAsync(() -> index.count(Side.FOUND), probes);
    boolean up;
    try {
      count.get(DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
      up = true;
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      count.cancel(true);
      up = false;
    }
    last = up;
    lastAt = System.nanoTime();
    return up;
  }
}
