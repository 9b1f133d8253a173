package io.homeward.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.homeward.gateway.access.Scope;
import io.homeward.gateway.db.Database;
import io.homeward.gateway.domain.Band;
import io.homeward.gateway.domain.PhotoSource;
import io.homeward.gateway.images.ImageStore;
import io.homeward.gateway.store.AccountStore;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scope by organisation and case (issue 11) through the REST API on the embedded database: another
 * organisation's ids answer exactly as unknown ids and the attempt is audited; lists are filtered
 * in their query; images are shown to the case's organisation, to whoever an assignment names, and
 * as a redacted candidate of a case in reach; assignments are granted, used and revoked by the
 * registering organisation only. Photos and review items are stored directly (the embedder and the
 * standing search are not part of this test); the images are real photos from {@code
 * ../shared/fixtures}, stored encrypted and rendered by the real renderer.
 */
@QuarkusTest
@QuarkusTestResource(TestKeys.class)
class ScopeTest {
  private static final String UNKNOWN_CASE = "c-" + "0".repeat(26);

  @Inject Database db;
  @Inject PhotoStore photos;
  @Inject ReviewStore reviews;
  @Inject AccountStore accounts;
  @Inject ImageStore images;
  @Inject Scope scope;

  /** Fresh organisation names per test, so that other tests' rows never count. */
  private String ngo1;

  private String ngo2;
  private String police1;
  private String police2;
  private String forensics;

  @BeforeEach
  void organisations() {
    String run = Ids.newId("t").substring(2, 10);
    ngo1 = "ngo1-" + run;
    ngo2 = "ngo2-" + run;
    police1 = "pol1-" + run;
    police2 = "pol2-" + run;
    forensics = "fx-" + run;
  }

  // --- helpers ---------------------------------------------------------------------------------

  private static RequestSpecification as(String token, String purpose) {
    return given().auth().oauth2(token).header("Homeward-Purpose", purpose);
  }

  private String caseworker(String org) {
    return TestKeys.token("cw-" + org, org, "NGO_CASEWORKER");
  }

  private String police(String org) {
    return TestKeys.token("pol-" + org, org, "POLICE_INVESTIGATOR");
  }

  private String examiner(String org) {
    return TestKeys.token("ex-" + org, org, "FACE_EXAMINER");
  }

  private String officer(String org) {
    return TestKeys.token("dpo-" + org, org, "PRIVACY_OFFICER");
  }

  /** An adult's missing case under their own consent: OPEN at once. */
  private String missingAdult(String cwToken) {
    return as(cwToken, "FAMILY_TRACING")
        .contentType("application/json")
        .body(
            """
            {"side":"MISSING","subject":{"sex":"F","birthYearFrom":1990,"birthYearTo":1991,
             "location":"Last seen at the station"},
             "consent":{"basis":"CONSENT","givenBy":"SUBJECT"}}""")
        .post("/api/v1/cases")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  /** A found child under a police case: OPEN at once. */
  private String foundChild(String policeToken, boolean disclosureRefused) {
    return as(policeToken, "IDENTIFICATION")
        .contentType("application/json")
        .body(
            """
            {"side":"FOUND","policeCaseNumber":"PC-7","subject":{"sex":"F","birthYearFrom":2010,
             "birthYearTo":2011,"location":"Shelter 3","disclosureRefused":%s},
             "consent":{"basis":"STATUTORY_DUTY","givenBy":"POLICE"}}"""
                .formatted(disclosureRefused))
        .post("/api/v1/cases")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private static byte[] fixture(String name) throws Exception {
    Path root = Path.of(System.getProperty("homeward.project.dir", "..")).toAbsolutePath();
    Path shared =
        Path.of(System.getProperty("homeward.shared.dir", root.resolve("../shared").toString()));
    return Files.readAllBytes(shared.resolve("fixtures/people").resolve(name));
  }

  /** A photo stored as enrolment stores it (encrypted image, metadata row). */
  private PhotoRecord photo(String caseId, float age, String fixture) throws Exception {
    PhotoRecord p =
        new PhotoRecord(
            Ids.newId("p"),
            caseId,
            Ids.newFaceId(),
            images.put(fixture(fixture)),
            PhotoSource.FAMILY,
            age,
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

  /** A review item as the standing search raises it. */
  private ReviewItem review(PhotoRecord missing, PhotoRecord found, Instant at) {
    ReviewItem item =
        new ReviewItem(
            Ids.newId("r"),
            missing.faceId(),
            found.faceId(),
            missing.caseId(),
            found.caseId(),
            Band.STRONG,
            0.7f,
            ReviewStore.OPEN,
            at.truncatedTo(ChronoUnit.MILLIS));
    db.inTransaction(tx -> reviews.insertIfAbsent(tx, item));
    return item;
  }

  private static Map<String, Object> problem(Response r) {
    Map<String, Object> body = new HashMap<>(r.jsonPath().getMap("$"));
    // The request path and trace id differ per request by design; everything else must not.
    body.remove("instance");
    body.remove("traceId");
    return body;
  }

  private long deniedByScope(String caseId) {
    return db.inTransaction(
        tx -> {
          try (PreparedStatement ps =
              tx.prepareStatement(
                  "select count(*) from audit_records where case_id = ? and allowed = false and"
                      + " policy_ids like '%scope-forbid-%'")) {
            ps.setString(1, caseId);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  private List<String> queue(String token, String purpose) {
    return as(token, purpose)
        .get("/api/v1/reviews?limit=200")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("id");
  }

  private Response image(String token, String purpose, String photoId) {
    return as(token, purpose).get("/api/v1/photos/" + photoId + "/image");
  }

  private String assign(String token, String purpose, String caseId, String body) {
    return as(token, purpose)
        .contentType("application/json")
        .body(body)
        .post("/api/v1/cases/" + caseId + "/assignments")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  // --- cases -----------------------------------------------------------------------------------

  /** One request per endpoint that takes a case id (or a consent id under it). */
  private List<Function<String, Response>> caseEndpoints(String token, String consentId) {
    return List.of(
        id -> as(token, "FAMILY_TRACING").get("/api/v1/cases/" + id),
        id ->
            as(token, "FAMILY_TRACING")
                .post("/api/v1/cases/" + id + "/consents/" + consentId + "/verification"),
        id ->
            as(token, "DATA_PROTECTION")
                .post("/api/v1/cases/" + id + "/consents/" + consentId + "/withdrawal"),
        id ->
            as(token, "FAMILY_TRACING")
                .contentType("image/jpeg")
                .body(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2})
                .post("/api/v1/cases/" + id + "/photos?source=FAMILY"),
        id -> as(token, "FAMILY_TRACING").post("/api/v1/cases/" + id + "/searches"),
        id ->
            as(token, "FAMILY_TRACING")
                .contentType("application/json")
                .body("{\"kind\":\"DNA\",\"reference\":\"lab-1\"}")
                .post("/api/v1/cases/" + id + "/confirmations"),
        id ->
            as(token, "FAMILY_TRACING")
                .contentType("application/json")
                .body("{\"status\":\"CLOSED\"}")
                .post("/api/v1/cases/" + id + "/status"),
        id -> as(token, "FAMILY_TRACING").get("/api/v1/cases/" + id + "/assignments"),
        id ->
            as(token, "FAMILY_TRACING")
                .contentType("application/json")
                .body("{\"organisation\":\"elsewhere\",\"role\":\"FACE_EXAMINER\"}")
                .post("/api/v1/cases/" + id + "/assignments"),
        id ->
            as(token, "FAMILY_TRACING")
                .post("/api/v1/cases/" + id + "/assignments/g-" + "1".repeat(26) + "/revocation"));
  }

  @Test
  void everyEndpointTakingACaseIdAnswersAnotherOrganisationsCaseAsAnUnknownOneAndAuditsIt() {
    String own = caseworker(ngo1);
    var created =
        as(own, "FAMILY_TRACING")
            .contentType("application/json")
            .body(
                """
                {"side":"MISSING","subject":{"birthYearFrom":1990,"birthYearTo":1991},
                 "consent":{"basis":"CONSENT","givenBy":"SUBJECT"}}""")
            .post("/api/v1/cases")
            .then()
            .statusCode(201)
            .extract();
    String caseId = created.path("id");
    String consentId = created.path("consents[0].id");

    for (String stranger : List.of(caseworker(ngo2), police(police2), examiner(forensics))) {
      List<Function<String, Response>> endpoints = caseEndpoints(stranger, consentId);
      for (int i = 0; i < endpoints.size(); i++) {
        Response foreign = endpoints.get(i).apply(caseId);
        Response unknown = endpoints.get(i).apply(UNKNOWN_CASE);
        assertThat(foreign.statusCode()).as("endpoint %d, foreign id", i).isEqualTo(404);
        assertThat(problem(foreign))
            .as("endpoint %d answers a foreign id as an unknown one", i)
            .isEqualTo(problem(unknown));
      }
    }
    // Three strangers, ten endpoints each: every attempt is audited with the deciding scope policy.
    assertThat(deniedByScope(caseId)).isEqualTo(30);
    // The organisation's own caseworker reads it (and nothing was changed by the attempts).
    as(own, "FAMILY_TRACING")
        .get("/api/v1/cases/" + caseId)
        .then()
        .statusCode(200)
        .body("status", org.hamcrest.Matchers.equalTo("OPEN"));
  }

  @Test
  void aSubjectWhoRefusedDisclosureIsNotLocatedAndNobodyOutsideTheCaseSeesALocation() {
    String pol = police(police1);
    String refused = foundChild(pol, true);
    String disclosed = foundChild(pol, false);
    as(pol, "IDENTIFICATION")
        .get("/api/v1/cases/" + disclosed)
        .then()
        .statusCode(200)
        .body("subject.location", org.hamcrest.Matchers.equalTo("Shelter 3"));
    as(pol, "IDENTIFICATION")
        .get("/api/v1/cases/" + refused)
        .then()
        .statusCode(200)
        .body("subject.location", org.hamcrest.Matchers.nullValue());
    // Another force's police: the case does not exist for them.
    as(police(police2), "IDENTIFICATION").get("/api/v1/cases/" + disclosed).then().statusCode(404);
  }

  // --- reviews and images ----------------------------------------------------------------------

  private record World(
      String caseA,
      String caseB,
      String caseC,
      PhotoRecord photoA,
      PhotoRecord photoB,
      PhotoRecord photoB2,
      PhotoRecord photoC,
      ReviewItem itemAB,
      ReviewItem itemCB) {}

  /**
   * ngo1's missing adult A, ngo2's missing adult C, police1's found child B; items A-B and C-B2
   * (two photos of B, so that each NGO's candidate is a different photo).
   */
  private World world() throws Exception {
    String a = missingAdult(caseworker(ngo1));
    String c = missingAdult(caseworker(ngo2));
    String b = foundChild(police(police1), false);
    PhotoRecord pa = photo(a, 30f, "biden_biden.jpg");
    PhotoRecord pc = photo(c, 30f, "alex_lacamoire_img1.jpg");
    PhotoRecord pb = photo(b, 12f, "biden_biden2.jpg");
    PhotoRecord pb2 = photo(b, 12f, "kit_harington_john1.jpeg");
    Instant now = Instant.now();
    ReviewItem ab = review(pa, pb, now.minusSeconds(2));
    ReviewItem cb = review(pc, pb2, now.minusSeconds(1));
    return new World(a, b, c, pa, pb, pb2, pc, ab, cb);
  }

  @Test
  void theReviewQueueHoldsOnlyItemsOfCasesInReachFilteredInTheQuery() throws Exception {
    World w = world();
    assertThat(queue(caseworker(ngo1), "FAMILY_TRACING")).containsExactly(w.itemAB().id());
    assertThat(queue(caseworker(ngo2), "FAMILY_TRACING")).containsExactly(w.itemCB().id());
    assertThat(queue(police(police1), "IDENTIFICATION"))
        .containsExactly(w.itemAB().id(), w.itemCB().id());
    assertThat(queue(police(police2), "IDENTIFICATION")).isEmpty();
    assertThat(queue(examiner(forensics), "CANDIDATE_VERIFICATION")).isEmpty();

    // Pages of one, in a stable order, with a cursor.
    Response first = as(police(police1), "IDENTIFICATION").get("/api/v1/reviews?limit=1");
    assertThat(first.jsonPath().getList("id")).containsExactly(w.itemAB().id());
    String cursor = first.header(ListQueries.NEXT_CURSOR_HEADER);
    assertThat(cursor).isNotBlank();
    Response second =
        as(police(police1), "IDENTIFICATION").get("/api/v1/reviews?limit=1&cursor=" + cursor);
    assertThat(second.jsonPath().getList("id")).containsExactly(w.itemCB().id());
    Response third =
        as(police(police1), "IDENTIFICATION")
            .get("/api/v1/reviews?limit=1&cursor=" + second.header(ListQueries.NEXT_CURSOR_HEADER));
    assertThat(third.jsonPath().getList("id")).isEmpty();
    assertThat(third.header(ListQueries.NEXT_CURSOR_HEADER)).isNull();
    as(police(police1), "IDENTIFICATION")
        .get("/api/v1/reviews?cursor=not-a-cursor")
        .then()
        .statusCode(400)
        .body("detail", org.hamcrest.Matchers.equalTo("cursor is not valid"));
  }

  @Test
  void reviewStepsOnAnotherOrganisationsItemAnswerAsAnUnknownItem() throws Exception {
    World w = world();
    String unknown = "r-" + "0".repeat(26);
    String stranger = examiner(forensics);
    for (String path : List.of("/verdicts", "/notifications")) {
      Response foreign =
          as(stranger, "CANDIDATE_VERIFICATION")
              .contentType("application/json")
              .body("{\"verdict\":\"POTENTIAL_CANDIDATE\"}")
              .post("/api/v1/reviews/" + w.itemAB().id() + path);
      Response none =
          as(stranger, "CANDIDATE_VERIFICATION")
              .contentType("application/json")
              .body("{\"verdict\":\"POTENTIAL_CANDIDATE\"}")
              .post("/api/v1/reviews/" + unknown + path);
      assertThat(foreign.statusCode()).isEqualTo(404);
      assertThat(problem(foreign)).isEqualTo(problem(none));
    }
    // ngo2's caseworker is party to C-B2, not to A-B.
    as(caseworker(ngo2), "FAMILY_TRACING")
        .post("/api/v1/reviews/" + w.itemAB().id() + "/notifications")
        .then()
        .statusCode(404);
    // Once ngo1 assigns the examiners, they record a verdict.
    assign(
        caseworker(ngo1),
        "FAMILY_TRACING",
        w.caseA(),
        "{\"organisation\":\"" + forensics + "\",\"role\":\"FACE_EXAMINER\"}");
    as(stranger, "CANDIDATE_VERIFICATION")
        .contentType("application/json")
        .body("{\"verdict\":\"POTENTIAL_CANDIDATE\"}")
        .post("/api/v1/reviews/" + w.itemAB().id() + "/verdicts")
        .then()
        .statusCode(200);
  }

  @Test
  void imagesAreShownToTheCasesOrganisationAndAsARedactedCandidateOnly() throws Exception {
    World w = world();
    String unknown = "p-" + "0".repeat(26);
    String cw1 = caseworker(ngo1);
    String cw2 = caseworker(ngo2);

    // Its own case's adult photo: shown.
    assertThat(image(cw1, "FAMILY_TRACING", w.photoA().id()).statusCode()).isEqualTo(200);
    // The found child as the candidate of its own case's review item: blurred (rule 11).
    Response candidate = image(cw1, "FAMILY_TRACING", w.photoB().id());
    assertThat(candidate.statusCode()).isEqualTo(200);
    assertThat(candidate.header("Homeward-Display")).isEqualTo("BLURRED");

    // Another organisation's photos: exactly as a photo that does not exist.
    Map<String, Object> none = problem(image(cw2, "FAMILY_TRACING", unknown));
    for (PhotoRecord foreign : List.of(w.photoA(), w.photoB())) {
      Response r = image(cw2, "FAMILY_TRACING", foreign.id());
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(problem(r)).isEqualTo(none);
    }
    assertThat(deniedByScope(w.caseA())).isGreaterThanOrEqualTo(1);
    // ngo2's own candidate (the other photo of B) is shown, blurred.
    Response own = image(cw2, "FAMILY_TRACING", w.photoB2().id());
    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(own.header("Homeward-Display")).isEqualTo("BLURRED");

    // A search result of a case in reach opens the candidate (redacted), for that case only.
    scope.rememberCandidates(w.caseC(), List.of(w.photoA().id()));
    assertThat(image(cw2, "FAMILY_TRACING", w.photoA().id()).statusCode()).isEqualTo(200);
    assertThat(image(caseworker("ngo-x-" + ngo1), "FAMILY_TRACING", w.photoA().id()).statusCode())
        .isEqualTo(404);
  }

  @Test
  void anAssignmentIsGrantedUsedAndRevokedByTheRegisteringOrganisationOnly() throws Exception {
    World w = world();
    String cw1 = caseworker(ngo1);
    String ex = examiner(forensics);
    String pol2 = police(police2);
    assertThat(image(ex, "CANDIDATE_VERIFICATION", w.photoA().id()).statusCode()).isEqualTo(404);

    // Another organisation cannot assign: the case does not exist for it.
    as(caseworker(ngo2), "FAMILY_TRACING")
        .contentType("application/json")
        .body("{\"organisation\":\"" + ngo2 + "x\",\"role\":\"FACE_EXAMINER\"}")
        .post("/api/v1/cases/" + w.caseA() + "/assignments")
        .then()
        .statusCode(404);
    // Bad input is refused, specifically.
    as(cw1, "FAMILY_TRACING")
        .contentType("application/json")
        .body("{\"organisation\":\"" + forensics + "\",\"role\":\"NGO_CASEWORKER\"}")
        .post("/api/v1/cases/" + w.caseA() + "/assignments")
        .then()
        .statusCode(400)
        .body(
            "detail",
            org.hamcrest.Matchers.equalTo("role is FACE_EXAMINER or POLICE_INVESTIGATOR"));
    as(cw1, "FAMILY_TRACING")
        .contentType("application/json")
        .body("{\"organisation\":\"bad org!\",\"role\":\"FACE_EXAMINER\"}")
        .post("/api/v1/cases/" + w.caseA() + "/assignments")
        .then()
        .statusCode(400);

    String examiners =
        assign(
            cw1,
            "FAMILY_TRACING",
            w.caseA(),
            "{\"organisation\":\"" + forensics + "\",\"role\":\"FACE_EXAMINER\"}");
    as(cw1, "FAMILY_TRACING")
        .contentType("application/json")
        .body("{\"organisation\":\"" + forensics + "\",\"role\":\"FACE_EXAMINER\"}")
        .post("/api/v1/cases/" + w.caseA() + "/assignments")
        .then()
        .statusCode(409);
    String investigator =
        assign(
            cw1,
            "FAMILY_TRACING",
            w.caseA(),
            "{\"organisation\":\""
                + police2
                + "\",\"subject\":\"pol-"
                + police2
                + "\",\"role\":\"POLICE_INVESTIGATOR\"}");
    assertThat(
            as(cw1, "FAMILY_TRACING")
                .get("/api/v1/cases/" + w.caseA() + "/assignments")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("id"))
        .containsExactlyInAnyOrder(examiners, investigator);

    // Used: the examiners see the case, its review item, its photos (clear for an examiner).
    as(ex, "CANDIDATE_VERIFICATION").get("/api/v1/cases/" + w.caseA()).then().statusCode(200);
    assertThat(queue(ex, "CANDIDATE_VERIFICATION")).containsExactly(w.itemAB().id());
    Response shown = image(ex, "CANDIDATE_VERIFICATION", w.photoA().id());
    assertThat(shown.statusCode()).isEqualTo(200);
    assertThat(shown.header("Homeward-Display")).isEqualTo("CLEAR");
    // ...but never ngo2's case, nor the item C-B2.
    as(ex, "CANDIDATE_VERIFICATION").get("/api/v1/cases/" + w.caseC()).then().statusCode(404);
    // The named investigator of the other force reads the case; a colleague does not.
    as(pol2, "IDENTIFICATION").get("/api/v1/cases/" + w.caseA()).then().statusCode(200);
    as(TestKeys.token("pol-other", police2, "POLICE_INVESTIGATOR"), "IDENTIFICATION")
        .get("/api/v1/cases/" + w.caseA())
        .then()
        .statusCode(404);
    // An assignee cannot pass the case on, nor list or revoke its assignments.
    as(pol2, "IDENTIFICATION")
        .contentType("application/json")
        .body("{\"organisation\":\"" + ngo2 + "\",\"role\":\"POLICE_INVESTIGATOR\"}")
        .post("/api/v1/cases/" + w.caseA() + "/assignments")
        .then()
        .statusCode(403)
        .body("type", org.hamcrest.Matchers.equalTo("https://homeward.io/problems/policy-denied"));
    as(pol2, "IDENTIFICATION")
        .post("/api/v1/cases/" + w.caseA() + "/assignments/" + examiners + "/revocation")
        .then()
        .statusCode(403);

    // Revoked: the access ends at once.
    as(cw1, "FAMILY_TRACING")
        .post("/api/v1/cases/" + w.caseA() + "/assignments/" + examiners + "/revocation")
        .then()
        .statusCode(200)
        .body("revokedBy", org.hamcrest.Matchers.equalTo("cw-" + ngo1));
    as(cw1, "FAMILY_TRACING")
        .post("/api/v1/cases/" + w.caseA() + "/assignments/" + examiners + "/revocation")
        .then()
        .statusCode(409);
    as(ex, "CANDIDATE_VERIFICATION").get("/api/v1/cases/" + w.caseA()).then().statusCode(404);
    assertThat(queue(ex, "CANDIDATE_VERIFICATION")).isEmpty();
    assertThat(image(ex, "CANDIDATE_VERIFICATION", w.photoA().id()).statusCode()).isEqualTo(404);
    // Granting and revoking are audited.
    long audited =
        db.inTransaction(
            tx -> {
              try (PreparedStatement ps =
                  tx.prepareStatement(
                      "select count(*) from audit_records where case_id = ? and allowed = true"
                          + " and policy_ids like"
                          + " '%scope-permit-assign-case-by-owning-caseworker-or-police%'")) {
                ps.setString(1, w.caseA());
                try (ResultSet rs = ps.executeQuery()) {
                  rs.next();
                  return rs.getLong(1);
                }
              }
            });
    assertThat(audited).isGreaterThanOrEqualTo(4);
  }

  @Test
  void aPrivacyOfficerSeesTheAlertsOfTheirOwnOrganisation() throws Exception {
    World w = world();
    Instant now = Instant.now();
    db.inTransaction(
        tx -> {
          accounts.raiseAlert(tx, "GUARDIAN_NOTICE_DUE", null, w.caseA(), now);
          accounts.raiseAlert(tx, "GUARDIAN_NOTICE_DUE", null, w.caseC(), now);
          accounts.raiseAlert(tx, "PROTECTED_PERSON_CANDIDATE", null, w.itemCB().id(), now);
          return null;
        });
    List<String> ngo1Cases =
        as(officer(ngo1), "PRIVACY_AUDIT")
            .get("/api/v1/oversight/alerts?limit=500")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("caseId");
    assertThat(ngo1Cases).contains(w.caseA()).doesNotContain(w.caseC(), w.itemCB().id());
    List<String> ngo2Cases =
        as(officer(ngo2), "PRIVACY_AUDIT")
            .get("/api/v1/oversight/alerts?limit=500")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("caseId");
    assertThat(ngo2Cases).contains(w.caseC(), w.itemCB().id()).doesNotContain(w.caseA());
  }

  @Test
  void aPrivacyOfficerUnlocksOnlyTheirOwnOrganisationsAccounts() {
    String user = "locked-" + ngo1;
    db.inTransaction(
        tx -> {
          accounts.lock(tx, user, ngo1, "DAILY_SEARCH_LIMIT", Instant.now());
          return null;
        });
    Response foreign =
        as(officer(ngo2), "PRIVACY_AUDIT").post("/api/v1/oversight/accounts/" + user + "/unlock");
    Response unknown =
        as(officer(ngo2), "PRIVACY_AUDIT")
            .post("/api/v1/oversight/accounts/nobody-" + ngo2 + "/unlock");
    assertThat(foreign.statusCode()).isEqualTo(404);
    assertThat(problem(foreign)).isEqualTo(problem(unknown));
    as(officer(ngo1), "PRIVACY_AUDIT")
        .post("/api/v1/oversight/accounts/" + user + "/unlock")
        .then()
        .statusCode(204);
  }

  @Test
  void parallelIdenticalAssignmentsStoreOneAndOtherOrganisationsNone() throws Exception {
    String caseId = missingAdult(caseworker(ngo1));
    String body = "{\"organisation\":\"" + forensics + "\",\"role\":\"FACE_EXAMINER\"}";
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Integer>> work = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        String token = i % 2 == 0 ? caseworker(ngo1) : caseworker(ngo2);
        work.add(
            () ->
                as(token, "FAMILY_TRACING")
                    .contentType("application/json")
                    .body(body)
                    .post("/api/v1/cases/" + caseId + "/assignments")
                    .statusCode());
      }
      List<Integer> codes = new ArrayList<>();
      for (Future<Integer> f : pool.invokeAll(work)) {
        codes.add(f.get());
      }
      // Eight from the registering organisation: one stored, seven conflicts; eight strangers: 404.
      assertThat(codes).filteredOn(c -> c == 201).hasSize(1);
      assertThat(codes).filteredOn(c -> c == 409).hasSize(7);
      assertThat(codes).filteredOn(c -> c == 404).hasSize(8);
    } finally {
      pool.shutdownNow();
    }
    assertThat(
            as(caseworker(ngo1), "FAMILY_TRACING")
                .get("/api/v1/cases/" + caseId + "/assignments")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("id"))
        .hasSize(1);
  }

  @Test
  void concurrentReadsFromTwoOrganisationsEachGetOnlyTheirOwn() throws Exception {
    World w = world();
    String cw1 = caseworker(ngo1);
    String cw2 = caseworker(ngo2);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Boolean>> work = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        boolean first = i % 2 == 0;
        String token = first ? cw1 : cw2;
        String own = first ? w.caseA() : w.caseC();
        String other = first ? w.caseC() : w.caseA();
        String ownItem = first ? w.itemAB().id() : w.itemCB().id();
        String otherPhoto = first ? w.photoC().id() : w.photoA().id();
        work.add(
            () ->
                as(token, "FAMILY_TRACING").get("/api/v1/cases/" + own).statusCode() == 200
                    && as(token, "FAMILY_TRACING").get("/api/v1/cases/" + other).statusCode() == 404
                    && queue(token, "FAMILY_TRACING").equals(List.of(ownItem))
                    && image(token, "FAMILY_TRACING", otherPhoto).statusCode() == 404);
      }
      for (Future<Boolean> f : pool.invokeAll(work)) {
        assertThat(f.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
