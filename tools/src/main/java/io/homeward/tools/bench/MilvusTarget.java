package io.homeward.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.homeward.search.domain.VectorSpace;
import io.homeward.search.index.FaceIndex;
import io.homeward.search.store.milvus.MilvusConsistency;
import io.homeward.search.store.milvus.MilvusFaceIndexFactory;
import io.homeward.search.store.milvus.MilvusIndexBuild;
import io.homeward.search.store.milvus.MilvusSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * A Milvus server through {@link MilvusFaceIndexFactory}, with a collection prefix unique to the
 * run. The factory offers no drop, and the SDK may only be used in the store package: the
 * collection is dropped through Milvus' RESTful API (v1, served on the gRPC port since 2.3); if
 * that fails, the benchmark's faces are removed through the index and the empty collection stays.
 *
 * <p>Settling: flush, then wait until every sealed segment is served through its HNSW index (Milvus
 * 2.3 searches growing segments through an interim IVF index that ignores {@code ef}). The search
 * setting is {@code ef}.
 *
 * <p>Memory: the RSS of the local server process ({@code milvus run standalone}), read from /proc;
 * only when the host is local.
 */
final class MilvusTarget implements BenchTarget {
  static final String KIND = "milvus";
  static final String SERVER_COMMAND = "milvus run standalone";

  private final String host;
  private final int port;
  private final String collectionPrefix;
  private final Duration indexTimeout;
  private final List<MilvusConsistency> consistency;
  private MilvusFaceIndexFactory factory;

  MilvusTarget(
      String host,
      int port,
      String collectionPrefix,
      Duration indexTimeout,
      List<MilvusConsistency> consistency) {
    this.consistency = List.copyOf(consistency);
    this.host = host;
    this.port = port;
    this.collectionPrefix = collectionPrefix;
    this.indexTimeout = indexTimeout;
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public String unavailableReason() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 3_000);
      return null;
    } catch (IOException | RuntimeException e) {
      return "cannot connect to Milvus at " + host + ":" + port + " (" + e.getMessage() + ")";
    }
  }

  @Override
  public String searchSettingName() {
    return "ef";
  }

  @Override
  public List<String> variants() {
    return consistency.stream().map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
  }

  @Override
  public FaceIndex open(VectorSpace space, int ef, String variant) {
    if (factory != null) {
      factory.close();
      factory = null;
    }
    factory =
        new MilvusFaceIndexFactory(
            MilvusSettings.builder()
                .host(host)
                .port(port)
                // A 1,000-vector upsert on a busy 2-core machine can take seconds.
                .rpcDeadline(Duration.ofSeconds(60))
                .maxAttempts(2)
                .collectionPrefix(collectionPrefix)
                .searchEf(ef)
                .searchConsistency(MilvusConsistency.valueOf(variant.toUpperCase(Locale.ROOT)))
                .build());
    try {
      return factory.open(space);
    } catch (RuntimeException e) {
      factory.close();
      factory = null;
      throw e;
    }
  }

  @Override
  public boolean settles() {
    return true;
  }

  @Override
  public Settled settle(VectorSpace space, Consumer<String> progress) {
    progress.accept("flush, then wait for the HNSW index of every sealed segment");
    MilvusIndexBuild build = factory.flushAndAwaitIndex(space, indexTimeout, progress);
    String detail =
        String.format(
            Locale.ROOT,
            "flush + index: %,d of %,d rows indexed; %d of %d served segments indexed",
            build.indexedRows(),
            build.totalRows(),
            build.servedIndexed(),
            build.servedSegments());
    if (!build.complete()) {
      detail += " (timed out after " + indexTimeout.toSeconds() + " s)";
    }
    return new Settled(
        build.complete() ? "indexed" : "indexing", detail, build.seconds(), build.complete());
  }

  @Override
  public Map<String, Long> memory(VectorSpace space) {
    Map<String, Long> figures = new LinkedHashMap<>();
    serverRss().ifPresent(rss -> figures.put("serverRssBytes", rss));
    return figures;
  }

  @Override
  public long bytesPerFace(Map<String, Long> before, Map<String, Long> now, int faces) {
    Long rss = now.get("serverRssBytes");
    Long was = before.get("serverRssBytes");
    return rss == null || was == null || rss <= was ? 0 : (rss - was) / faces;
  }

  @Override
  public String memorySummary(Map<String, Long> before, Map<String, Long> now) {
    Long rss = now.get("serverRssBytes");
    if (rss == null) {
      return "server RSS n/a";
    }
    Long was = before.get("serverRssBytes");
    return "server RSS "
        + Report.bytes(rss)
        + (was == null ? "" : " (" + Report.signedBytes(rss - was) + ")");
  }

  private OptionalLong serverRss() {
    if (!isLocal()) {
      return OptionalLong.empty();
    }
    List<Long> pids = ProcMemory.pidsMatching(SERVER_COMMAND);
    return pids.isEmpty() ? OptionalLong.empty() : ProcMemory.rss(pids.get(0));
  }

  /** How many local server processes there are (the RSS is the lowest pid's). */
  int serverProcesses() {
    return isLocal() ? ProcMemory.pidsMatching(SERVER_COMMAND).size() : 0;
  }

  private boolean isLocal() {
    return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1");
  }

  @Override
  public String dispose(VectorSpace space, FaceIndex index, String caseRef) {
    if (factory == null) {
      return "nothing to drop";
    }
    String collection = factory.collectionName(space);
    String note;
    try {
      dropCollection(collection);
      note = "dropped collection " + collection + " (RESTful API)";
    } catch (IOException | RuntimeException e) {
      String why = e instanceof InterruptedIOException ? "interrupted" : e.getMessage();
      note = "could not drop collection " + collection + " (" + why + ")";
      try {
        int removed = index.removeCase(caseRef);
        note += "; removed its " + removed + " faces, the empty collection remains";
      } catch (RuntimeException e2) {
        note += "; removing its faces failed too (" + e2.getMessage() + "): drop it by hand";
      }
    }
    try {
      factory.close();
    } catch (RuntimeException e) {
      note += "; closing the client failed: " + e.getMessage();
    }
    factory = null;
    return note;
  }

  private void dropCollection(String collection) throws IOException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String body =
        new ObjectMapper().createObjectNode().put("collectionName", collection).toString();
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://" + host + ":" + port + "/v1/vector/collections/drop"))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException();
    }
    if (response.statusCode() != 200) {
      throw new IOException("HTTP " + response.statusCode());
    }
    JsonNode answer = new ObjectMapper().readTree(response.body());
    int code = answer.path("code").asInt(-1);
    if (code != 200 && code != 0) {
      throw new IOException(
          "Milvus answered code " + code + ": " + answer.path("message").asText());
    }
  }

  private static final class InterruptedIOException extends IOException {
    InterruptedIOException() {
      super("interrupted");
    }
  }
}
