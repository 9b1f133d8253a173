package io.homeward.gateway.attack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** An HTTP client of the running gateway, bound to one token and one purpose. Immutable. */
public final class Client {
  private final RunningSystem system;
  private final String token;
  private final String purpose;
  private final Map<String, String> headers;

  Client(RunningSystem system, String token, String purpose, Map<String, String> headers) {
    this.system = system;
    this.token = token;
    this.purpose = purpose;
    this.headers = Map.copyOf(headers);
  }

  /** A copy that sends one more header (for example {@code Homeward-Role}). */
  public Client header(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new Client(system, token, purpose, more);
  }

  public HttpResponse<String> get(String path) {
    return send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<byte[]> getBytes(String path) {
    return send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** POSTs a JSON body (an empty body when {@code json} is null or empty). */
  public HttpResponse<String> post(String path, String json) {
    HttpRequest.Builder b = request(path);
    if (json == null || json.isEmpty()) {
      b.POST(HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    }
    return send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** POSTs image bytes ({@code image/jpeg} unless the bytes are a PNG). */
  public HttpResponse<String> postImage(String path, byte[] image) {
    boolean png = image.length > 4 && image[0] == (byte) 0x89 && image[1] == 'P';
    return send(
        request(path)
            .header("Content-Type", png ? "image/png" : "image/jpeg")
            .POST(HttpRequest.BodyPublishers.ofByteArray(image))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Any method with a raw body and content type (both may be null). */
  public HttpResponse<String> send(String method, String path, String contentType, byte[] body) {
    HttpRequest.Builder b = request(path);
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    return send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(system.uri(path)).timeout(Duration.ofSeconds(120));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (purpose != null) {
      b.header("Homeward-Purpose", purpose);
    }
    headers.forEach(b::header);
    return b;
  }

  private static <T> HttpResponse<T> send(HttpRequest r, HttpResponse.BodyHandler<T> handler) {
    try {
      return RunningSystem.HTTP.send(r, handler);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
