package io.homeward.gateway.attack;

import static io.homeward.gateway.attack.Fixtures.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.homeward.gateway.attack.RunningSystem.Db;
import io.homeward.gateway.cli.LocalTokens;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Attacks on the bearer token (issue 11): an unsigned token ({@code "alg":"none"}); a token signed
 * with a key of the attacker's; a token that grants a volunteer, used with {@code Homeward-Role:
 * POLICE_INVESTIGATOR}; a token without expiry; a token valid for a year (a leaked token that never
 * dies); a token issued over a day ago that claims not to have expired.
 *
 * <p>Safe answer: 401 {@code unauthenticated} for every forged or unbounded token (only RS256 by
 * the configured key; {@code exp}, {@code iat} and {@code sub} required; at most 24 h between
 * {@code iat} and {@code exp}, and at most 24 h since {@code iat}); 403 {@code role-not-granted}
 * for the role header, audited.
 */
class TokenForgeryAttackIT {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private static String b64(String s) {
    return B64.encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String claims(long iat, Long exp) {
    return "{\"iss\":\""
        + LocalTokens.ISSUER
        + "\",\"aud\":\""
        + LocalTokens.AUDIENCE
        + "\",\"sub\":\"tf-forger\",\"groups\":[\"POLICE_INVESTIGATOR\"],\"org\":\"tf-police\",\"iat\":"
        + iat
        + (exp == null ? "" : ",\"exp\":" + exp)
        + "}";
  }

  private static String rs256(PrivateKey key, String claims) throws Exception {
    String input = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + b64(claims);
    Signature s = Signature.getInstance("SHA256withRSA");
    s.initSign(key);
    s.update(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + B64.encodeToString(s.sign());
  }

  private static void refused(RunningSystem system, String token) {
    HttpResponse<String> r =
        system.as(token, "IDENTIFICATION").get("/api/v1/cases/c-0000000000000000000000000a");
    expect(r, 401);
    assertThat(r.body()).contains("https://homeward.io/problems/unauthenticated");
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void forgedOrUnboundedTokensAreRefused(Db db) throws Exception {
    RunningSystem system = RunningSystem.on(db);
    long now = Instant.now().getEpochSecond();
    PrivateKey key = system.signingKey();

    // The control: a token built the same way, properly bounded, is accepted (404: no such case).
    expect(
        system
            .as(rs256(key, claims(now, now + 600)), "IDENTIFICATION")
            .get("/api/v1/cases/c-0000000000000000000000000a"),
        404);

    String unsigned = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(claims(now, now + 600));
    refused(system, unsigned + ".");
    refused(system, unsigned);

    var gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    refused(system, rs256(gen.generateKeyPair().getPrivate(), claims(now, now + 600)));

    refused(system, rs256(key, claims(now, null)));
    refused(system, rs256(key, claims(now, now + Duration.ofDays(365).toSeconds())));
    refused(system, rs256(key, claims(now - Duration.ofHours(25).toSeconds(), now + 600)));
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aRoleTheTokenDoesNotGrantIsRefused(Db db) {
    RunningSystem system = RunningSystem.on(db);
    HttpResponse<String> r =
        system
            .as(system.token("tf-vol", "tf-ngo", "NGO_VOLUNTEER"), "IDENTIFICATION")
            .header("Homeward-Role", "POLICE_INVESTIGATOR")
            .get("/api/v1/cases/c-0000000000000000000000000a");
    expect(r, 403);
    assertThat(r.body()).contains("https://homeward.io/problems/role-not-granted");
    if (db == Db.POSTGRES) {
      // The refusal is audited (on H2 the database is the running gateway's alone).
      long audited =
          system.sql(
              c -> {
                try (var ps =
                    c.prepareStatement(
                        "select count(*) from audit_records where actor_id = 'tf-vol' and"
                            + " audit_action = 'ACCESS_REFUSED' and actor_role ="
                            + " 'POLICE_INVESTIGATOR' and allowed = false")) {
                  try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                  }
                }
              });
      assertThat(audited).isGreaterThanOrEqualTo(1);
    }
  }
}
