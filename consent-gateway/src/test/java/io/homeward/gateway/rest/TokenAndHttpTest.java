package io.homeward.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.homeward.gateway.cli.LocalTokens;
import io.homeward.gateway.support.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, token and HTTP attacks against the gateway in-process: forged and unbounded tokens,
 * CORS from a foreign origin, and bodies larger than an endpoint needs.
 */
@QuarkusTest
@QuarkusTestResource(TestKeys.class)
class TokenAndHttpTest {
  private static final String CASE = "/api/v1/cases/c-0000000000000000000000000a";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  @TestHTTPResource("/")
  URI root;

  private static String b64(String json) {
    return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String claims(String extra) {
    long now = Instant.now().getEpochSecond();
    return "{\"iss\":\""
        + LocalTokens.ISSUER
        + "\",\"aud\":\""
        + LocalTokens.AUDIENCE
        + "\",\"sub\":\"forger\",\"groups\":[\"POLICE_INVESTIGATOR\"],\"org\":\"police-1\""
        + ",\"iat\":"
        + now
        + extra
        + "}";
  }

  /** Signs header.claims with the real local key (RS256). */
  private static String rs256(String claimsJson) throws Exception {
    String input = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + b64(claimsJson);
    Signature s = Signature.getInstance("SHA256withRSA");
    s.initSign(TestKeys.key());
    s.update(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + B64.encodeToString(s.sign());
  }

  private static void unauthenticated(String token) {
    given()
        .auth()
        .oauth2(token)
        .header("Homeward-Purpose", "IDENTIFICATION")
        .get(CASE)
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .body("type", equalTo("https://homeward.io/problems/unauthenticated"));
  }

  @Test
  void aTokenWithAlgNoneIsRefused() {
    long exp = Instant.now().plusSeconds(600).getEpochSecond();
    String none = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(claims(",\"exp\":" + exp));
    unauthenticated(none + ".");
    unauthenticated(none);
  }

  @Test
  void aTokenSignedWithHmacOverThePublicKeyIsRefused() throws Exception {
    // The classic key-confusion forgery: HS256 with the RSA public key as the shared secret.
    var priv = (java.security.interfaces.RSAPrivateCrtKey) TestKeys.key();
    RSAPublicKey pub =
        (RSAPublicKey)
            KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(priv.getModulus(), priv.getPublicExponent()));
    long exp = Instant.now().plusSeconds(600).getEpochSecond();
    String input =
        b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + b64(claims(",\"exp\":" + exp));
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(pub.getEncoded(), "HmacSHA256"));
    unauthenticated(
        input + "." + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII))));
  }

  @Test
  void aCorrectlySignedTokenIsAcceptedSoTheRefusalsBelowAreAboutTheClaims() throws Exception {
    long exp = Instant.now().plusSeconds(600).getEpochSecond();
    given()
        .auth()
        .oauth2(rs256(claims(",\"exp\":" + exp)))
        .header("Homeward-Purpose", "IDENTIFICATION")
        .get(CASE)
        .then()
        .statusCode(404);
  }

  @Test
  void aTokenWithoutExpiryIsRefused() throws Exception {
    unauthenticated(rs256(claims("")));
  }

  @Test
  void aTokenLivingLongerThanADayIsRefused() throws Exception {
    long exp = Instant.now().plus(Duration.ofDays(365)).getEpochSecond();
    unauthenticated(rs256(claims(",\"exp\":" + exp)));
  }

  @Test
  void aTokenWithoutIssuedAtIsRefused() throws Exception {
    long exp = Instant.now().plusSeconds(600).getEpochSecond();
    unauthenticated(rs256(claims(",\"exp\":" + exp).replaceFirst(",\"iat\":\\d+", "")));
  }

  @Test
  void aTokenIssuedMoreThanADayAgoIsRefusedEvenIfNotExpired() throws Exception {
    long iat = Instant.now().minus(Duration.ofHours(25)).getEpochSecond();
    long exp = Instant.now().plusSeconds(600).getEpochSecond();
    unauthenticated(
        rs256(claims(",\"exp\":" + exp).replaceFirst("\"iat\":\\d+", "\"iat\":" + iat)));
  }

  @Test
  void aCorsPreflightFromAForeignOriginIsNotAllowed() {
    ValidatableResponse r =
        given()
            .header("Origin", "https://evil.example")
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "authorization,homeward-purpose")
            .options("/api/v1/cases")
            .then();
    r.header("Access-Control-Allow-Origin", nullValue())
        .header("Access-Control-Allow-Credentials", nullValue());
    // And a simple cross-origin GET with a token gets no CORS header either: a browser page on
    // another origin cannot read the answer.
    given()
        .header("Origin", "https://evil.example")
        .auth()
        .oauth2(TestKeys.token("cors", "ngo-1", "NGO_CASEWORKER"))
        .header("Homeward-Purpose", "FAMILY_TRACING")
        .get(CASE)
        .then()
        .header("Access-Control-Allow-Origin", nullValue());
  }

  private static final String[] JSON_POSTS = {
    "/api/v1/cases",
    "/api/v1/cases/c-0000000000000000000000000a/consents/k-0000000000000000000000000a/verification",
    "/api/v1/cases/c-0000000000000000000000000a/consents/k-0000000000000000000000000a/withdrawal",
    "/api/v1/cases/c-0000000000000000000000000a/searches",
    "/api/v1/cases/c-0000000000000000000000000a/confirmations",
    "/api/v1/cases/c-0000000000000000000000000a/status",
    "/api/v1/reviews/r-0000000000000000000000000a/verdicts",
    "/api/v1/reviews/r-0000000000000000000000000a/notifications",
    "/api/v1/oversight/alerts/a-0000000000000000000000000a/acknowledgement",
    "/api/v1/oversight/alerts/a-0000000000000000000000000a/resolution",
    "/api/v1/oversight/accounts/someone/unlock",
  };

  @Test
  void anOversizeJsonBodyIsRefusedWith413OnEveryJsonEndpoint() {
    String big = "{\"pad\":\"" + "x".repeat(70 * 1024) + "\"}";
    for (String path : JSON_POSTS) {
      given()
          .auth()
          .oauth2(TestKeys.token("big", "ngo-1", "NGO_CASEWORKER"))
          .header("Homeward-Purpose", "FAMILY_TRACING")
          .contentType("application/json")
          .body(big)
          .post(path)
          .then()
          .statusCode(413)
          .contentType("application/problem+json")
          .body("type", equalTo("https://homeward.io/problems/body-too-large"));
    }
  }

  @Test
  void anOversizeBodyWithoutTokenIsRefusedBeforeItIsRead() {
    given()
        .contentType("application/json")
        .body("x".repeat(200 * 1024))
        .post("/api/v1/cases")
        .then()
        .statusCode(413);
  }

  @Test
  void anOversizeChunkedJsonBodyIsRefusedWith413() throws Exception {
    byte[] big = ("{\"pad\":\"" + "x".repeat(200 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.newBuilder(root.resolve("/api/v1/cases"))
            .header("Authorization", "Bearer " + TestKeys.token("big", "ngo-1", "NGO_CASEWORKER"))
            .header("Homeward-Purpose", "FAMILY_TRACING")
            .header("Content-Type", "application/json")
            // A stream of unknown length is sent chunked, without Content-Length.
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(big)))
            .build();
    HttpResponse<String> r =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("body-too-large");
  }

  @Test
  void aPhotoUploadMayBeLargerThanTheJsonLimit() {
    given()
        .auth()
        .oauth2(TestKeys.token("big", "ngo-1", "NGO_CASEWORKER"))
        .header("Homeward-Purpose", "FAMILY_TRACING")
        .contentType("image/jpeg")
        .body(new byte[200 * 1024])
        .post("/api/v1/cases/c-0000000000000000000000000a/photos?source=FAMILY")
        .then()
        .statusCode(404);
  }

  @Test
  void aPhotoUploadOverTwentyMebibytesIsRefusedWith413() {
    given()
        .auth()
        .oauth2(TestKeys.token("big", "ngo-1", "NGO_CASEWORKER"))
        .header("Homeward-Purpose", "FAMILY_TRACING")
        .contentType("image/jpeg")
        .body(new byte[20 * 1024 * 1024 + 1])
        .post("/api/v1/cases/c-0000000000000000000000000a/photos?source=FAMILY")
        .then()
        .statusCode(413)
        .contentType("application/problem+json");
  }

  @Test
  void aSmallJsonBodyStillWorks() {
    given()
        .auth()
        .oauth2(TestKeys.token("small", "police-s", "POLICE_INVESTIGATOR"))
        .header("Homeward-Purpose", "IDENTIFICATION")
        .contentType("application/json")
        .body(
            """
            {"side":"FOUND","policeCaseNumber":"PC-S","subject":{"birthYearFrom":1990,"birthYearTo":1990},
             "consent":{"basis":"STATUTORY_DUTY","givenBy":"POLICE"}}""")
        .post("/api/v1/cases")
        .then()
        .statusCode(201);
  }
}
