package io.homeward.gateway.attack;

import static io.homeward.gateway.attack.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import javax.imageio.ImageIO;

/**
 * {@code GET /api/v1/reviews/{id}/faces/{side}} on the packaged system (the real embedder aligns
 * the real photos): the organisation's own examiner sees both aligned faces, square, watermarked
 * JPEGs shown as the whole photo is (same display, {@code no-store}), audited, in parallel too; a
 * bad side is a problem that lists the sides; another organisation is answered 404, in parallel
 * too. Steps of {@link ForeignIdsAttackIT}, whose pair they use.
 */
final class AlignedFaces {
  private static final int PARALLEL = 6;

  private AlignedFaces() {}

  static void ownExaminerSeesBoth(
      RunningSystem system,
      Client examiner,
      String examinerId,
      String org,
      String review,
      String missingPhoto) {
    String photoDisplay =
        examiner
            .getBytes("/api/v1/photos/" + missingPhoto + "/image")
            .headers()
            .firstValue("Homeward-Display")
            .orElse("none");
    for (String side : List.of("missing", "FOUND")) {
      HttpResponse<byte[]> r = examiner.getBytes("/api/v1/reviews/" + review + "/faces/" + side);
      assertThat(r.statusCode()).as(side + ": " + new String(r.body())).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("image/jpeg");
      assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
      BufferedImage face = decode(r.body());
      // Square, above the solid strip the watermark adds below every image shown.
      assertThat(face.getHeight() - face.getWidth())
          .as("an aligned face is square above its watermark strip")
          .isBetween(1, face.getWidth() / 5);
      assertThat(face.getWidth()).isGreaterThanOrEqualTo(256);
      if (side.equals("missing")) {
        assertThat(r.headers().firstValue("Homeward-Display"))
            .as("the aligned face is shown as the whole photo is (blurred or clear)")
            .hasValue(photoDisplay);
      }
    }
    HttpResponse<String> bad = examiner.get("/api/v1/reviews/" + review + "/faces/left");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("side has an unknown value").contains("MISSING, FOUND");

    List<HttpResponse<byte[]>> all =
        parallel(
            i ->
                examiner.getBytes(
                    "/api/v1/reviews/" + review + "/faces/" + (i % 2 == 0 ? "missing" : "found")));
    assertThat(all).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));

    Client officer =
        system.as(system.token("fi-po-" + org, org, "PRIVACY_OFFICER"), "PRIVACY_AUDIT");
    JsonNode records =
        json(
            officer.get(
                "/api/v1/oversight/audit/records?limit=200&action=VIEW&actor=" + examinerId),
            200);
    long faces = 0;
    for (JsonNode rec : records) {
      if ("aligned face".equals(rec.path("detail").asText())) {
        faces++;
      }
    }
    assertThat(faces).as("each aligned face shown is audited").isEqualTo(2 + PARALLEL);
  }

  static void refusedInParallel(Client attacker, String review) {
    List<HttpResponse<byte[]>> all =
        parallel(i -> attacker.getBytes("/api/v1/reviews/" + review + "/faces/found"));
    assertThat(all).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(404));
  }

  private static <T> List<T> parallel(IntFunction<T> call) {
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < PARALLEL; i++) {
        int n = i;
        futures.add(pool.submit(() -> call.apply(n)));
      }
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get());
      }
      return out;
    } catch (Exception e) {
      throw new AssertionError(e);
    } finally {
      pool.shutdownNow();
    }
  }

  private static BufferedImage decode(byte[] jpeg) {
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
      assertThat(image).isNotNull();
      return image;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
