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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A DNA or document confirmation (rule 12): its kind is one of a closed list, named exactly; any
 * other is refused with the list and stores nothing; a recorded one allows reunification.
 */
@QuarkusTest
@QuarkusTestResource(TestKeys.class)
class ConfirmationTest {
  private static final String POLICE =
      TestKeys.token("pol-conf", "police-conf", "POLICE_INVESTIGATOR");

  @Inject Database db;

  private static String openFoundCase() {
    return given()
        .auth()
        .oauth2(POLICE)
        .header("Homeward-Purpose", "IDENTIFICATION")
        .contentType("application/json")
        .body(
            """
            {"side":"FOUND","policeCaseNumber":"PC-CONF-%d","subject":{"birthYearFrom":1980,
             "birthYearTo":1982},"consent":{"basis":"STATUTORY_DUTY","givenBy":"POLICE"}}"""
                .formatted(System.nanoTime() % 1_000_000))
        .post("/api/v1/cases")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private static Response confirm(String caseId, String body) {
    return given()
        .auth()
        .oauth2(POLICE)
        .header("Homeward-Purpose", "IDENTIFICATION")
        .contentType("application/json")
        .body(body)
        .post("/api/v1/cases/" + caseId + "/confirmations");
  }

  private static Response reunite(String caseId) {
    return given()
        .auth()
        .oauth2(POLICE)
        .header("Homeward-Purpose", "IDENTIFICATION")
        .contentType("application/json")
        .body("{\"status\":\"REUNIFIED\"}")
        .post("/api/v1/cases/" + caseId + "/status");
  }

  private List<String> kindsStored(String caseId) {
    return db.inTransaction(
        tx -> {
          try (PreparedStatement ps =
              tx.prepareStatement("select kind from confirmations where case_id = ?")) {
            ps.setString(1, caseId);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(rs.getString(1));
              }
            }
            return out;
          }
        });
  }

  @Test
  void aKindOutsideTheListIsRefusedWithTheAcceptedKindsAndStoresNothing() {
    String caseId = openFoundCase();
    for (String body :
        List.of(
            "{\"kind\":\"dna\",\"reference\":\"lab-1\"}",
            "{\"kind\":\"BLOOD\",\"reference\":\"lab-1\"}",
            "{\"kind\":\"\",\"reference\":\"lab-1\"}",
            "{\"reference\":\"lab-1\"}",
            "{\"kind\":\"DNA\",\"reference\":\" \"}")) {
      confirm(caseId, body)
          .then()
          .statusCode(400)
          .body("type", equalTo("https://homeward.io/problems/invalid-request"))
          .body("detail", equalTo("a confirmation has a kind (DNA or DOCUMENT) and a reference"));
    }
    assertThat(kindsStored(caseId)).isEmpty();
    reunite(caseId).then().statusCode(403);
  }

  @Test
  void aRecordedConfirmationIsStoredByItsNameAndAllowsReunification() {
    String caseId = openFoundCase();
    confirm(caseId, "{\"kind\":\"DOCUMENT\",\"reference\":\"passport-1\"}").then().statusCode(204);
    assertThat(kindsStored(caseId)).containsExactly("DOCUMENT");
    reunite(caseId).then().statusCode(200).body("status", equalTo("REUNIFIED"));
  }
}
