package io.homeward.gateway.support;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A collector's OTLP/HTTP traces endpoint in the test JVM: it keeps the body of every export (a
 * protobuf {@code ExportTraceServiceRequest}) and answers with an empty response message. Trace ids
 * travel in it as their 16 raw bytes, which is what {@link #received} looks for.
 */
public class OtlpReceiver implements QuarkusTestResourceLifecycleManager {
  private static final List<byte[]> exports = new CopyOnWriteArrayList<>();
  private HttpServer server;

  /** Whether an export so far held a span of this trace. */
  public static boolean received(String traceId) {
    byte[] id = HexFormat.of().parseHex(traceId);
    return exports.stream().anyMatch(body -> indexOf(body, id) >= 0);
  }

  @Override
  public Map<String, String> start() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/v1/traces",
        exchange -> {
          exports.add(exchange.getRequestBody().readAllBytes());
          exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
    return Map.of(
        "homeward.traces.otlp-endpoint",
        "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces");
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
