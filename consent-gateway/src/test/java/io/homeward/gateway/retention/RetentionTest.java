package io.homeward.gateway.retention;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.homeward.gateway.db.Database;
import io.homeward.gateway.support.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** PRIVACY.md's periods, applied by the retention job to cases registered through the API. */
@QuarkusTest
@QuarkusTestResource(TestKeys.class)
class RetentionTest {
  @Inject Retention retention;
  @Inject Database db;

  private static String police() {
    return TestKeys.token("pol-r", "police-r", "POLICE_INVESTIGATOR");
  }

  private String status(String caseId) {
    return db.inTransaction(
        tx -> {
          try (PreparedStatement ps =
              tx.prepareStatement("select status from cases where id = ?")) {
            ps.setString(1, caseId);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? rs.getString(1) : "DELETED";
            }
          }
        });
  }

  private long alerts(String kind, String caseId) {
    return db.inTransaction(
        tx -> {
          try (PreparedStatement ps =
              tx.prepareStatement("select count(*) from alerts where kind = ? and case_id = ?")) {
            ps.setString(1, kind);
            ps.setString(2, caseId);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  @Test
  void aVitalEmergencyLapsesAfter24HoursAndItsCaseStopsBeingSearchable() {
    String id =
        given()
            .auth()
            .oauth2(police())
            .header("Homeward-Purpose", "IDENTIFICATION")
            .contentType("application/json")
            .body(
                """
                {"side":"FOUND","policeCaseNumber":"PC-77","subject":{"birthYearFrom":1990,"birthYearTo":1992},
                 "consent":{"basis":"VITAL_EMERGENCY","givenBy":"POLICE",
                            "justification":"unconscious person found, identity needed for treatment"}}""")
            .post("/api/v1/cases")
            .then()
            .statusCode(201)
            .body("status", equalTo("OPEN"))
            .extract()
            .path("id");
    assertThat(alerts("VITAL_EMERGENCY_REVIEW", id)).isEqualTo(1);

    retention.run(Instant.now().plus(Duration.ofHours(23)));
    assertThat(status(id)).isEqualTo("OPEN");
    retention.run(Instant.now().plus(Duration.ofHours(25)));
    assertThat(status(id)).isEqualTo("PENDING");
    assertThat(alerts("EMERGENCY_BASIS_EXPIRED", id)).isEqualTo(1);
  }

  @Test
  void aClosedCaseKeepsAMinimalRecordFor30DaysThenIsDeleted() {
    String id =
        given()
            .auth()
            .oauth2(police())
            .header("Homeward-Purpose", "IDENTIFICATION")
            .contentType("application/json")
            .body(
                """
                {"side":"FOUND","policeCaseNumber":"PC-78","subject":{"birthYearFrom":1980,"birthYearTo":1982,
                 "location":"Shelter 3"},"consent":{"basis":"STATUTORY_DUTY","givenBy":"POLICE"}}""")
            .post("/api/v1/cases")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    given()
        .auth()
        .oauth2(police())
        .header("Homeward-Purpose", "IDENTIFICATION")
        .contentType("application/json")
        .body("{\"status\":\"CLOSED\"}")
        .post("/api/v1/cases/" + id + "/status")
        .then()
        .statusCode(200)
        .body("status", equalTo("CLOSED"));

    retention.run(Instant.now().plus(Duration.ofDays(29)));
    assertThat(status(id)).isEqualTo("CLOSED");
    retention.run(Instant.now().plus(Duration.ofDays(31)));
    assertThat(status(id)).isEqualTo("DELETED");
  }

  @Test
  void anOpenMissingCaseNotReconfirmedWithinAYearStopsBeingSearchable() {
    var created =
        given()
            .auth()
            .oauth2(TestKeys.token("cw-r", "ngo-r", "NGO_CASEWORKER"))
            .header("Homeward-Purpose", "FAMILY_TRACING")
            .contentType("application/json")
            .body(
                """
                {"side":"MISSING","subject":{"birthYearFrom":2010,"birthYearTo":2010,"eventDate":"2015-01-01"},
                 "consent":{"basis":"GUARDIAN_CONSENT","givenBy":"GUARDIAN","relationship":"mother"}}""")
            .post("/api/v1/cases")
            .then()
            .statusCode(201)
            .extract();
    String id = created.path("id");
    given()
        .auth()
        .oauth2(TestKeys.token("cw-r2", "ngo-r", "NGO_CASEWORKER"))
        .header("Homeward-Purpose", "FAMILY_TRACING")
        .post(
            "/api/v1/cases/" + id + "/consents/" + created.path("consents[0].id") + "/verification")
        .then()
        .statusCode(200)
        .body("status", equalTo("OPEN"));
    retention.run(Instant.now().plus(Duration.ofDays(300)));
    assertThat(status(id)).isEqualTo("OPEN");
    retention.run(Instant.now().plus(Duration.ofDays(366)));
    assertThat(status(id)).isEqualTo("PENDING");
    assertThat(alerts("RECONFIRMATION_DUE", id)).isEqualTo(1);
  }
}
