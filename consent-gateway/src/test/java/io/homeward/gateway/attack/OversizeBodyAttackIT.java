package io.homeward.gateway.attack;

import static org.assertj.core.api.Assertions.assertThat;

import io.homeward.gateway.attack.RunningSystem.Db;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Attack (issue 11): bodies far larger than an endpoint needs, on every endpoint that takes one:
 * the HTTP layer's single limit (21 MiB, for photo uploads) let a JSON endpoint be sent 20 MiB,
 * read into memory by every parallel request.
 *
 * <p>Safe answer: a JSON endpoint refuses a body over 64 KiB with a 413 {@code body-too-large}
 * problem before reading it (with or without a token); a photo upload over 20 MiB gets a 413
 * problem too, and a photo under it is not refused for its size.
 */
class OversizeBodyAttackIT {
  private static final String CASE = "/api/v1/cases/c-0000000000000000000000000a";
  private static final List<String> JSON_POSTS =
      List.of(
          "/api/v1/cases",
          CASE + "/consents/k-0000000000000000000000000a/verification",
          CASE + "/consents/k-0000000000000000000000000a/withdrawal",
          CASE + "/searches",
          CASE + "/confirmations",
          CASE + "/status",
          "/api/v1/reviews/r-0000000000000000000000000a/verdicts",
          "/api/v1/reviews/r-0000000000000000000000000a/notifications",
          "/api/v1/oversight/alerts/a-0000000000000000000000000a/acknowledgement",
          "/api/v1/oversight/alerts/a-0000000000000000000000000a/resolution",
          "/api/v1/oversight/accounts/someone/unlock");

  private static void tooLarge(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.uri().getPath()).isEqualTo(413);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void everyEndpointRefusesABodyLargerThanItNeeds(Db db) {
    RunningSystem system = RunningSystem.on(db);
    Client cw = system.as(system.token("ob-cw", "ob-ngo", "NGO_CASEWORKER"), "FAMILY_TRACING");
    Client anonymous = system.as(null, null);
    byte[] json = ("{\"pad\":\"" + "x".repeat(256 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
    for (String path : JSON_POSTS) {
      tooLarge(cw.send("POST", path, "application/json", json));
      tooLarge(anonymous.send("POST", path, "application/json", json));
    }
    byte[] huge = new byte[20 * 1024 * 1024 + 1];
    tooLarge(cw.send("POST", CASE + "/photos?source=FAMILY", "image/jpeg", huge));
    // A photo-sized body under the limit is not refused for its size (404: no such case).
    assertThat(
            cw.send("POST", CASE + "/photos?source=FAMILY", "image/jpeg", new byte[256 * 1024])
                .statusCode())
        .isEqualTo(404);
  }
}
