package io.homeward.gateway.client;

import io.homeward.gateway.config.AccountsConfig;
import io.homeward.gateway.config.OidcConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.InvalidAlgorithmException;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * The organisation's OpenID Connect provider, as the code flow needs it: its discovery document,
 * its signing keys (cached; read again when an ID token names a key not in the set), the token
 * endpoint, and the ID token's verification (signature, {@code iss}, {@code aud}, {@code exp} and
 * {@code iat} with the configured skew, {@code nonce}). Plain HTTPS requests with the JDK's client:
 * no redirect is followed and nothing about the user is logged.
 */
@ApplicationScoped
public class OpenIdProvider {
  /** Signature algorithms accepted on ID tokens: asymmetric only (no "none", no HMAC). */
  private static final String[] ALGORITHMS = {
    AlgorithmIdentifiers.RSA_USING_SHA256,
    AlgorithmIdentifiers.RSA_USING_SHA384,
    AlgorithmIdentifiers.RSA_USING_SHA512,
    AlgorithmIdentifiers.RSA_PSS_USING_SHA256,
    AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256,
    AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384
  };

  /**
   * Keys are read again for an unknown {@code kid} at most this often (a forged kid cannot flood).
   */
  private static final Duration KEY_REFRESH_INTERVAL = Duration.ofSeconds(10);

  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1", "[::1]");

  private final OidcConfig config;
  private final Clock clock;
  private final HttpClient http;
  private final URI redirectUri;
  private Metadata metadata;
  private Instant metadataRead = Instant.MIN;
  private JsonWebKeySet keys;
  private Instant keysRead = Instant.MIN;
  private String clientSecret;

  public OpenIdProvider(OidcConfig config, AccountsConfig accounts, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.redirectUri =
        config
            .redirectUrl()
            .orElseGet(
                () ->
                    URI.create(
                        accounts.publicUrl().replaceAll("/+$", "")
                            + "/api/v1/session/oidc/callback"));
  }

  /** A step of the flow failed; {@code kind} says which, for the page and the audit. */
  public static final class ProviderException extends RuntimeException {
    private final Failure kind;

    public ProviderException(Failure kind, String message) {
      super(message, null, false, false);
      this.kind = kind;
    }

    public Failure kind() {
      return kind;
    }
  }

  /** What went wrong with the provider. */
  public enum Failure {
    /** The provider cannot be reached or answered something that is no valid answer. */
    UNAVAILABLE,
    /** The token endpoint refused the code (used before, expired, another client's or PKCE). */
    CODE_REFUSED,
    /** The ID token failed verification (signature, issuer, audience, times). */
    TOKEN_INVALID,
    /** The ID token's nonce is not the one this sign-in sent. */
    NONCE_MISMATCH
  }

  /** The endpoints the discovery document names. */
  public record Metadata(
      URI authorizationEndpoint,
      URI tokenEndpoint,
      URI jwksUri,
      Optional<URI> endSessionEndpoint) {}

  /** Whether the code flow is configured. */
  public boolean enabled() {
    return config.enabled();
  }

  /** The redirect URL this gateway registers with the provider. */
  public URI redirectUri() {
    return redirectUri;
  }

  /** The authorization request's address: code flow, PKCE S256, state and nonce. */
  public URI authorizationUrl(String state, String nonce, String codeChallenge) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("response_type", "code");
    q.put("client_id", clientId());
    q.put("redirect_uri", redirectUri.toString());
    q.put("scope", scope());
    q.put("state", state);
    q.put("nonce", nonce);
    q.put("code_challenge", codeChallenge);
    q.put("code_challenge_method", "S256");
    return withQuery(metadata().authorizationEndpoint(), q);
  }

  /**
   * Where the browser goes to sign out at the provider too (RP-initiated logout), when the provider
   * advertises an {@code end_session_endpoint}.
   */
  public Optional<URI> logoutUrl(URI afterLogout) {
    Optional<URI> endpoint;
    try {
      endpoint = metadata().endSessionEndpoint();
    } catch (ProviderException e) {
      return Optional.empty();
    }
    return endpoint.map(
        e ->
            withQuery(
                e,
                Map.of(
                    "client_id", clientId(), "post_logout_redirect_uri", afterLogout.toString())));
  }

  /**
   * Redeems the code at the token endpoint (client secret by HTTP Basic, the PKCE verifier) and
   * verifies the ID token it returns.
   */
  public JwtClaims redeem(String code, String codeVerifier, String nonce) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", code);
    form.put("redirect_uri", redirectUri.toString());
    form.put("code_verifier", codeVerifier);
    form.put("client_id", clientId());
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (formEncode(clientId()) + ":" + formEncode(clientSecret()))
                    .getBytes(StandardCharsets.UTF_8));
    HttpRequest request =
        HttpRequest.newBuilder(metadata().tokenEndpoint())
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .header("Authorization", "Basic " + basic)
            .POST(HttpRequest.BodyPublishers.ofString(encode(form)))
            .build();
    HttpResponse<String> response = send(request);
    if (response.statusCode() == 400 || response.statusCode() == 401) {
      throw new ProviderException(Failure.CODE_REFUSED, "the provider refused the code");
    }
    if (response.statusCode() != 200) {
      throw new ProviderException(Failure.UNAVAILABLE, "the token endpoint answered an error");
    }
    Object idToken = json(response.body()).get("id_token");
    if (!(idToken instanceof String token) || token.isBlank()) {
      throw new ProviderException(Failure.UNAVAILABLE, "the token response has no ID token");
    }
    return verify(token, nonce);
  }

  /** Verifies an ID token and its nonce; returns its claims. */
  JwtClaims verify(String idToken, String nonce) {
    long skew = Math.max(0, config.clockSkew().toSeconds());
    JwtConsumer consumer =
        new JwtConsumerBuilder()
            .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, ALGORITHMS)
            .setVerificationKeyResolver(new Keys())
            .setExpectedIssuer(true, config.issuer().orElseThrow().toString())
            .setExpectedAudience(true, clientId())
            .setRequireExpirationTime()
            .setRequireIssuedAt()
            .setRequireSubject()
            .setAllowedClockSkewInSeconds((int) skew)
            // An ID token is issued for this sign-in: one older than a sign-in may take is stale.
            .setIssuedAtRestrictions((int) skew, (int) (config.loginTimeout().toSeconds() + skew))
            .setEvaluationTime(NumericDate.fromMilliseconds(clock.millis()))
            .build();
    JwtClaims claims;
    try {
      claims = consumer.processToClaims(idToken);
    } catch (InvalidJwtException e) {
      throw new ProviderException(Failure.TOKEN_INVALID, "the ID token is not valid");
    }
    Object tokenNonce = claims.getClaimValue("nonce");
    if (!(tokenNonce instanceof String n)
        || !java.security.MessageDigest.isEqual(
            n.getBytes(StandardCharsets.UTF_8), nonce.getBytes(StandardCharsets.UTF_8))) {
      throw new ProviderException(Failure.NONCE_MISMATCH, "the ID token's nonce does not match");
    }
    try {
      List<String> audiences = claims.getAudience();
      // Several audiences: the token must have been issued to this client (azp).
      if (audiences.size() > 1 && !clientId().equals(claims.getClaimValue("azp"))) {
        throw new ProviderException(
            Failure.TOKEN_INVALID, "the ID token was issued to another client");
      }
    } catch (org.jose4j.jwt.MalformedClaimException e) {
      throw new ProviderException(Failure.TOKEN_INVALID, "the ID token is not valid");
    }
    return claims;
  }

  /** The discovery document, read once per cache period. */
  public synchronized Metadata metadata() {
    Instant now = clock.instant();
    if (metadata != null && now.isBefore(metadataRead.plus(config.metadataCacheTime()))) {
      return metadata;
    }
    URI issuer = config.issuer().orElseThrow(() -> unconfigured("issuer"));
    checkTransport(issuer);
    URI discovery =
        URI.create(issuer.toString().replaceAll("/+$", "") + "/.well-known/openid-configuration");
    Map<String, Object> doc = json(get(discovery));
    if (!issuer.toString().equals(doc.get("issuer"))) {
      throw new ProviderException(
          Failure.UNAVAILABLE, "the discovery document names another issuer");
    }
    Object methods = doc.get("code_challenge_methods_supported");
    if (methods instanceof List<?> list && !list.contains("S256")) {
      throw new ProviderException(Failure.UNAVAILABLE, "the provider does not support PKCE S256");
    }
    metadata =
        new Metadata(
            endpoint(doc, "authorization_endpoint"),
            endpoint(doc, "token_endpoint"),
            endpoint(doc, "jwks_uri"),
            doc.get("end_session_endpoint") == null
                ? Optional.empty()
                : Optional.of(endpoint(doc, "end_session_endpoint")));
    metadataRead = now;
    return metadata;
  }

  private synchronized JsonWebKeySet keys(boolean unknownKid) {
    Instant now = clock.instant();
    boolean fresh = keys != null && now.isBefore(keysRead.plus(config.metadataCacheTime()));
    boolean mayRefresh = !now.isBefore(keysRead.plus(KEY_REFRESH_INTERVAL));
    if (fresh && !(unknownKid && mayRefresh)) {
      return keys;
    }
    try {
      keys = new JsonWebKeySet(get(metadata().jwksUri()));
    } catch (JoseException e) {
      throw new ProviderException(Failure.UNAVAILABLE, "the provider's key set cannot be read");
    }
    keysRead = now;
    return keys;
  }

  /** Picks the key an ID token names, reading the keys again when the kid is unknown. */
  private final class Keys implements VerificationKeyResolver {
    @Override
    public java.security.Key resolveKey(JsonWebSignature jws, List<JsonWebStructure> nested)
        throws UnresolvableKeyException {
      Optional<JsonWebKey> key = find(keys(false), jws);
      if (key.isEmpty()) {
        key = find(keys(true), jws);
      }
      return key.map(JsonWebKey::getKey)
          .orElseThrow(() -> new UnresolvableKeyException("no key for the ID token"));
    }

    private Optional<JsonWebKey> find(JsonWebKeySet set, JsonWebSignature jws)
        throws UnresolvableKeyException {
      String kid = jws.getKeyIdHeaderValue();
      String type;
      try {
        type = jws.getKeyType();
      } catch (InvalidAlgorithmException e) {
        throw new UnresolvableKeyException("the ID token's algorithm is not accepted", e);
      }
      List<JsonWebKey> candidates =
          set.findJsonWebKeys(kid, type, "sig", jws.getAlgorithmHeaderValue());
      if (candidates.isEmpty()) {
        candidates = set.findJsonWebKeys(kid, type, null, null);
      }
      return candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty();
    }
  }

  private String get(URI uri) {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(10))
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<String> response = send(request);
    if (response.statusCode() != 200) {
      throw new ProviderException(Failure.UNAVAILABLE, "the provider answered an error");
    }
    return response.body();
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ProviderException(Failure.UNAVAILABLE, "the provider cannot be reached");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException(Failure.UNAVAILABLE, "interrupted");
    }
  }

  private static Map<String, Object> json(String body) {
    try {
      return JsonUtil.parseJson(body);
    } catch (JoseException | RuntimeException e) {
      throw new ProviderException(Failure.UNAVAILABLE, "the provider's answer is not JSON");
    }
  }

  private URI endpoint(Map<String, Object> doc, String name) {
    if (!(doc.get(name) instanceof String value)) {
      throw new ProviderException(Failure.UNAVAILABLE, "the discovery document lacks " + name);
    }
    URI uri;
    try {
      uri = URI.create(value);
    } catch (IllegalArgumentException e) {
      throw new ProviderException(
          Failure.UNAVAILABLE, "the discovery document's " + name + " is no URL");
    }
    checkTransport(uri);
    return uri;
  }

  /** HTTPS everywhere except on loopback (a provider on the same machine, or a test's). */
  private static void checkTransport(URI uri) {
    boolean https = "https".equalsIgnoreCase(uri.getScheme());
    boolean loopbackHttp =
        "http".equalsIgnoreCase(uri.getScheme()) && LOOPBACK.contains(uri.getHost());
    if (!https && !loopbackHttp) {
      throw new ProviderException(Failure.UNAVAILABLE, "the provider must be reached over HTTPS");
    }
  }

  private String clientId() {
    return config.clientId().orElseThrow(() -> unconfigured("client-id"));
  }

  private synchronized String clientSecret() {
    if (clientSecret == null) {
      try {
        clientSecret =
            Files.readString(
                    config.clientSecretFile().orElseThrow(() -> unconfigured("client-secret-file")))
                .strip();
      } catch (IOException e) {
        throw new UncheckedIOException("the OIDC client secret file cannot be read", e);
      }
    }
    return clientSecret;
  }

  private String scope() {
    StringJoiner s = new StringJoiner(" ");
    s.add("openid");
    for (String scope : config.scopes()) {
      if (!scope.isBlank() && !"openid".equals(scope.strip())) {
        s.add(scope.strip());
      }
    }
    return s.toString();
  }

  private static IllegalStateException unconfigured(String key) {
    return new IllegalStateException("homeward.gateway.oidc." + key + " is not set");
  }

  private static URI withQuery(URI base, Map<String, String> q) {
    String sep = base.getRawQuery() == null ? "?" : "&";
    return URI.create(base + sep + encode(q));
  }

  private static String encode(Map<String, String> q) {
    StringJoiner j = new StringJoiner("&");
    q.forEach((k, v) -> j.add(formEncode(k) + "=" + formEncode(v)));
    return j.toString();
  }

  private static String formEncode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
