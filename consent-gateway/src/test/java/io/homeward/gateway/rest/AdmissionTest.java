package io.homeward.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.homeward.gateway.rest.Admission.Kind;
import io.homeward.gateway.support.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.vertx.core.http.HttpMethod;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Admission control (issue 17): past its kind's limit a request is answered at once {@code 503
 * overloaded} with {@code Retry-After}, other kinds are still served, and every permit comes back,
 * whether the answer ends or the client goes away mid-upload.
 */
@QuarkusTest
@TestProfile(AdmissionTest.Small.class)
@QuarkusTestResource(TestKeys.class)
class AdmissionTest {
  /** Two uploads and two searches at once; the rest as configured. */
  public static class Small implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "homeward.gateway.admission.enrolments", "2",
          "homeward.gateway.admission.searches", "2",
          "homeward.gateway.admission.images", "2");
    }
  }

  @Inject Admission admission;

  @Test
  void requestsAreKindedByWhatTheyCost() {
    assertThat(Admission.kindOf(HttpMethod.POST, "/api/v1/cases/c1/searches"))
        .isEqualTo(Kind.SEARCH);
    assertThat(Admission.kindOf(HttpMethod.POST, "/api/v1/one-time-searches/o1/search"))
        .isEqualTo(Kind.SEARCH);
    assertThat(Admission.kindOf(HttpMethod.POST, "/api/v1/cases/c1/photos")).isEqualTo(Kind.UPLOAD);
    assertThat(Admission.kindOf(HttpMethod.POST, "/api/v1/one-time-searches"))
        .isEqualTo(Kind.UPLOAD);
    assertThat(Admission.kindOf(HttpMethod.POST, "/api/v1/imports/i1/batches"))
        .isEqualTo(Kind.UPLOAD);
    assertThat(Admission.kindOf(HttpMethod.GET, "/api/v1/photos/p1/image")).isEqualTo(Kind.IMAGE);
    assertThat(Admission.kindOf(HttpMethod.GET, "/api/v1/reviews/r1/faces/found"))
        .isEqualTo(Kind.IMAGE);
    assertThat(Admission.kindOf(HttpMethod.GET, "/api/v1/photos/p1/export")).isEqualTo(Kind.IMAGE);
    // Reading a case's photo list or searching results is no upload, no search.
    assertThat(Admission.kindOf(HttpMethod.GET, "/api/v1/cases/c1/photos")).isEqualTo(Kind.OTHER);
    assertThat(Admission.kindOf(HttpMethod.GET, "/api/v1/cases/c1/searches")).isEqualTo(Kind.OTHER);
    assertThat(Admission.kindOf(HttpMethod.POST, "/api/v1/cases/c1/photos/extra"))
        .isEqualTo(Kind.OTHER);
    assertThat(Admission.kindOf(HttpMethod.GET, "/")).isEqualTo(Kind.OTHER);
    assertThat(Admission.kindOf(HttpMethod.GET, null)).isEqualTo(Kind.OTHER);
  }

  @Test
  void unsetLimitsFollowTheCoresAndStayWithinTheWorkerPool() {
    assertThat(Admission.limits(config(null, null, null, null), 2, 200))
        .isEqualTo(Map.of(Kind.SEARCH, 16, Kind.UPLOAD, 8, Kind.IMAGE, 16, Kind.OTHER, 128));
    Map<Kind, Integer> big = Admission.limits(config(null, null, null, null), 32, 256);
    assertThat(big.values().stream().mapToInt(Integer::intValue).sum()).isLessThanOrEqualTo(248);
    assertThat(big.get(Kind.OTHER))
        .isBetween(8 * big.get(Kind.SEARCH), 8 * big.get(Kind.SEARCH) + 8);
    // A limit set is kept as set; the others share what is left of the pool.
    Map<Kind, Integer> mixed = Admission.limits(config(100, null, null, null), 32, 256);
    assertThat(mixed.get(Kind.SEARCH)).isEqualTo(100);
    assertThat(mixed.values().stream().mapToInt(Integer::intValue).sum()).isLessThanOrEqualTo(248);
    assertThat(Admission.limits(config(1, 1, 1, 1), 64, 10).values()).containsOnly(1);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Admission.limits(config(null, 0, null, null), 2, 200))
        .hasMessage("homeward.gateway.admission.enrolments must be at least 1");
  }

  private static io.homeward.gateway.config.AdmissionConfig config(
      Integer searches, Integer enrolments, Integer images, Integer other) {
    return new io.homeward.gateway.config.AdmissionConfig() {
      @Override
      public boolean enabled() {
        return true;
      }

      @Override
      public java.util.Optional<Integer> searches() {
        return java.util.Optional.ofNullable(searches);
      }

      @Override
      public java.util.Optional<Integer> enrolments() {
        return java.util.Optional.ofNullable(enrolments);
      }

      @Override
      public java.util.Optional<Integer> images() {
        return java.util.Optional.ofNullable(images);
      }

      @Override
      public java.util.Optional<Integer> other() {
        return java.util.Optional.ofNullable(other);
      }
    };
  }

  @Test
  void pastTheLimitAnUploadIs503AtOnceWithRetryAfterAndItsPermitsComeBack() throws Exception {
    List<Socket> stalled = new ArrayList<>();
    try {
      // Two uploads whose bodies never finish hold the two upload permits.
      for (int i = 0; i < 2; i++) {
        stalled.add(stalledUpload());
      }
      await(() -> admission.inFlight(Kind.UPLOAD) == 2, "two uploads in progress");

      long start = System.nanoTime();
      Response third = upload();
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(third.statusCode()).isEqualTo(503);
      assertThat(third.header("Retry-After")).isEqualTo("2");
      assertThat(third.contentType()).startsWith("application/problem+json");
      assertThat(third.jsonPath().getString("type")).endsWith("/overloaded");
      assertThat(third.jsonPath().getString("detail")).contains("upload requests in progress");
      assertThat(third.jsonPath().getInt("status")).isEqualTo(503);
      // Refused before the body was read or a token looked at: no wait on the stalled two.
      assertThat(millis).isLessThan(5_000);

      // Another kind is still served (here: refused for its missing token, not for load).
      assertThat(given().post("/api/v1/cases/no-such-case/searches").then().extract().statusCode())
          .isEqualTo(401);
    } finally {
      for (Socket s : stalled) {
        s.close();
      }
    }
    // The clients went away mid-upload: their permits come back.
    await(() -> admission.inFlight(Kind.UPLOAD) == 0, "the uploads' permits released");
    assertThat(upload().statusCode()).isEqualTo(401);
  }

  @Test
  void parallelRequestsPastTheLimitAreRefusedAndEveryPermitIsReturned() throws Exception {
    String token = TestKeys.token("adm-police", "adm-police-org", "POLICE_INVESTIGATOR");
    ExecutorService pool = Executors.newFixedThreadPool(24);
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < 96; i++) {
        answers.add(
            pool.submit(
                () ->
                    given()
                        .header("Authorization", "Bearer " + token)
                        .header("Homeward-Purpose", "IDENTIFICATION")
                        .get("/api/v1/photos/no-such-photo/image")
                        .then()
                        .extract()
                        .statusCode()));
      }
      int refused = 0;
      for (Future<Integer> a : answers) {
        int status = a.get();
        // Not found (another organisation's photo and no photo read alike), or refused for load.
        assertThat(status).isIn(404, 503);
        if (status == 503) {
          refused++;
        }
      }
      assertThat(refused).isLessThan(96);
    } finally {
      pool.shutdownNow();
    }
    await(
        () -> {
          for (Kind k : Kind.values()) {
            if (admission.inFlight(k) != 0) {
              return false;
            }
          }
          return true;
        },
        "every permit returned");
  }

  private static Response upload() {
    return given()
        .contentType("image/jpeg")
        .body(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF})
        .post("/api/v1/cases/no-such-case/photos");
  }

  /**
   * An upload by a signed-in user that declares 100 kB and sends 10 bytes of it, then waits: the
   * gateway waits for the rest of its body.
   */
  private static Socket stalledUpload() throws Exception {
    String token = TestKeys.token("adm-slow", "adm-police-org", "POLICE_INVESTIGATOR");
    Socket s = new Socket("127.0.0.1", RestAssured.port);
    OutputStream out = s.getOutputStream();
    out.write(
        ("POST /api/v1/cases/no-such-case/photos?source=POLICE HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: Bearer "
                + token
                + "\r\nHomeward-Purpose: IDENTIFICATION\r\n"
                + "Content-Type: image/jpeg\r\nContent-Length: 100000\r\n\r\n0123456789")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return s;
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long giveUp = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > giveUp) {
        throw new AssertionError("not within 10 s: " + what);
      }
      Thread.sleep(20);
    }
  }
}
