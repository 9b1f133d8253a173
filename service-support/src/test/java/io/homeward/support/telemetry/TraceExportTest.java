package io.homeward.support.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Spans go to the configured collector, and without one nowhere. */
class TraceExportTest {
  @Test
  void withAnEndpointTheSpansReachTheCollector() throws IOException {
    List<String> received = new CopyOnWriteArrayList<>();
    HttpServer collector =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    collector.createContext(
        "/v1/traces",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          received.add(
              exchange.getRequestHeaders().getFirst("Content-Type")
                  + " "
                  + new String(body, StandardCharsets.ISO_8859_1));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    collector.start();
    try {
      URI endpoint =
          URI.create("http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces");
      String traceId = exportOneSpan(TraceExport.exporterFor(Optional.of(endpoint)));

      assertThat(received).hasSize(1);
      // OTLP/HTTP protobuf: the trace id travels as its 16 raw bytes.
      assertThat(received.get(0))
          .startsWith("application/x-protobuf ")
          .contains(new String(rawId(traceId), StandardCharsets.ISO_8859_1));
    } finally {
      collector.stop(0);
    }
  }

  @Test
  void withoutAnEndpointNothingIsSent() {
    SpanExporter exporter = TraceExport.exporterFor(Optional.empty());
    // The SDK's no-op: the composite of no exporters, which succeeds without a sender.
    assertThat(exporter).isEqualTo(SpanExporter.composite(List.of()));
    assertThat(exporter.flush().join(1, TimeUnit.SECONDS).isSuccess()).isTrue();
  }

  private static String exportOneSpan(SpanExporter exporter) {
    SdkTracerProvider tracers =
        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    try {
      Span span = tracers.get("test").spanBuilder("one").startSpan();
      span.end();
      tracers.forceFlush().join(10, TimeUnit.SECONDS);
      return span.getSpanContext().getTraceId();
    } finally {
      tracers.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  private static byte[] rawId(String hex) {
    byte[] b = new byte[hex.length() / 2];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
    }
    return b;
  }
}
