package io.homeward.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

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
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * The two-person rule through the REST API on the embedded database (rule 12): two examiners record
 * verdicts independently, one each; the family may be notified only after two POTENTIAL_CANDIDATE
 * verdicts; every step is audited. The review item is stored as the standing search raises it.
 */
@QuarkusTest
@QuarkusTestResource(TestKeys.class)
class TwoPersonRuleTest {
  @Inject Database db;
  @Inject PhotoStore photos;
  @Inject ReviewStore reviews;

  private static RequestSpecification as(String token, String purpose) {
    return given().auth().oauth2(token).header("Homeward-Purpose", purpose);
  }

  private static String openCase(String token, String purpose, String body) {
    return as(token, purpose)
        .contentType("application/json")
        .body(body)
        .post("/api/v1/cases")
        .then()
        .statusCode(201)
        .body("status", equalTo("OPEN"))
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

  private static Response verdict(String examiner, String reviewId, String verdict) {
    return as(examiner, "CANDIDATE_VERIFICATION")
        .contentType("application/json")
        .body("{\"verdict\":\"" + verdict + "\"}")
        .post("/api/v1/reviews/" + reviewId + "/verdicts");
  }

  private long audited(String caseId, boolean allowed) {
    return db.inTransaction(
        tx -> {
          try (PreparedStatement ps =
              tx.prepareStatement(
                  "select count(*) from audit_records where case_id = ? and audit_action = 'VERIFY'"
                      + " and allowed = ?")) {
            ps.setString(1, caseId);
            ps.setBoolean(2, allowed);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  @Test
  void twoExaminersIndependentlyThenTheFamilyMayBeNotified() {
    String run = Ids.newId("t").substring(2, 10);
    String ngo = "ngo-2p-" + run;
    String forensics = "fx-2p-" + run;
    String caseworker = TestKeys.token("cw-" + ngo, ngo, "NGO_CASEWORKER");
    String first = TestKeys.token("ex1-" + forensics, forensics, "FACE_EXAMINER");
    String second = TestKeys.token("ex2-" + forensics, forensics, "FACE_EXAMINER");
    String missing =
        openCase(
            caseworker,
            "FAMILY_TRACING",
            """
            {"side":"MISSING","subject":{"sex":"F","birthYearFrom":1990,"birthYearTo":1991},
             "consent":{"basis":"CONSENT","givenBy":"SUBJECT"}}""");
    String found =
        openCase(
            TestKeys.token("pol-" + run, "pol-2p-" + run, "POLICE_INVESTIGATOR"),
            "IDENTIFICATION",
            """
            {"side":"FOUND","policeCaseNumber":"PC-2P","subject":{"sex":"F","birthYearFrom":1990,
             "birthYearTo":1991},"consent":{"basis":"STATUTORY_DUTY","givenBy":"POLICE"}}""");
    PhotoRecord missingPhoto = photo(missing);
    PhotoRecord foundPhoto = photo(found);
    ReviewItem item =
        new ReviewItem(
            Ids.newId("r"),
            missingPhoto.faceId(),
            foundPhoto.faceId(),
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
    String notify = "/api/v1/reviews/" + item.id() + "/notifications";

    verdict(first, item.id(), "POTENTIAL_CANDIDATE")
        .then()
        .statusCode(200)
        .body("status", equalTo("OPEN"))
        .body("missingPhotoId", equalTo(missingPhoto.id()))
        .body("foundPhotoId", equalTo(foundPhoto.id()))
        .body("myVerdict", contains("ex1-" + forensics + "=POTENTIAL_CANDIDATE"));
    // One examiner, one verdict.
    verdict(first, item.id(), "NO_CANDIDATE").then().statusCode(403);
    // One verdict is not enough to tell the family.
    as(caseworker, "FAMILY_TRACING").post(notify).then().statusCode(403);
    // The second examiner sees no one else's verdict before recording theirs.
    as(second, "CANDIDATE_VERIFICATION")
        .get("/api/v1/reviews")
        .then()
        .statusCode(200)
        .body("find { it.id == '" + item.id() + "' }.myVerdict", empty());

    verdict(second, item.id(), "POTENTIAL_CANDIDATE")
        .then()
        .statusCode(200)
        .body("status", equalTo("POTENTIAL_CANDIDATE"));
    as(caseworker, "FAMILY_TRACING").post(notify).then().statusCode(202);

    // Two verdicts and a notification allowed; the second try and the early notice refused.
    assertThat(audited(missing, true)).isEqualTo(3);
    assertThat(audited(missing, false)).isEqualTo(2);
  }
}
