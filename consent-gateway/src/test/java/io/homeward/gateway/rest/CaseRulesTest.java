package io.homeward.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.homeward.gateway.db.Database;
import io.homeward.gateway.support.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * Registration rules through the REST API on the embedded database: what is stored as PENDING, what
 * opens, what is refused and stores nothing, and that a failed audit write fails the request.
 */
@QuarkusTest
@QuarkusTestResource(TestKeys.class)
class CaseRulesTest {
  @Inject Database db;

  private static Response create(String token, String purpose, String body) {
    return given()
        .auth()
        .oauth2(token)
        .header("Homeward-Purpose", purpose)
        .contentType("application/json")
        .body(body)
        .post("/api/v1/cases");
  }

  private long count(String table) {
    return db.inTransaction(
        tx -> {
          try (Statement s = tx.createStatement();
              ResultSet rs = s.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  @Test
  void guardianConsentForAChildIsPendingUntilAnotherCaseworkerVerifiesIt() {
    String cw = TestKeys.token("cw-a", "ngo-a", "NGO_CASEWORKER");
    var created =
        create(
                cw,
                "FAMILY_TRACING",
                """
                {"side":"MISSING","subject":{"sex":"M","birthYearFrom":2015,"birthYearTo":2016,
                 "eventDate":"2019-01-01"},
                 "consent":{"basis":"GUARDIAN_CONSENT","givenBy":"GUARDIAN","relationship":"father"}}""")
            .then()
            .statusCode(201)
            .body("status", equalTo("PENDING"))
            .extract();
    String id = created.path("id");
    String consent = created.path("consents[0].id");
    given()
        .auth()
        .oauth2(cw)
        .header("Homeward-Purpose", "FAMILY_TRACING")
        .post("/api/v1/cases/" + id + "/consents/" + consent + "/verification")
        .then()
        .statusCode(403)
        .body("type", equalTo("https://homeward.io/problems/policy-denied"));
    given()
        .auth()
        .oauth2(TestKeys.token("cw-b", "ngo-a", "NGO_CASEWORKER"))
        .header("Homeward-Purpose", "FAMILY_TRACING")
        .post("/api/v1/cases/" + id + "/consents/" + consent + "/verification")
        .then()
        .statusCode(200)
        .body("status", equalTo("OPEN"));
  }

  @Test
  void aCaretakersConsentAloneForAFoundChildIsRefusedAndNothingIsStored() {
    long cases = count("cases");
    long audit = count("audit_records");
    create(
            TestKeys.token("cw-c", "ngo-c", "NGO_CASEWORKER"),
            "FAMILY_TRACING",
            """
            {"side":"FOUND","subject":{"birthYearFrom":2016,"birthYearTo":2018},
             "consent":{"basis":"GUARDIAN_CONSENT","givenBy":"CARETAKER"}}""")
        .then()
        .statusCode(403)
        .body("type", equalTo("https://homeward.io/problems/policy-denied"));
    assertThat(count("cases")).isEqualTo(cases);
    // The refusal itself is audited.
    assertThat(count("audit_records")).isEqualTo(audit + 1);
  }

  @Test
  void aRequestWithoutALegalBasisIsRefused() {
    long cases = count("cases");
    create(
            TestKeys.token("cw-d", "ngo-d", "NGO_CASEWORKER"),
            "FAMILY_TRACING",
            """
            {"side":"MISSING","subject":{"birthYearFrom":2010,"birthYearTo":2010}}""")
        .then()
        .statusCode(403);
    assertThat(count("cases")).isEqualTo(cases);
  }

  @Test
  void malformedFieldsGetSpecificErrors() {
    String cw = TestKeys.token("cw-e", "ngo-e", "NGO_CASEWORKER");
    create(cw, "FAMILY_TRACING", "{\"side\":\"SIDEWAYS\",\"subject\":{}}")
        .then()
        .statusCode(400)
        .body("detail", equalTo("side has an unknown value; accepted: MISSING, FOUND"));
    create(
            cw,
            "FAMILY_TRACING",
            "{\"side\":\"MISSING\",\"subject\":{\"birthYearFrom\":2012,\"birthYearTo\":2010}}")
        .then()
        .statusCode(400)
        .body("detail", equalTo("subject.birthYearFrom is after subject.birthYearTo"));
  }

  @Test
  void whenTheAuditLogCannotBeWrittenTheRequestFailsAndNothingIsStored() {
    long cases = count("cases");
    db.inTransaction(
        tx -> {
          try (Statement s = tx.createStatement()) {
            s.execute("alter table audit_head rename to audit_head_away");
          }
          return null;
        });
    try {
      create(
              TestKeys.token("pol-f", "police-f", "POLICE_INVESTIGATOR"),
              "IDENTIFICATION",
              """
              {"side":"FOUND","policeCaseNumber":"PC-1","subject":{"birthYearFrom":1990,"birthYearTo":1991},
               "consent":{"basis":"STATUTORY_DUTY","givenBy":"POLICE"}}""")
          .then()
          .statusCode(503)
          .body("type", equalTo("https://homeward.io/problems/audit-unavailable"));
    } finally {
      db.inTransaction(
          tx -> {
            try (Statement s = tx.createStatement()) {
              s.execute("alter table audit_head_away rename to audit_head");
            }
            return null;
          });
    }
    assertThat(count("cases")).isEqualTo(cases);
  }
}
