package io.homeward.gateway.support;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.arc.lookup.LookupIfProperty;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * The spans the gateway exported, kept in memory. Quarkus hands its spans to every {@code
 * SpanExporter} bean it looks up; this one is found only where a test profile sets {@code
 * homeward.test.keep-spans=true}, so other tests keep nothing.
 */
@Singleton
public class TestSpans {
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

  @Produces
  @Singleton
  @LookupIfProperty(name = "homeward.test.keep-spans", stringValue = "true")
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
