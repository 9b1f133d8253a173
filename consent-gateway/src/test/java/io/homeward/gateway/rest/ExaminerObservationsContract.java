package io.homeward.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.homeward.gateway.db.Database;
import io.homeward.gateway.domain.Band;
import io.homeward.gateway.domain.PhotoSource;
import io.homeward.gateway.store.Ids;
import io.homeward.gateway.store.PhotoRecord;
import io.homeward.gateway.store.PhotoState;
import io.homeward.gateway.store.PhotoStore;
import io.homeward.gateway.store.ReviewItem;
import io.homeward.gateway.store.ReviewStore;
import io.homeward.gateway.support.TestKeys;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The examiners' observations feature by feature (FISWG list) and the DNA steps of a reviewed pair,
 * through the REST API on the embedded database: validated (nothing stored on a refusal), blind
 * until both verdicts are in, notes sealed at rest and never audited, another organisation kept
 * out, the DNA referral idempotent under parallel requests and refused with the reason while the
 * two-person rule is not met. Run on H2 ({@link H2ExaminerObservationsTest}) and on PostgreSQL as
 * the application's role ({@link PostgresExaminerObservationsTest}).
 */
abstract class ExaminerObservationsContract {
  private static final String NOTE = "attached left ear lobe, same notch";

  @Inject Database db;
  @Inject PhotoStore photos;
  @Inject ReviewStore reviews;

  private static RequestSpecification as(String token, String purpose) {
    return given().auth().oauth2(token).header("Homeward-Purpose", purpose);
  }

  private static RequestSpecification examiner(String token) {
    return as(token, "CANDIDATE_VERIFICATION").contentType("application/json");
  }

  private static String openCase(String token, String purpose, String body) {
    return as(token, purpose)
        .contentType("application/json")
        .body(body)
        .post("/api/v1/cases")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private PhotoRecord photo(String caseId) {
    PhotoRecord p =
        new PhotoRecord(
            Ids.newId("p"),
            caseId,
            Ids.newFaceId(),
            null,
            PhotoSource.FAMILY,
            30f,
            null,
            0.9f,
            "test@1",
            PhotoState.INDEXED,
            Instant.now(),
            null);
    db.inTransaction(
        tx -> {
          photos.insert(tx, p);
          return null;
        });
    return p;
  }

  private long count(String sql, String value) {
    return db.inTransaction(
        tx -> {
          try (PreparedStatement ps = tx.prepareStatement(sql)) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  private List<byte[]> sealedNotes(String reviewId) {
    return db.inTransaction(
        tx -> {
          try (PreparedStatement ps =
              tx.prepareStatement(
                  "select note_sealed from review_observations where review_id = ? and"
                      + " note_sealed is not null")) {
            ps.setString(1, reviewId);
            List<byte[]> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(rs.getBytes(1));
              }
            }
            return out;
          }
        });
  }

  private static Response verdict(String token, String reviewId, String body) {
    return examiner(token).body(body).post("/api/v1/reviews/" + reviewId + "/verdicts");
  }

  @Test
  void observationsAreValidatedBlindSealedAndTheDnaStepsFollowTheTwoPersonRule() throws Exception {
    String run = Ids.newId("t").substring(2, 10);
    String ngo = "ngo-obs-" + run;
    String forensics = "fx-obs-" + run;
    String caseworker = TestKeys.token("cw-" + ngo, ngo, "NGO_CASEWORKER");
    String first = TestKeys.token("ex1-" + forensics, forensics, "FACE_EXAMINER");
    String second = TestKeys.token("ex2-" + forensics, forensics, "FACE_EXAMINER");
    String stranger = TestKeys.token("ex-other-" + run, "fx-other-" + run, "FACE_EXAMINER");
    String missing =
        openCase(
            caseworker,
            "FAMILY_TRACING",
            """
            {"side":"MISSING","subject":{"sex":"F","birthYearFrom":1990,"birthYearTo":1991},
             "consent":{"basis":"CONSENT","givenBy":"SUBJECT"}}""");
    String found =
        openCase(
            TestKeys.token("pol-" + run, "pol-obs-" + run, "POLICE_INVESTIGATOR"),
            "IDENTIFICATION",
            """
            {"side":"FOUND","policeCaseNumber":"PC-OBS","subject":{"sex":"F","birthYearFrom":1990,
             "birthYearTo":1991},"consent":{"basis":"STATUTORY_DUTY","givenBy":"POLICE"}}""");
    ReviewItem item =
        new ReviewItem(
            Ids.newId("r"),
            photo(missing).faceId(),
            photo(found).faceId(),
            missing,
            found,
            Band.STRONG,
            0.7f,
            ReviewStore.OPEN,
            Instant.now().truncatedTo(ChronoUnit.MILLIS));
    db.inTransaction(tx -> reviews.insertIfAbsent(tx, item));
    as(caseworker, "FAMILY_TRACING")
        .contentType("application/json")
        .body("{\"organisation\":\"" + forensics + "\",\"role\":\"FACE_EXAMINER\"}")
        .post("/api/v1/cases/" + missing + "/assignments")
        .then()
        .statusCode(201);
    String id = item.id();
    String observationsOf = "select count(*) from review_observations where review_id = ?";
    String verdictsOf = "select count(*) from verdicts where review_id = ?";

    // Refusals name what is wrong and store nothing, neither the observations nor the verdict.
    verdict(
            first,
            id,
            "{\"verdict\":\"POTENTIAL_CANDIDATE\",\"observations\":[{\"feature\":\"TAIL\","
                + "\"assessment\":\"SIMILAR\"}]}")
        .then()
        .statusCode(400)
        .body("detail", containsString("observations.feature has an unknown value; accepted:"))
        .body("detail", containsString("CHIN_JAW"));
    verdict(
            first,
            id,
            "{\"verdict\":\"POTENTIAL_CANDIDATE\",\"observations\":[{\"feature\":\"EARS\","
                + "\"assessment\":\"SIMILAR\"},{\"feature\":\"EARS\",\"assessment\":\"DISSIMILAR\"}]}")
        .then()
        .statusCode(400)
        .body("detail", equalTo("feature EARS is observed more than once"));
    verdict(
            first,
            id,
            "{\"verdict\":\"POTENTIAL_CANDIDATE\",\"observations\":[{\"feature\":\"EARS\","
                + "\"assessment\":\"SIMILAR\",\"note\":\""
                + "x".repeat(501)
                + "\"}]}")
        .then()
        .statusCode(400)
        .body("detail", equalTo("observations.note is longer than 500 characters"));
    assertThat(count(observationsOf, id)).isZero();
    assertThat(count(verdictsOf, id)).isZero();

    // Another organisation's examiner cannot read, judge or refer the pair: for them it does not
    // exist.
    examiner(stranger).get("/api/v1/reviews/" + id).then().statusCode(404);
    verdict(stranger, id, "{\"verdict\":\"NO_CANDIDATE\"}").then().statusCode(404);
    examiner(stranger).post("/api/v1/reviews/" + id + "/dna-referral").then().statusCode(404);

    verdict(
            first,
            id,
            "{\"verdict\":\"POTENTIAL_CANDIDATE\",\"observations\":[{\"feature\":\"EARS\","
                + "\"assessment\":\"SIMILAR\",\"note\":\""
                + NOTE
                + "\"},{\"feature\":\"NOSE\",\"assessment\":\"SIMILAR\"},{\"feature\":\"SCARS\","
                + "\"assessment\":\"NOT_ASSESSABLE\"}]}")
        .then()
        .statusCode(200)
        .body("status", equalTo("OPEN"))
        .body("observations", hasSize(3))
        .body("observations.find { it.feature == 'EARS' }.note", equalTo(NOTE));

    // Blind: the second examiner sees neither the verdict nor the observations of the first.
    examiner(second)
        .get("/api/v1/reviews/" + id)
        .then()
        .statusCode(200)
        .body("myVerdict", empty())
        .body("observations", empty());
    // The two-person rule is not met: the DNA steps are refused, saying why.
    examiner(first)
        .post("/api/v1/reviews/" + id + "/dna-referral")
        .then()
        .statusCode(403)
        .body("status", equalTo(403))
        .body("detail", containsString("two-person rule is not met: 1 of 2"));

    verdict(
            second,
            id,
            "{\"verdict\":\"POTENTIAL_CANDIDATE\",\"observations\":[{\"feature\":\"EARS\","
                + "\"assessment\":\"similar\"},{\"feature\":\"MOUTH\",\"assessment\":\"SIMILAR\","
                + "\"note\":\"same philtrum\"}]}")
        .then()
        .statusCode(200)
        .body("status", equalTo("POTENTIAL_CANDIDATE"))
        .body("myVerdict", hasSize(2))
        .body("observations", hasSize(5));
    // Both in: the first examiner now sees the second's verdict and observations.
    examiner(first)
        .get("/api/v1/reviews/" + id)
        .then()
        .statusCode(200)
        .body("myVerdict", hasSize(2))
        .body(
            "observations.find { it.examiner == 'ex2-"
                + forensics
                + "' && it.feature == 'MOUTH'"
                + " }.note",
            equalTo("same philtrum"))
        .body("dnaReferredBy", nullValue());

    // Notes are sealed at rest and never in the audit log; the audit counts the observations.
    List<byte[]> sealed = sealedNotes(id);
    assertThat(sealed).hasSize(2);
    for (byte[] s : sealed) {
      assertThat(new String(s, StandardCharsets.ISO_8859_1)).doesNotContain("ear lobe", "philtrum");
    }
    assertThat(
            count(
                "select count(*) from audit_records where case_id = ? and (detail like '%ear"
                    + " lobe%' or detail like '%philtrum%')",
                missing))
        .isZero();
    assertThat(
            count(
                "select count(*) from audit_records where case_id = ? and detail like '%with 3"
                    + " observations%'",
                missing))
        .isEqualTo(1);

    // A confirmation needs a referral first.
    examiner(first)
        .body("{\"reference\":\"LAB-1\"}")
        .post("/api/v1/reviews/" + id + "/dna-confirmation")
        .then()
        .statusCode(409);

    // Parallel referrals: every one answered, one referral recorded.
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        String token = i % 2 == 0 ? first : second;
        answers.add(
            pool.submit(
                () ->
                    examiner(token)
                        .post("/api/v1/reviews/" + id + "/dna-referral")
                        .then()
                        .extract()
                        .statusCode()));
      }
      for (Future<Integer> a : answers) {
        assertThat(a.get()).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(
            count(
                "select count(*) from audit_records where case_id = ? and detail = 'DNA referral'"
                    + " and allowed = true",
                missing))
        .isEqualTo(1);
    examiner(second)
        .get("/api/v1/reviews/" + id)
        .then()
        .body("dnaReferredBy", containsString("-" + forensics));

    examiner(second)
        .body("{\"reference\":\"\"}")
        .post("/api/v1/reviews/" + id + "/dna-confirmation")
        .then()
        .statusCode(400)
        .body("detail", equalTo("a DNA confirmation has the laboratory's reference"));
    examiner(second)
        .body("{\"reference\":\"LAB-2026-0042\"}")
        .post("/api/v1/reviews/" + id + "/dna-confirmation")
        .then()
        .statusCode(204);
    assertThat(
            count("select count(*) from confirmations where case_id = ? and kind = 'DNA'", missing))
        .isEqualTo(1);
  }
}
