package io.homeward.gateway.client;

import static io.restassured.RestAssured.given;

import io.homeward.gateway.db.Database;
import io.homeward.gateway.support.TestKeys;
import io.restassured.response.Response;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.imageio.ImageIO;

/** A police officer's open case and photo uploads to it: the gateway's path to the embedder. */
final class Enrol {
  static final String POLICE = TestKeys.token("cl-pol", "cl-police", "POLICE_INVESTIGATOR");

  private Enrol() {}

  /** Opens a found adult's case under a police case; returns its id. */
  static String openCase() {
    return given()
        .auth()
        .oauth2(POLICE)
        .header("Homeward-Purpose", "IDENTIFICATION")
        .contentType("application/json")
        .body(
            """
            {"side":"FOUND","policeCaseNumber":"PC-CL-%d","subject":{"birthYearFrom":1980,"birthYearTo":1982},
             "consent":{"basis":"STATUTORY_DUTY","givenBy":"POLICE"}}"""
                .formatted(System.nanoTime() % 1_000_000))
        .post("/api/v1/cases")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  /** The number of stored photos. */
  static long photos(Database db) {
    return db.inTransaction(
        tx -> {
          try (Statement s = tx.createStatement();
              ResultSet rs = s.executeQuery("select count(*) from photos")) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  /** Uploads a photo (a real JPEG with no face) to a case, with extra headers as name, value. */
  static Response photo(String caseId, String... headers) {
    var request =
        given()
            .auth()
            .oauth2(POLICE)
            .header("Homeward-Purpose", "IDENTIFICATION")
            .contentType("image/jpeg")
            .body(jpeg());
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request = request.header(headers[i], headers[i + 1]);
    }
    return request.post("/api/v1/cases/" + caseId + "/photos?source=POLICE&photoYear=2024");
  }

  private static byte[] jpeg() {
    BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    var out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "jpg", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
