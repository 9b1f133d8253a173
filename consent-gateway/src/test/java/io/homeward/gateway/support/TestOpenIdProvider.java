package io.homeward.gateway.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * A small but real OpenID provider for the cluster sign-in tests, on a random loopback port: the
 * discovery document, a JWKS with real RSA keys, an authorize endpoint that issues one-time codes
 * to the user signed in at it (its own cookie), and a token endpoint that checks the client secret
 * (HTTP Basic), the code (once), the redirect URI and the PKCE S256 verifier before it signs an ID
 * token. Tests drive it over HTTP only ({@code /test/...}): register a user and how the provider
 * should misbehave for them, sign a browser in at it, rotate its key.
 *
 * <p>It also fixes the gateway's test port (chosen free here), because the redirect URL registered
 * with a provider is an exact address.
 */
public class TestOpenIdProvider implements QuarkusTestResourceLifecycleManager {
  public static final String CLIENT_ID = "homeward-test";
  public static final String PROVIDER_NAME = "Test IdP";
  private static final String SECRET = "test client secret " + Long.toHexString(System.nanoTime());
  private static final SecureRandom RANDOM = new SecureRandom();

  private HttpServer server;
  private String issuer;
  private String redirectUri;
  private final List<RsaJsonWebKey> keys = new ArrayList<>();
  private RsaJsonWebKey forger;
  private final Map<String, User> users = new ConcurrentHashMap<>();
  private final Map<String, Code> codes = new ConcurrentHashMap<>();

  /** A user of the provider and how it treats them. */
  private record User(
      String sub, String org, List<String> roles, String mode, long offsetSeconds) {}

  /** An issued code and what it was issued for. */
  private record Code(
      String clientId, String redirectUri, String challenge, String nonce, User user) {}

  @Override
  public Map<String, String> start() {
    try {
      int gatewayPort = freePort();
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      issuer = "http://127.0.0.1:" + server.getAddress().getPort();
      redirectUri = "http://127.0.0.1:" + gatewayPort + "/api/v1/session/oidc/callback";
      keys.add(newKey());
      forger = newKey();
      // The forger's key claims the real key's id: only the signature tells them apart.
      forger.setKeyId(keys.get(0).getKeyId());
      server.createContext("/", this::handle);
      server.start();
      Path secret = Path.of("target/test-data/oidc-client-secret");
      Files.createDirectories(secret.getParent());
      Files.writeString(secret, SECRET + "\n");
      Map<String, String> config = new HashMap<>();
      config.put("quarkus.http.test-port", Integer.toString(gatewayPort));
      config.put("homeward.gateway.oidc.enabled", "true");
      config.put("homeward.gateway.oidc.issuer", issuer);
      config.put("homeward.gateway.oidc.client-id", CLIENT_ID);
      config.put("homeward.gateway.oidc.client-secret-file", secret.toString());
      config.put("homeward.gateway.oidc.redirect-url", redirectUri);
      config.put("homeward.gateway.oidc.provider-name", PROVIDER_NAME);
      return config;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static RsaJsonWebKey newKey() {
    try {
      RsaJsonWebKey k = RsaJwkGenerator.generateJwk(2048);
      k.setKeyId("k" + Long.toHexString(RANDOM.nextLong()));
      k.setUse("sig");
      k.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
      return k;
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }

  private void handle(HttpExchange x) throws IOException {
    try {
      String path = x.getRequestURI().getPath();
      switch (path) {
        case "/.well-known/openid-configuration" -> json(x, 200, discovery());
        case "/jwks" -> jwks(x);
        case "/authorize" -> authorize(x);
        case "/token" -> token(x);
        case "/logout" -> send(x, 200, "text/plain", "signed out");
        case "/test/users" -> register(x);
        case "/test/login" -> login(x);
        case "/test/rotate" -> rotate(x);
        default -> send(x, 404, "text/plain", "no such endpoint");
      }
    } catch (RuntimeException | JoseException e) {
      send(x, 500, "text/plain", String.valueOf(e));
    } finally {
      x.close();
    }
  }

  private Map<String, Object> discovery() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("issuer", issuer);
    d.put("authorization_endpoint", issuer + "/authorize");
    d.put("token_endpoint", issuer + "/token");
    d.put("jwks_uri", issuer + "/jwks");
    d.put("end_session_endpoint", issuer + "/logout");
    d.put("response_types_supported", List.of("code"));
    d.put("subject_types_supported", List.of("public"));
    d.put("id_token_signing_alg_values_supported", List.of("RS256"));
    d.put("code_challenge_methods_supported", List.of("S256"));
    d.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic"));
    return d;
  }

  private synchronized void jwks(HttpExchange x) throws IOException {
    List<JsonWebKey> published = new ArrayList<>(keys);
    send(
        x,
        200,
        "application/json",
        new JsonWebKeySet(published).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
  }

  private synchronized void rotate(HttpExchange x) throws IOException {
    keys.add(0, newKey());
    send(x, 204, "text/plain", "");
  }

  /** Registers a user: {@code sub}, {@code org}, {@code roles}, {@code mode}, {@code now}. */
  private void register(HttpExchange x) throws IOException, JoseException {
    Map<String, Object> body = JsonUtil.parseJson(body(x));
    @SuppressWarnings("unchecked")
    List<String> roles = (List<String>) body.getOrDefault("roles", List.of());
    long now = ((Number) body.get("now")).longValue();
    User u =
        new User(
            (String) body.get("sub"),
            (String) body.get("org"),
            roles,
            (String) body.getOrDefault("mode", "ok"),
            now - Instant.now().getEpochSecond());
    users.put(u.sub(), u);
    send(x, 204, "text/plain", "");
  }

  /** Signs the browser in at the provider (its own cookie). */
  private void login(HttpExchange x) throws IOException {
    String user = query(x).get("user");
    x.getResponseHeaders().add("Set-Cookie", "idp_user=" + user + "; Path=/; HttpOnly");
    send(x, 204, "text/plain", "");
  }

  private void authorize(HttpExchange x) throws IOException {
    Map<String, String> q = query(x);
    User user = null;
    for (String cookie : x.getRequestHeaders().getOrDefault("Cookie", List.of())) {
      for (String part : cookie.split(";\\s*")) {
        if (part.startsWith("idp_user=")) {
          user = users.get(part.substring("idp_user=".length()));
        }
      }
    }
    if (!"code".equals(q.get("response_type"))
        || !CLIENT_ID.equals(q.get("client_id"))
        || !redirectUri.equals(q.get("redirect_uri"))
        || !"S256".equals(q.get("code_challenge_method"))
        || q.get("code_challenge") == null
        || q.get("code_challenge").length() != 43
        || q.get("state") == null
        || q.get("nonce") == null
        || !List.of(q.getOrDefault("scope", "").split(" ")).contains("openid")) {
      // A bad authorization request is shown to the user, never redirected.
      send(x, 400, "text/plain", "bad authorization request");
      return;
    }
    if (user == null) {
      send(x, 401, "text/plain", "not signed in at the provider");
      return;
    }
    String state = enc(q.get("state"));
    if ("cancel".equals(user.mode())) {
      redirect(x, redirectUri + "?error=access_denied&state=" + state);
      return;
    }
    String code = secret();
    codes.put(
        code, new Code(CLIENT_ID, redirectUri, q.get("code_challenge"), q.get("nonce"), user));
    redirect(x, redirectUri + "?code=" + enc(code) + "&state=" + state);
  }

  private void token(HttpExchange x) throws IOException, JoseException {
    String auth = x.getRequestHeaders().getFirst("Authorization");
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (enc(CLIENT_ID) + ":" + enc(SECRET)).getBytes(StandardCharsets.UTF_8));
    if (!"POST".equals(x.getRequestMethod()) || !expected.equals(auth)) {
      json(x, 401, Map.of("error", "invalid_client"));
      return;
    }
    Map<String, String> form = parse(body(x));
    // Removed on first use: a code redeemed twice is refused the second time.
    Code code = form.get("code") == null ? null : codes.remove(form.get("code"));
    if (!"authorization_code".equals(form.get("grant_type"))
        || code == null
        || !code.redirectUri().equals(form.get("redirect_uri"))
        || !code.challenge().equals(s256(form.getOrDefault("code_verifier", "")))) {
      json(x, 400, Map.of("error", "invalid_grant"));
      return;
    }
    json(
        x,
        200,
        Map.of(
            "access_token",
            secret(),
            "token_type",
            "Bearer",
            "expires_in",
            300,
            "id_token",
            idToken(code)));
  }

  private synchronized String idToken(Code code) throws JoseException {
    User u = code.user();
    long now = Instant.now().getEpochSecond() + u.offsetSeconds();
    JwtClaims c = new JwtClaims();
    c.setIssuer(issuer);
    c.setAudience("wrong-audience".equals(u.mode()) ? "another-client" : CLIENT_ID);
    c.setSubject(u.sub());
    c.setIssuedAt(NumericDate.fromSeconds("expired".equals(u.mode()) ? now - 1200 : now));
    c.setExpirationTime(
        NumericDate.fromSeconds("expired".equals(u.mode()) ? now - 600 : now + 300));
    c.setClaim("nonce", "wrong-nonce".equals(u.mode()) ? "not the nonce sent" : code.nonce());
    if (u.org() != null) {
      c.setClaim("org", u.org());
    }
    c.setStringListClaim("groups", u.roles());
    c.setClaim("amr", List.of("pwd", "otp"));
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(c.toJson());
    RsaJsonWebKey key = "forged".equals(u.mode()) ? forger : keys.get(0);
    jws.setKey(key.getPrivateKey());
    jws.setKeyIdHeaderValue(key.getKeyId());
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
    return jws.getCompactSerialization();
  }

  private static String s256(String verifier) {
    try {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(
              MessageDigest.getInstance("SHA-256")
                  .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String secret() {
    byte[] b = new byte[24];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static Map<String, String> query(HttpExchange x) {
    String raw = x.getRequestURI().getRawQuery();
    return raw == null ? Map.of() : parse(raw);
  }

  private static Map<String, String> parse(String form) {
    Map<String, String> out = new HashMap<>();
    for (String pair : form.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(
          URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String body(HttpExchange x) throws IOException {
    return new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
  }

  private static void redirect(HttpExchange x, String location) throws IOException {
    x.getResponseHeaders().add("Location", location);
    send(x, 302, "text/plain", "");
  }

  private static void json(HttpExchange x, int status, Map<String, Object> body)
      throws IOException {
    send(x, status, "application/json", JsonUtil.toJson(body));
  }

  private static void send(HttpExchange x, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", type);
    x.sendResponseHeaders(status, status == 204 || bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0 && status != 204) {
      x.getResponseBody().write(bytes);
    }
  }
}
