package io.homeward.gateway.attack;

import static io.homeward.gateway.attack.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.homeward.gateway.attack.RunningSystem.Db;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A photo where no detection pass finds a face, enrolled from a face box the uploader drew: a real
 * fixture (Grace Hopper, public domain) shrunk to 160 pixels on a 4800-pixel canvas, so that her
 * face is about 4 pixels in the detector's input and about 8 in the second pass's parts of it.
 * Through the packaged system, on each database.
 */
class FaceBoxUploadIT {
  /**
   * Her face, as the detector finds it on the full-size photo, scaled and moved onto the canvas.
   */
  private static final String DRAWN = "2450,2435,65,65";

  @ParameterizedTest
  @EnumSource(Db.class)
  void aHandDrawnBoxEnrolsAFaceTheDetectorMisses(Db db) throws Exception {
    RunningSystem system = RunningSystem.on(db);
    String org = "fb-police-" + db.name().toLowerCase();
    Client police =
        system.as(system.token("fb-pol-" + db, org, "POLICE_INVESTIGATOR"), "IDENTIFICATION");
    Client otherOrg =
        system.as(
            system.token("fb-pol-x-" + db, "fb-other-" + db, "POLICE_INVESTIGATOR"),
            "IDENTIFICATION");
    Client officer =
        system.as(system.token("fb-po-" + db, org, "PRIVACY_OFFICER"), "PRIVACY_AUDIT");
    String found = Fixtures.openFoundAdultCase(police, "PC-FB-" + db);
    String photos = "/api/v1/cases/" + found + "/photos?source=POLICE&photoYear=2024";
    byte[] image = faceOnCanvas();

    // Without a box: no face, and the problem gives the photo's size for the box to be drawn in.
    JsonNode none = json(police.postImage(photos, image), 422);
    assertThat(none.get("type").asText()).endsWith("no-face");
    assertThat(none.at("/photo/width").asInt()).isEqualTo(4800);
    assertThat(none.at("/photo/faces").size()).isZero();

    // Bad boxes: clear problems, nothing stored.
    JsonNode outside = json(police.postImage(photos + "&faceBox=4780,0,100,100", image), 422);
    assertThat(outside.get("type").asText()).endsWith("face-box-invalid");
    assertThat(outside.get("detail").asText()).contains("not inside the image");
    JsonNode small = json(police.postImage(photos + "&faceBox=2450,2435,20,20", image), 422);
    assertThat(small.get("type").asText()).endsWith("face-box-invalid");
    assertThat(small.get("detail").asText()).contains("32 pixels");
    JsonNode thin = json(police.postImage(photos + "&faceBox=2400,2435,200,60", image), 422);
    assertThat(thin.get("detail").asText()).contains("square");
    json(police.postImage(photos + "&faceBox=12,x", image), 400);
    // Another organisation's officer cannot reach the case, with or without a box.
    Fixtures.expect(otherOrg.postImage(photos + "&faceBox=" + DRAWN, image), 404);
    assertThat(photoCount(police, found)).isZero();

    // With the drawn box: enrolled, with the box and no issue.
    JsonNode enrolled = json(police.postImage(photos + "&faceBox=" + DRAWN, image), 201);
    JsonNode verdict = enrolled.get("verdict");
    assertThat(verdict.get("manualBox").asBoolean()).isTrue();
    assertThat(verdict.get("width").asInt()).isEqualTo(4800);
    JsonNode face = verdict.get("faces").get(0);
    assertThat(face.at("/box/x").asInt()).isBetween(2430, 2470);
    assertThat(face.get("issues").size()).isZero();
    assertThat(enrolled.toString()).doesNotContain("vector").doesNotContain("landmark");
    // The first photo of the case: more are asked for (case searches fuse them).
    assertThat(enrolled.get("casePhotos").asInt()).isEqualTo(1);
    assertThat(enrolled.get("morePhotosAdvised").asBoolean()).isTrue();

    // Parallel uploads with a box: each one enrolled, once.
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<HttpResponse<String>>> all = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        all.add(pool.submit(() -> police.postImage(photos + "&faceBox=" + DRAWN, image)));
      }
      List<Integer> counts = new ArrayList<>();
      for (Future<HttpResponse<String>> f : all) {
        JsonNode parallel = json(f.get(), 201);
        counts.add(parallel.get("casePhotos").asInt());
        assertThat(parallel.get("morePhotosAdvised").asBoolean())
            .isEqualTo(parallel.get("casePhotos").asInt() < 3);
      }
      // Counted under the case's lock: each parallel upload sees its own count.
      assertThat(counts).containsExactlyInAnyOrder(2, 3, 4);
    } finally {
      pool.shutdownNow();
    }
    assertThat(photoCount(police, found)).isEqualTo(4);

    // The audit says a box was drawn, not where.
    JsonNode records =
        json(officer.get("/api/v1/oversight/audit/records?action=ENROL&case=" + found), 200);
    List<String> details = new ArrayList<>();
    records.forEach(r -> details.add(r.path("detail").asText()));
    assertThat(details).hasSize(4).allMatch(d -> d.contains("face box drawn by hand"));
    assertThat(records.toString()).doesNotContain("2450").doesNotContain(DRAWN);

    // A search of the case embeds its stored photos again: the drawn box is kept with the photo and
    // passed again, or the detector would refuse the photo for having no face.
    HttpResponse<String> search = police.post("/api/v1/cases/" + found + "/searches", "");
    assertThat(search.statusCode()).as(search.body()).isEqualTo(200);
  }

  private static int photoCount(Client client, String caseId) {
    return json(client.get("/api/v1/cases/" + caseId + "/photos"), 200).size();
  }

  /** The fixture shrunk to 160 pixels, at (2400, 2400) on a plain grey 4800-pixel canvas (PNG). */
  static byte[] faceOnCanvas() {
    try {
      BufferedImage photo =
          ImageIO.read(
              new ByteArrayInputStream(Fixtures.photo("public-domain/grace_hopper_512x512.jpg")));
      BufferedImage canvas = new BufferedImage(4800, 4800, BufferedImage.TYPE_3BYTE_BGR);
      Graphics2D g = canvas.createGraphics();
      g.setColor(new Color(128, 128, 128));
      g.fillRect(0, 0, 4800, 4800);
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(photo, 2400, 2400, 160, 160, null);
      g.dispose();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(canvas, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
