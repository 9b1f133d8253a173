package io.homeward.gateway.posters;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.homeward.gateway.db.Database;
import io.homeward.gateway.domain.PhotoSource;
import io.homeward.gateway.images.ImageStore;
import io.homeward.gateway.retention.Retention;
import io.homeward.gateway.security.FieldSealer;
import io.homeward.gateway.store.AlertPoster;
import io.homeward.gateway.store.AlertPosterStore;
import io.homeward.gateway.store.Ids;
import io.homeward.gateway.store.PhotoRecord;
import io.homeward.gateway.store.PhotoState;
import io.homeward.gateway.store.PhotoStore;
import io.homeward.gateway.support.TestKeys;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Police alert posters (PRIVACY.md rule 15) through the REST API: created only by police, with a
 * justification, on an open MISSING case of their organisation, from one of its live photos; the
 * image watermarked; the family's contact never on it (the unit's is typed by police); expiring by
 * itself; withdrawn by the retention job (run at chosen instants) within 1 h of the case becoming
 * FOUND; listed for privacy officers by state, never another organisation's; parallel requests keep
 * these. Run on H2 and on PostgreSQL.
 */
abstract class PostersContract {
  private static final String POSTERS = "/api/v1/posters";
  private static final String LIST = "/api/v1/oversight/posters";
  private static final String WHY =
      "a child missing for three days, sighting expected near the station";

  @Inject Database db;
  @Inject ImageStore images;
  @Inject PhotoStore photos;
  @Inject AlertPosterStore posters;
  @Inject FieldSealer sealer;
  @Inject Retention retention;

  private String org;
  private String other;

  @BeforeEach
  void organisations() {
    String run = Ids.newId("t").substring(2, 12);
    org = "ps-a-" + run;
    other = "ps-b-" + run;
  }

  private static RequestSpecification as(String token, String purpose) {
    return given().auth().oauth2(token).header("Homeward-Purpose", purpose);
  }

  private static String police(String org) {
    return TestKeys.token("pol-" + org, org, "POLICE_INVESTIGATOR");
  }

  private static String officer(String org) {
    return TestKeys.token("po-" + org, org, "PRIVACY_OFFICER");
  }

  private static String missingCase(String police) {
    return as(police, "IDENTIFICATION")
        .contentType("application/json")
        .body(
            """
            {"side":"MISSING","policeCaseNumber":"PC-PS-%d","subject":{"birthYearFrom":2014,"birthYearTo":2015},
             "consent":{"basis":"STATUTORY_DUTY","givenBy":"POLICE"}}"""
                .formatted(System.nanoTime() % 1_000_000))
        .post("/api/v1/cases")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private static byte[] jpeg() {
    BufferedImage image = new BufferedImage(120, 160, BufferedImage.TYPE_INT_RGB);
    var g = image.createGraphics();
    g.setColor(new Color(210, 170, 140));
    g.fillOval(20, 20, 80, 110);
    g.dispose();
    var out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "jpg", out);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

  /**
   * A live photo of the case, stored as enrolment stores it (the embedder is not reachable here).
   */
  private String photoOf(String caseId) {
    PhotoRecord p =
        new PhotoRecord(
            Ids.newId("p"),
            caseId,
            Ids.newFaceId(),
            images.put(jpeg()),
            PhotoSource.POLICE,
            9f,
            2024,
            0.9f,
            "test@1",
            PhotoState.STORED,
            Instant.now(),
            null);
    db.inTransaction(
        tx -> {
          photos.insert(tx, p);
          return null;
        });
    return p.id();
  }

  private static Map<String, Object> body(String caseId, String photoId, String why, int days) {
    var m = new java.util.HashMap<String, Object>();
    m.put("caseId", caseId);
    m.put("photoId", photoId);
    m.put("policeUnit", "Station 4, missing persons desk");
    m.put("unitContact", "+86 10 0000 0110");
    m.put("validDays", days);
    if (why != null) {
      m.put("justification", why);
    }
    return m;
  }

  private static Response create(String token, String purpose, Map<String, Object> body) {
    return as(token, purpose).contentType("application/json").body(body).post(POSTERS);
  }

  private String poster(String caseId, String photoId) {
    Response r = create(police(org), "IDENTIFICATION", body(caseId, photoId, WHY, 14));
    assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
    return r.path("id");
  }

  private long count(String sql, String... params) {
    return db.inTransaction(
        tx -> {
          try (PreparedStatement ps = tx.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
              ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  private List<Map<String, Object>> listed(String token, String state) {
    Response r = as(token, "PRIVACY_AUDIT").queryParam("state", state).get(LIST);
    assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
    return r.jsonPath().getList("$");
  }

  @Test
  void policePublishAWatermarkedPosterWithTheUnitsContactAndAJustification() throws Exception {
    String caseId = missingCase(police(org));
    String photoId = photoOf(caseId);
    Response r = create(police(org), "IDENTIFICATION", body(caseId, photoId, WHY, 14));
    assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
    String id = r.path("id");
    assertThat((String) r.path("state")).isEqualTo("ACTIVE");
    assertThat((String) r.path("unitContact")).isEqualTo("+86 10 0000 0110");
    assertThat(
            Duration.between(
                Instant.parse(r.path("createdAt")), Instant.parse(r.path("expiresAt"))))
        .isEqualTo(Duration.ofDays(14));
    // The justification is kept sealed and audited, never answered.
    assertThat(r.asString()).doesNotContain("station");
    assertThat(
            count(
                "select count(*) from audit_records where actor_id = ? and allowed and detail like ?",
                "pol-" + org,
                "alert poster " + id + " published%"))
        .isEqualTo(1);

    as(police(org), "IDENTIFICATION").get(POSTERS + "/" + id).then().statusCode(200);
    byte[] jpeg =
        as(police(org), "IDENTIFICATION")
            .get(POSTERS + "/" + id + "/image")
            .then()
            .statusCode(200)
            .contentType("image/jpeg")
            .extract()
            .asByteArray();
    BufferedImage shown = ImageIO.read(new ByteArrayInputStream(jpeg));
    assertThat(shown.getWidth()).isPositive();
    // Watermarked: not the stored image's bytes.
    assertThat(jpeg).isNotEqualTo(jpeg());
    // Another organisation's police do not find it.
    as(police(other), "IDENTIFICATION").get(POSTERS + "/" + id).then().statusCode(404);
    as(police(other), "IDENTIFICATION").get(POSTERS + "/" + id + "/image").then().statusCode(404);
  }

  @Test
  void onlyPoliceWithAJustificationOnAnOpenMissingCaseOfTheirOwn() {
    String caseId = missingCase(police(org));
    String photoId = photoOf(caseId);
    for (String role : List.of("NGO_CASEWORKER", "FACE_EXAMINER")) {
      String token = TestKeys.token(role + "-" + org, org, role);
      Response r = create(token, "FAMILY_TRACING", body(caseId, photoId, WHY, 14));
      assertThat(r.statusCode()).as(role).isIn(403, 404);
    }
    assertThat(create(police(org), "IDENTIFICATION", body(caseId, photoId, null, 14)).statusCode())
        .isEqualTo(400);
    assertThat(create(police(org), "IDENTIFICATION", body(caseId, photoId, "  ", 14)).statusCode())
        .isEqualTo(400);
    assertThat(create(police(org), "IDENTIFICATION", body(caseId, photoId, WHY, 0)).statusCode())
        .isEqualTo(400);
    assertThat(create(police(org), "IDENTIFICATION", body(caseId, photoId, WHY, 31)).statusCode())
        .isEqualTo(400);
    String foreign = missingCase(police(other));
    assertThat(
            create(police(org), "IDENTIFICATION", body(foreign, photoOf(foreign), WHY, 14))
                .statusCode())
        .isEqualTo(404);
    // A photo that is not the case's.
    assertThat(
            create(police(org), "IDENTIFICATION", body(caseId, photoOf(foreign), WHY, 14))
                .statusCode())
        .isEqualTo(400);
    // A FOUND case is never published.
    String found =
        as(police(org), "IDENTIFICATION")
            .contentType("application/json")
            .body(
                """
                {"side":"FOUND","policeCaseNumber":"PC-PS-F","subject":{"birthYearFrom":2014,"birthYearTo":2015},
                 "consent":{"basis":"STATUTORY_DUTY","givenBy":"POLICE"}}""")
            .post("/api/v1/cases")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    assertThat(
            create(police(org), "IDENTIFICATION", body(found, photoOf(found), WHY, 14))
                .statusCode())
        .isEqualTo(403);
    assertThat(count("select count(*) from alert_posters where organisation_id = ?", org)).isZero();
    assertThat(
            count(
                "select count(*) from audit_records where organisation = ? and not allowed"
                    + " and detail like 'refused: PUBLISH_ALERT%'",
                org))
        .isGreaterThanOrEqualTo(2);
  }

  @Test
  void withdrawnWithinAnHourOfFoundAndListedForPrivacyOfficersByState() {
    String caseId = missingCase(police(org));
    String id = poster(caseId, photoOf(caseId));
    String stays = missingCase(police(org));
    String active = poster(stays, photoOf(stays));
    // An expired poster: its expiry passed (stored as a poster created three weeks ago would be).
    Instant longAgo = Instant.now().minus(Duration.ofDays(21));
    String expired = Ids.newId("a");
    db.inTransaction(
        tx -> {
          posters.insert(
              tx,
              new AlertPoster(
                  expired,
                  stays,
                  "p-x",
                  org,
                  "pol-" + org,
                  "Station 4",
                  "+86 10 0000 0110",
                  sealer.seal("alert_posters.justification", WHY),
                  longAgo,
                  longAgo.plus(Duration.ofDays(7)),
                  null,
                  null));
          return null;
        });

    as(police(org), "IDENTIFICATION")
        .contentType("application/json")
        .body("{\"status\":\"FOUND\"}")
        .post("/api/v1/cases/" + caseId + "/status")
        .then()
        .statusCode(200);
    // The case is FOUND: printing stops at once; the scheduled pass takes it down.
    as(police(org), "IDENTIFICATION").get(POSTERS + "/" + id + "/image").then().statusCode(403);
    retention.run(Instant.now().plus(Duration.ofMinutes(59)));

    List<Map<String, Object>> withdrawn = listed(officer(org), "WITHDRAWN");
    assertThat(withdrawn).extracting(m -> m.get("id")).containsExactly(id);
    assertThat(withdrawn.get(0).get("withdrawnWhy")).isEqualTo("CASE_FOUND");
    assertThat(listed(officer(org), "ACTIVE")).extracting(m -> m.get("id")).containsExactly(active);
    assertThat(listed(officer(org), "EXPIRED"))
        .extracting(m -> m.get("id"))
        .containsExactly(expired);
    assertThat(listed(officer(org), null)).hasSize(3);
    // Nothing of the photo or the justification in the officer's list.
    assertThat(listed(officer(org), null).get(0).keySet()).doesNotContain("justification", "image");
    assertThat(listed(officer(other), null)).isEmpty();
    // Only privacy officers list them; each read is audited.
    as(police(org), "PRIVACY_AUDIT").get(LIST).then().statusCode(403);
    as(officer(org), "IDENTIFICATION").get(LIST).then().statusCode(403);
    assertThat(
            count(
                "select count(*) from audit_records where actor_id = ? and audit_action ="
                    + " 'AUDIT_ACCESS' and allowed",
                "po-" + org))
        .isEqualTo(5);
  }

  @Test
  void parallelPublicationsAndReadsAreEachAudited() throws Exception {
    String caseId = missingCase(police(org));
    String photoId = photoOf(caseId);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        answers.add(
            pool.submit(
                () ->
                    create(police(org), "IDENTIFICATION", body(caseId, photoId, WHY, 7))
                        .statusCode()));
        answers.add(pool.submit(() -> as(officer(org), "PRIVACY_AUDIT").get(LIST).statusCode()));
      }
      for (Future<Integer> f : answers) {
        assertThat(f.get()).isIn(200, 201);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(listed(officer(org), "ACTIVE")).hasSize(12);
    assertThat(
            count(
                "select count(*) from audit_records where actor_id = ? and detail like 'alert"
                    + " poster % published%'",
                "pol-" + org))
        .isEqualTo(12);
  }
}
