package io.homeward.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import io.homeward.gateway.db.Database;
import io.homeward.gateway.support.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The subject's sex is a closed vocabulary: stored and answered as its letter, listed in the
 * OpenAPI document, and a value outside it refused with the accepted ones named and nothing stored.
 */
@QuarkusTest
@QuarkusTestResource(TestKeys.class)
class SubjectSexTest {
  private static final String CASEWORKER = TestKeys.token("cw-sex", "ngo-sex", "NGO_CASEWORKER");

  @Inject Database db;

  private static Response register(String sexJson) {
    return given()
        .auth()
        .oauth2(CASEWORKER)
        .header("Homeward-Purpose", "FAMILY_TRACING")
        .contentType("application/json")
        .body(
            """
            {"side":"MISSING","subject":{"sex":%s,"birthYearFrom":2015,"birthYearTo":2016},
             "consent":{"basis":"GUARDIAN_CONSENT","givenBy":"GUARDIAN","relationship":"mother"}}"""
                .formatted(sexJson))
        .post("/api/v1/cases");
  }

  private String storedSex(String caseId) {
    return db.inTransaction(
        tx -> {
          try (PreparedStatement ps =
              tx.prepareStatement("select sex from subjects where case_id = ?")) {
            ps.setString(1, caseId);
            try (ResultSet rs = ps.executeQuery()) {
              assertThat(rs.next()).isTrue();
              return rs.getString(1);
            }
          }
        });
  }

  private long cases() {
    return db.inTransaction(
        tx -> {
          try (PreparedStatement ps = tx.prepareStatement("select count(*) from cases");
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  @ParameterizedTest
  @CsvSource({"'\"F\"',F", "'\" m \"',M", "'\"x\"',X"})
  void aLetterInAnyCaseIsStoredAndAnsweredAsItsLetter(String sent, String letter) {
    String id =
        register(sent)
            .then()
            .statusCode(201)
            .body("subject.sex", equalTo(letter))
            .extract()
            .path("id");
    assertThat(storedSex(id)).isEqualTo(letter);
    given()
        .auth()
        .oauth2(CASEWORKER)
        .header("Homeward-Purpose", "FAMILY_TRACING")
        .get("/api/v1/cases/" + id)
        .then()
        .statusCode(200)
        .body("subject.sex", equalTo(letter));
  }

  @Test
  void anUnrecordedSexIsNeitherStoredNorAnswered() {
    String id = register("null").then().statusCode(201).extract().path("id");
    assertThat(storedSex(id)).isNull();
    given()
        .auth()
        .oauth2(CASEWORKER)
        .header("Homeward-Purpose", "FAMILY_TRACING")
        .get("/api/v1/cases/" + id)
        .then()
        .statusCode(200)
        .body("subject", not(hasKey("sex")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"FEMALE\"", "\"\"", "\"  \"", "\"U\""})
  void anotherValueIsRefusedWithTheAcceptedOnesAndNothingIsStored(String sent) {
    long before = cases();
    register(sent)
        .then()
        .statusCode(400)
        .body("type", equalTo("https://homeward.io/problems/invalid-request"))
        .body("detail", equalTo("subject.sex has an unknown value; accepted: F, M, X"));
    assertThat(cases()).isEqualTo(before);
  }

  @Test
  @SuppressWarnings("unchecked")
  void theOpenApiDocumentListsTheValuesInRequestsAndAnswers() {
    int port = ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    Map<String, Object> schemas =
        given()
            .port(port)
            .accept("application/json")
            .get("/q/openapi")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getMap("components.schemas");
    assertThat((List<String>) ((Map<String, Object>) schemas.get("Sex")).get("enum"))
        .containsExactly("F", "M", "X");
    for (String dto : List.of("Subject", "SubjectView")) {
      Map<String, Object> sex =
          (Map<String, Object>)
              ((Map<String, Object>) ((Map<String, Object>) schemas.get(dto)).get("properties"))
                  .get("sex");
      assertThat(sex).as(dto).containsEntry("$ref", "#/components/schemas/Sex");
    }
  }
}
