package io.homeward.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.homeward.gateway.cli.LocalTokens;
import io.homeward.gateway.support.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The whole 401/403 matrix, each answered with an RFC 9457 problem. */
@QuarkusTest
@QuarkusTestResource(TestKeys.class)
class AuthenticationTest {
  private static final String CASES = "/api/v1/cases/c-0000000000000000000000000a";

  private static void problem(
      io.restassured.response.ValidatableResponse r, int status, String type) {
    r.statusCode(status)
        .contentType("application/problem+json")
        .body("type", equalTo("https://homeward.io/problems/" + type))
        .body("status", equalTo(status))
        .body("traceId", notNullValue());
  }

  @Test
  void noTokenIsUnauthenticated() {
    problem(
        given().header("Homeward-Purpose", "FAMILY_TRACING").get(CASES).then(),
        401,
        "unauthenticated");
  }

  @Test
  void garbageTokenIsUnauthenticated() {
    problem(given().auth().oauth2("not.a.jwt").get(CASES).then(), 401, "unauthenticated");
  }

  @Test
  void expiredTokenIsUnauthenticated() {
    String expired =
        Jwt.issuer(LocalTokens.ISSUER)
            .audience(LocalTokens.AUDIENCE)
            .subject("u1")
            .groups(Set.of("NGO_CASEWORKER"))
            .claim("org", "ngo-1")
            .issuedAt(Instant.now().minus(Duration.ofHours(3)))
            .expiresAt(Instant.now().minus(Duration.ofHours(2)))
            .sign(TestKeys.key());
    problem(given().auth().oauth2(expired).get(CASES).then(), 401, "unauthenticated");
  }

  @Test
  void tokenSignedByAnotherKeyIsUnauthenticated() throws Exception {
    var gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    String forged =
        LocalTokens.mint(
            gen.generateKeyPair().getPrivate(),
            "u1",
            "ngo-1",
            Set.of("POLICE_INVESTIGATOR"),
            Duration.ofMinutes(5));
    problem(given().auth().oauth2(forged).get(CASES).then(), 401, "unauthenticated");
  }

  @Test
  void wrongIssuerOrAudienceIsUnauthenticated() {
    String otherIssuer =
        Jwt.issuer("https://elsewhere.example")
            .audience(LocalTokens.AUDIENCE)
            .subject("u1")
            .groups(Set.of("NGO_CASEWORKER"))
            .claim("org", "ngo-1")
            .expiresIn(Duration.ofMinutes(5))
            .sign(TestKeys.key());
    problem(given().auth().oauth2(otherIssuer).get(CASES).then(), 401, "unauthenticated");
    String otherAudience =
        Jwt.issuer(LocalTokens.ISSUER)
            .audience("another-service")
            .subject("u1")
            .groups(Set.of("NGO_CASEWORKER"))
            .claim("org", "ngo-1")
            .expiresIn(Duration.ofMinutes(5))
            .sign(TestKeys.key());
    problem(given().auth().oauth2(otherAudience).get(CASES).then(), 401, "unauthenticated");
  }

  @Test
  void tokenWithoutHomewardRoleIsForbidden() {
    problem(
        given()
            .auth()
            .oauth2(TestKeys.token("u1", "ngo-1", "SOMETHING_ELSE"))
            .header("Homeward-Purpose", "FAMILY_TRACING")
            .get(CASES)
            .then(),
        403,
        "role-not-granted");
  }

  @Test
  void roleNotGrantedByTheTokenIsForbidden() {
    problem(
        given()
            .auth()
            .oauth2(TestKeys.token("u1", "ngo-1", "NGO_VOLUNTEER"))
            .header("Homeward-Role", "POLICE_INVESTIGATOR")
            .header("Homeward-Purpose", "FAMILY_TRACING")
            .get(CASES)
            .then(),
        403,
        "role-not-granted");
  }

  @Test
  void severalRolesNeedTheActingRoleNamed() {
    problem(
        given()
            .auth()
            .oauth2(TestKeys.token("u1", "ngo-1", "NGO_CASEWORKER", "FACE_EXAMINER"))
            .header("Homeward-Purpose", "FAMILY_TRACING")
            .get(CASES)
            .then(),
        403,
        "role-not-granted");
  }

  @Test
  void everyRequestNamesAPurpose() {
    problem(
        given().auth().oauth2(TestKeys.token("u1", "ngo-1", "NGO_CASEWORKER")).get(CASES).then(),
        400,
        "purpose-required");
  }

  @Test
  void privacyOfficersAndAdministratorsGetNoFaceData() {
    String caseId =
        given()
            .auth()
            .oauth2(TestKeys.token("pol-z", "police-z", "POLICE_INVESTIGATOR"))
            .header("Homeward-Purpose", "IDENTIFICATION")
            .contentType("application/json")
            .body(
                """
                {"side":"FOUND","policeCaseNumber":"PC-Z","subject":{"birthYearFrom":1990,"birthYearTo":1990},
                 "consent":{"basis":"STATUTORY_DUTY","givenBy":"POLICE"}}""")
            .post("/api/v1/cases")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    problem(
        given()
            .auth()
            // Of the case's own organisation: another organisation's case is not found at all.
            .oauth2(TestKeys.token("po", "police-z", "PRIVACY_OFFICER"))
            .header("Homeward-Purpose", "PRIVACY_AUDIT")
            .post("/api/v1/cases/" + caseId + "/searches")
            .then(),
        403,
        "policy-denied");
    problem(
        given()
            .auth()
            .oauth2(TestKeys.token("adm", "police-z", "ADMIN"))
            .header("Homeward-Purpose", "ADMINISTRATION")
            .post("/api/v1/cases/" + caseId + "/searches")
            .then(),
        403,
        "policy-denied");
  }

  @Test
  void unknownCaseIsNotFoundWithoutDetail() {
    given()
        .auth()
        .oauth2(TestKeys.token("u1", "ngo-1", "NGO_CASEWORKER"))
        .header("Homeward-Purpose", "FAMILY_TRACING")
        .get(CASES)
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", equalTo("no such case"));
  }

  @Test
  void malformedJsonIsABadRequest() {
    problem(
        given()
            .auth()
            .oauth2(TestKeys.token("u1", "ngo-1", "NGO_CASEWORKER"))
            .header("Homeward-Purpose", "FAMILY_TRACING")
            .contentType("application/json")
            .body("{\"side\": ")
            .post("/api/v1/cases")
            .then(),
        400,
        "invalid-request");
  }

  @Test
  void noExportEndpointExists() {
    problem(
        given()
            .auth()
            .oauth2(TestKeys.token("p1", "police-1", "POLICE_INVESTIGATOR"))
            .header("Homeward-Purpose", "IDENTIFICATION")
            .get("/api/v1/photos/p-0000000000000000000000000a/export")
            .then(),
        403,
        "export-forbidden");
  }

  @Test
  void openApiDocumentIsPublishedOnTheManagementInterface() {
    given()
        .port(ManagementInterfaceTest.managementPort())
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body(containsString("/api/v1/cases"));
  }
}
