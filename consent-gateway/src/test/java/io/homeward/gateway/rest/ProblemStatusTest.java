package io.homeward.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.homeward.gateway.store.Ids;
import io.homeward.gateway.support.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

/**
 * Every failure is an RFC 9457 problem whose {@code status} equals the response's status, whatever
 * produced it: the router (unknown route, wrong method, media types), security, the rules, the
 * stores, and an unexpected failure (which discloses nothing).
 */
@QuarkusTest
@QuarkusTestResource(TestKeys.class)
class ProblemStatusTest {
  private static final String CASES = "/api/v1/cases";

  private static RequestSpecification as(String token, String purpose) {
    return given().auth().oauth2(token).header("Homeward-Purpose", purpose);
  }

  private static String caseworker(String org) {
    return TestKeys.token("cw-" + org, org, "NGO_CASEWORKER");
  }

  /** Asserts a problem body with the response's status and this type; returns the detail. */
  private static String problem(Response r, int status, String type) {
    assertThat(r.statusCode()).as(r.asString()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.jsonPath().getInt("status")).isEqualTo(status);
    assertThat(r.jsonPath().getString("type")).isEqualTo("https://homeward.io/problems/" + type);
    assertThat(r.header("Homeward-Trace-Id")).isNotBlank();
    return r.jsonPath().getString("detail");
  }

  @Test
  void anUnknownRouteIs404() {
    problem(given().get("/api/v1/no-such-thing"), 404, "not-found");
    // "/" is the web application now (issue 13); any other unknown path is a 404 problem.
    problem(given().get("/no-such-page"), 404, "not-found");
  }

  @Test
  void anUnknownIdIs404() {
    problem(
        as(caseworker("ngo-ps"), "FAMILY_TRACING").get(CASES + "/c-" + "0".repeat(26)),
        404,
        "not-found");
  }

  @Test
  void aWrongMethodIs405() {
    problem(
        as(caseworker("ngo-ps"), "FAMILY_TRACING").delete(CASES + "/c-" + "0".repeat(26)),
        405,
        "method-not-allowed");
  }

  @Test
  void anUnproducibleAcceptIs406() {
    problem(
        as(caseworker("ngo-ps"), "FAMILY_TRACING")
            .accept("text/csv")
            .get(CASES + "/c-" + "0".repeat(26)),
        406,
        "not-acceptable");
  }

  @Test
  void anUnacceptedContentTypeIs415() {
    problem(
        as(caseworker("ngo-ps"), "FAMILY_TRACING")
            .contentType("text/plain")
            .body("side=MISSING")
            .post(CASES),
        415,
        "unsupported-media-type");
  }

  @Test
  void anOversizeBodyIs413() {
    problem(
        as(caseworker("ngo-ps"), "FAMILY_TRACING")
            .contentType("application/json")
            .body("{\"side\":\"" + "x".repeat(300_000) + "\"}")
            .post(CASES),
        413,
        "body-too-large");
  }

  @Test
  void noTokenIs401AndAForeignRoleIs403() {
    problem(
        given().header("Homeward-Purpose", "FAMILY_TRACING").get(CASES + "/x"),
        401,
        "unauthenticated");
    problem(
        as(TestKeys.token("po-ps", "ngo-ps", "PRIVACY_OFFICER"), "PRIVACY_AUDIT")
            .header("Homeward-Role", "NGO_CASEWORKER")
            .get("/api/v1/oversight/alerts"),
        403,
        "role-not-granted");
    problem(
        as(caseworker("ngo-ps"), "PRIVACY_AUDIT").get("/api/v1/oversight/audit/verification"),
        403,
        "policy-denied");
  }

  @Test
  void aRevokedAssignmentRevokedAgainIs409() {
    String org = "ngo-" + Ids.newId("t").substring(2, 10);
    String cw = caseworker(org);
    String caseId =
        as(cw, "FAMILY_TRACING")
            .contentType("application/json")
            .body(
                """
                {"side":"MISSING","subject":{"sex":"F","birthYearFrom":1990,"birthYearTo":1991},
                 "consent":{"basis":"CONSENT","givenBy":"SUBJECT"}}""")
            .post(CASES)
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    String assignment =
        as(cw, "FAMILY_TRACING")
            .contentType("application/json")
            .body("{\"organisation\":\"fx-ps\",\"role\":\"FACE_EXAMINER\"}")
            .post(CASES + "/" + caseId + "/assignments")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    String revoke = CASES + "/" + caseId + "/assignments/" + assignment + "/revocation";
    as(cw, "FAMILY_TRACING").post(revoke).then().statusCode(200);
    problem(as(cw, "FAMILY_TRACING").post(revoke), 409, "conflict");
  }

  @Test
  void badInputIs400AndListsTheAcceptedValues() {
    String detail =
        problem(
            as(caseworker("ngo-ps"), "FAMILY_TRACING")
                .contentType("application/json")
                .body(
                    """
                    {"side":"MISSING","subject":{"sex":"F"},
                     "consent":{"basis":"CONSENT","givenBy":"NEIGHBOUR"}}""")
                .post(CASES),
            400,
            "invalid-request");
    assertThat(detail)
        .isEqualTo(
            "consent.givenBy has an unknown value; accepted: SUBJECT, GUARDIAN,"
                + " STATUTORY_WELFARE_GUARDIAN, CARETAKER, POLICE");
  }

  /**
   * A body Jackson reads as UTF-32 (it starts with zero bytes) holding a code point past U+10FFFF:
   * Jackson throws a CharConversionException, which was a 500. Found by JsonBodyFuzzTest.
   */
  @Test
  void aBodyThatIsNoTextIs400() {
    byte[] body = new byte[66];
    body[56] = '?';
    body[65] = '=';
    String detail =
        problem(
            as(caseworker("ngo-ps"), "FAMILY_TRACING")
                .contentType("application/json")
                .body(body)
                .post(CASES),
            400,
            "invalid-request");
    assertThat(detail).isEqualTo("the request body is not valid JSON for this");
  }

  @Test
  void anUnknownPurposeOrRoleHeaderListsTheAcceptedValues() {
    assertThat(
            problem(
                as(caseworker("ngo-ps"), "CURIOSITY").get(CASES + "/c-" + "0".repeat(26)),
                400,
                "purpose-required"))
        .isEqualTo(
            "the purpose named is not known; accepted: FAMILY_TRACING, IDENTIFICATION,"
                + " CANDIDATE_VERIFICATION, DATA_PROTECTION, PRIVACY_AUDIT, ADMINISTRATION");
    assertThat(
            problem(
                as(caseworker("ngo-ps"), "FAMILY_TRACING")
                    .header("Homeward-Role", "JANITOR")
                    .get(CASES + "/c-" + "0".repeat(26)),
                403,
                "role-not-granted"))
        .isEqualTo(
            "the role named is not known; accepted: NGO_VOLUNTEER, NGO_CASEWORKER,"
                + " POLICE_INVESTIGATOR, FACE_EXAMINER, PRIVACY_OFFICER, ADMIN");
  }

  @Test
  void anUnexpectedFailureIs500AndDisclosesNothing() {
    Response r = given().get("/test-only/fault");
    problem(r, 500, "internal");
    assertThat(r.asString())
        .doesNotContain(FaultResource.SECRET)
        .doesNotContain("IllegalStateException")
        .doesNotContain("at io.homeward");
  }
}
