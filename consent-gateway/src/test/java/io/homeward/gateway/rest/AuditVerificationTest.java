package io.homeward.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.homeward.gateway.audit.JdbcAuditLog;
import io.homeward.gateway.config.AuditConfig;
import io.homeward.gateway.support.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/oversight/audit/verification} in the running gateway: the keyed chain and the
 * checkpoints in the file outside the database, for privacy officers only.
 */
@QuarkusTest
@QuarkusTestResource(TestKeys.class)
class AuditVerificationTest {
  private static final String PATH = "/api/v1/oversight/audit/verification";

  @Inject JdbcAuditLog log;
  @Inject AuditConfig config;

  private static JsonPath verify(String token) {
    return given()
        .auth()
        .oauth2(token)
        .header("Homeward-Purpose", "PRIVACY_AUDIT")
        .get(PATH)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private static String officer(String org) {
    return TestKeys.token("po-" + org, org, "PRIVACY_OFFICER");
  }

  @Test
  void anOfficerSeesTheChainIntactAndCoveredByTheFileOutside() {
    verify(officer("ngo-a"));
    log.checkpoint();
    JsonPath report = verify(officer("ngo-a"));
    assertThat(report.getBoolean("intact")).isTrue();
    assertThat(report.getLong("externalCheckpoints")).isPositive();
    assertThat(report.getLong("lastExternalCheckpoint")).isPositive();
    assertThat(Files.exists(config.checkpointFile())).isTrue();
  }

  @Test
  void othersAreRefusedWithAProblem() {
    given()
        .auth()
        .oauth2(TestKeys.token("cw-x", "ngo-b", "NGO_CASEWORKER"))
        .header("Homeward-Purpose", "PRIVACY_AUDIT")
        .get(PATH)
        .then()
        .statusCode(403)
        .contentType("application/problem+json");
    given().get(PATH).then().statusCode(401);
  }

  @Test
  void parallelVerificationsFromTwoOrganisationsAllAgree() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<JsonPath>> futures = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        String org = i % 2 == 0 ? "ngo-a" : "police-b";
        futures.add(pool.submit(() -> verify(officer(org))));
      }
      for (Future<JsonPath> f : futures) {
        assertThat(f.get(60, TimeUnit.SECONDS).getBoolean("intact")).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(verify(officer("ngo-a")).getBoolean("intact")).isTrue();
  }

  /**
   * A checkpoint in the file outside that the database does not reach is reported as truncation
   * (forged here with the test's own signing key, then the file is put back).
   */
  @Test
  void aDatabaseShorterThanTheFileOutsideIsReportedAsTruncated() throws Exception {
    log.checkpoint();
    Path file = config.checkpointFile();
    byte[] original = Files.readAllBytes(file);
    long beyond = verify(officer("ngo-a")).getLong("records") + 1000;
    try {
      String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest());
      String at =
          DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
              .withZone(ZoneOffset.UTC)
              .format(Instant.now());
      byte[] pkcs8 =
          Base64.getMimeDecoder()
              .decode(
                  Files.readString(config.signingKeyFile())
                      .replaceAll("-----[A-Z ]+-----", "")
                      .strip());
      Signature signer = Signature.getInstance("Ed25519");
      signer.initSign(
          KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8)));
      String keyId =
          HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest(
                          io.homeward.gateway.audit.AuditKeys.readPublicKey(
                                  config.signingPublicKeyFile())
                              .getEncoded()))
              .substring(0, 16);
      signer.update(
          ("homeward-audit-checkpoint\n"
                  + field("seq", Long.toString(beyond))
                  + field("head_hash", hash)
                  + field("signed_at", at)
                  + field("key_id", keyId))
              .getBytes(StandardCharsets.UTF_8));
      String line =
          "{\"seq\":%d,\"headHash\":\"%s\",\"signedAt\":\"%s\",\"keyId\":\"%s\",\"signature\":\"%s\"}\n"
              .formatted(
                  beyond, hash, at, keyId, Base64.getEncoder().encodeToString(signer.sign()));
      Files.write(
          file, line.getBytes(StandardCharsets.UTF_8), java.nio.file.StandardOpenOption.APPEND);

      given()
          .auth()
          .oauth2(officer("ngo-a"))
          .header("Homeward-Purpose", "PRIVACY_AUDIT")
          .get(PATH)
          .then()
          .statusCode(200)
          .body("intact", equalTo(false))
          .body("lastExternalCheckpoint", equalTo((int) beyond));
      JsonPath report = verify(officer("ngo-a"));
      assertThat(report.getString("problem")).startsWith("truncated");
      assertThat(report.getLong("firstBrokenSequence")).isLessThan(beyond);
    } finally {
      Files.write(file, original);
    }
    assertThat(verify(officer("ngo-a")).getBoolean("intact")).isTrue();
  }

  private static String field(String name, String value) {
    return name + "=" + value.getBytes(StandardCharsets.UTF_8).length + ":" + value + "\n";
  }
}
