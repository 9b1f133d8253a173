package io.homeward.gateway.support;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * The spans the gateway exported, kept in memory (enabled as an alternative by the test profiles
 * that read spans; Quarkus hands every {@code SpanExporter} bean its spans).
 */
@Alternative
@Singleton
public class TestSpans {
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

  @Produces
  @Singleton
  InMemorySpanExporter exporter() {
    return exporter;
  }

  /** Waits (up to 10 s) until the spans of one trace include one that matches; returns them all. */
  public static List<SpanData> awaitTrace(
      InMemorySpanExporter exporter, String traceId, Predicate<SpanData> until) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      List<SpanData> spans =
          exporter.getFinishedSpanItems().stream()
              .filter(s -> s.getTraceId().equals(traceId))
              .toList();
      if (spans.stream().anyMatch(until) || System.nanoTime() > deadline) {
        return spans;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return spans;
      }
    }
  }
}
