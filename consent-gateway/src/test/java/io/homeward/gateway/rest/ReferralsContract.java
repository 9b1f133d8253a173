package io.homeward.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
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
import io.homeward.gateway.store.SearchResult;
import io.homeward.gateway.store.SearchResultStore;
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
 * A candidate of a case search referred to the examiners ({@code POST
 * /api/v1/cases/{id}/referrals}), through the REST API: the pair's review item created once with
 * the origin REFERRAL and shown so in the examiners' queue, the answer 201 then 200 (also under
 * parallel identical referrals, and two searches' ids of one pair racing), a standing search's item
 * returned as it is; another organisation's token, another organisation's search, an expired search
 * and an unknown id answer not found; a volunteer is refused by the policy; a candidate whose case
 * was found or withdrawn is refused with its own problem type; every answer audited, the note
 * sealed. The search's own record of what it showed is made by the packaged system's search (the
 * browser flow): here it is stored as a search stores it. Run on H2 ({@link H2ReferralsTest}) and
 * on PostgreSQL as the application's role ({@link PostgresReferralsTest}).
 */
abstract class ReferralsContract {
  private static final String NOTE = "same scar above the left eyebrow";

  @Inject Database db;
  @Inject PhotoStore photos;
  @Inject ReviewStore reviews;
  @Inject SearchResultStore results;

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
        .extract()
        .path("id");
  }

  private static String foundCase(String police, String number) {
    return openCase(
        police,
        "IDENTIFICATION",
        """
        {"side":"FOUND","policeCaseNumber":"%s","subject":{"sex":"F","birthYearFrom":1990,
         "birthYearTo":1991},"consent":{"basis":"STATUTORY_DUTY","givenBy":"POLICE"}}"""
            .formatted(number));
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

  /** What a search of {@code caseId} by {@code organisation} stores for one candidate it shows. */
  private String shown(
      String caseId,
      String organisation,
      PhotoRecord probe,
      PhotoRecord candidate,
      Instant expires) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    SearchResult r =
        new SearchResult(
            Ids.newId("m"),
            caseId,
            organisation,
            "cw-searcher",
            probe.id(),
            probe.faceId(),
            candidate.caseId(),
            candidate.id(),
            candidate.faceId(),
            Band.POSSIBLE,
            0.41f,
            "test@1",
            now,
            expires);
    db.inTransaction(
        tx -> {
          results.insert(tx, List.of(r));
          return null;
        });
    return r.id();
  }

  private String shown(String caseId, String organisation, PhotoRecord probe, PhotoRecord c) {
    return shown(caseId, organisation, probe, c, Instant.now().plus(1, ChronoUnit.DAYS));
  }

  private static Response refer(String token, String caseId, String candidate, String note) {
    return refer(token, "FAMILY_TRACING", caseId, candidate, note);
  }

  private static Response refer(
      String token, String purpose, String caseId, String candidate, String note) {
    String body =
        note == null
            ? "{\"candidate\":\"" + candidate + "\"}"
            : "{\"candidate\":\"" + candidate + "\",\"note\":\"" + note + "\"}";
    return as(token, purpose)
        .contentType("application/json")
        .body(body)
        .post("/api/v1/cases/" + caseId + "/referrals");
  }

  private long count(String sql, Object... values) {
    return db.inTransaction(
        tx -> {
          try (PreparedStatement ps = tx.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
              if (values[i] instanceof Long l) {
                ps.setLong(i + 1, l);
              } else {
                ps.setString(i + 1, (String) values[i]);
              }
            }
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  private long itemsOf(PhotoRecord missing, PhotoRecord found) {
    return count(
        "select count(*) from review_items where missing_face_id = ? and found_face_id = ?",
        missing.faceId(),
        found.faceId());
  }

  private long referralAudits(String actor, boolean allowed) {
    return count(
        "select count(*) from audit_records where actor_id = ? and audit_action = 'REFERRAL' and"
            + " allowed = "
            + allowed,
        actor);
  }

  @Test
  void aShownCandidateIsReferredOnceAndTheExaminersSeeWhereItCameFrom() throws Exception {
    String run = Ids.newId("t").substring(2, 10);
    String ngo = "ngo-ref-" + run;
    String cwId = "cw-" + ngo;
    String caseworker = TestKeys.token(cwId, ngo, "NGO_CASEWORKER");
    String examiner = TestKeys.token("ex-" + ngo, ngo, "FACE_EXAMINER");
    String police = TestKeys.token("pol-" + run, "pol-ref-" + run, "POLICE_INVESTIGATOR");
    String missing =
        openCase(
            caseworker,
            "FAMILY_TRACING",
            """
            {"side":"MISSING","subject":{"sex":"F","birthYearFrom":1990,"birthYearTo":1991},
             "consent":{"basis":"CONSENT","givenBy":"SUBJECT"}}""");
    String found = foundCase(police, "PC-REF-1");
    PhotoRecord probe = photo(missing);
    PhotoRecord candidate = photo(found);
    String shown = shown(missing, ngo, probe, candidate);

    // Bad input: named, nothing stored.
    as(caseworker, "FAMILY_TRACING")
        .contentType("application/json")
        .body("{}")
        .post("/api/v1/cases/" + missing + "/referrals")
        .then()
        .statusCode(400)
        .body("type", equalTo("https://homeward.io/problems/invalid-request"));
    refer(caseworker, missing, shown, "x".repeat(501))
        .then()
        .statusCode(400)
        .body("detail", equalTo("note is longer than 500 characters"));
    assertThat(itemsOf(probe, candidate)).isZero();

    // Parallel identical referrals: exactly one creates the item, the others find it.
    ExecutorService pool = Executors.newFixedThreadPool(6);
    List<Integer> statuses = new ArrayList<>();
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        answers.add(
            pool.submit(
                () -> refer(caseworker, missing, shown, NOTE).then().extract().statusCode()));
      }
      for (Future<Integer> a : answers) {
        statuses.add(a.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(statuses).containsOnly(200, 201).filteredOn(s -> s == 201).hasSize(1);
    assertThat(itemsOf(probe, candidate)).isEqualTo(1);
    assertThat(referralAudits(cwId, true)).isEqualTo(6);
    refer(caseworker, missing, shown, null)
        .then()
        .statusCode(200)
        .body("candidate", equalTo(shown))
        .body("referred", equalTo(true));
    ReviewItem item =
        db.inTransaction(tx -> reviews.forPair(tx, probe.faceId(), candidate.faceId()))
            .orElseThrow();
    assertThat(item.origin().name()).isEqualTo("REFERRAL");
    assertThat(item.band()).isEqualTo(Band.POSSIBLE);
    // The referrer is recorded; the note is sealed, not stored as written.
    assertThat(
            count(
                "select count(*) from review_items where id = ? and referred_by = ? and"
                    + " referred_role = 'NGO_CASEWORKER' and referral_note_sealed is not null",
                item.id(),
                cwId))
        .isEqualTo(1);
    byte[] sealed =
        db.inTransaction(
            tx -> {
              try (PreparedStatement ps =
                  tx.prepareStatement(
                      "select referral_note_sealed from review_items where id = ?")) {
                ps.setString(1, item.id());
                try (ResultSet rs = ps.executeQuery()) {
                  rs.next();
                  return rs.getBytes(1);
                }
              }
            });
    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("scar");

    // The examiner sees the item like any other, with its origin.
    as(examiner, "CANDIDATE_VERIFICATION")
        .get("/api/v1/reviews?limit=200")
        .then()
        .statusCode(200)
        .body("find { it.id == '" + item.id() + "' }.origin", equalTo("REFERRAL"))
        .body("find { it.id == '" + item.id() + "' }.status", equalTo("OPEN"));
    as(examiner, "CANDIDATE_VERIFICATION")
        .get("/api/v1/reviews/" + item.id())
        .then()
        .statusCode(200)
        .body("origin", equalTo("REFERRAL"))
        .body("missingCaseId", equalTo(missing))
        .body("foundCaseId", equalTo(found));

    // A pair the standing search raised: returned as it is (200), its origin kept, the referral
    // recorded on it.
    String found2 = foundCase(police, "PC-REF-2");
    PhotoRecord standing = photo(found2);
    ReviewItem raised =
        new ReviewItem(
            Ids.newId("r"),
            probe.faceId(),
            standing.faceId(),
            missing,
            found2,
            Band.PROBABLE,
            0.6f,
            ReviewStore.OPEN,
            Instant.now().truncatedTo(ChronoUnit.MILLIS));
    db.inTransaction(tx -> reviews.insertIfAbsent(tx, raised));
    refer(caseworker, missing, shown(missing, ngo, probe, standing), null).then().statusCode(200);
    assertThat(itemsOf(probe, standing)).isEqualTo(1);
    as(examiner, "CANDIDATE_VERIFICATION")
        .get("/api/v1/reviews/" + raised.id())
        .then()
        .statusCode(200)
        .body("origin", equalTo("STANDING_SEARCH"));

    // Two searches' ids of one new pair referred at once: one item.
    String found3 = foundCase(police, "PC-REF-3");
    PhotoRecord third = photo(found3);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ids.add(shown(missing, ngo, probe, third));
    }
    ExecutorService racing = Executors.newFixedThreadPool(4);
    List<Integer> raced = new ArrayList<>();
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      for (String id : ids) {
        answers.add(
            racing.submit(
                () -> refer(caseworker, missing, id, null).then().extract().statusCode()));
      }
      for (Future<Integer> a : answers) {
        raced.add(a.get());
      }
    } finally {
      racing.shutdownNow();
    }
    assertThat(raced).containsOnly(200, 201).filteredOn(s -> s == 201).hasSize(1);
    assertThat(itemsOf(probe, third)).isEqualTo(1);
  }

  @Test
  void onlyTheSearchingOrganisationsOwnCandidatesOfSearchableCasesAreReferred() {
    String run = Ids.newId("t").substring(2, 10);
    String ngo = "ngo-ref2-" + run;
    String cwId = "cw-" + ngo;
    String caseworker = TestKeys.token(cwId, ngo, "NGO_CASEWORKER");
    String volunteer = TestKeys.token("vol-" + ngo, ngo, "NGO_VOLUNTEER");
    String strangerId = "cw-other-" + run;
    String stranger = TestKeys.token(strangerId, "ngo-other-" + run, "NGO_CASEWORKER");
    String policeOrg = "pol-ref2-" + run;
    String police = TestKeys.token("pol-" + run, policeOrg, "POLICE_INVESTIGATOR");
    String missing =
        openCase(
            caseworker,
            "FAMILY_TRACING",
            """
            {"side":"MISSING","subject":{"sex":"M","birthYearFrom":1980,"birthYearTo":1981},
             "consent":{"basis":"CONSENT","givenBy":"SUBJECT"}}""");
    String found = foundCase(police, "PC-REF2-1");
    PhotoRecord probe = photo(missing);
    PhotoRecord candidate = photo(found);
    String shown = shown(missing, ngo, probe, candidate);

    // Another organisation's token: the case does not exist for it.
    refer(stranger, missing, shown, null).then().statusCode(404);
    // Another organisation's search of the case, an expired one, an unknown id: not found.
    refer(caseworker, missing, shown(missing, policeOrg, probe, candidate), null)
        .then()
        .statusCode(404);
    refer(
            caseworker,
            missing,
            shown(missing, ngo, probe, candidate, Instant.now().minus(1, ChronoUnit.MINUTES)),
            null)
        .then()
        .statusCode(404);
    refer(caseworker, missing, Ids.newId("m"), null).then().statusCode(404);
    refer(caseworker, missing, "not-an-id", null).then().statusCode(404);
    // A candidate of this case's search named on another case of the organisation: not found.
    String other =
        openCase(
            caseworker,
            "FAMILY_TRACING",
            """
            {"side":"MISSING","subject":{"sex":"M","birthYearFrom":1980,"birthYearTo":1981},
             "consent":{"basis":"CONSENT","givenBy":"SUBJECT"}}""");
    refer(caseworker, other, shown, null).then().statusCode(404);
    // A volunteer does not search, so does not refer (rule 9).
    refer(volunteer, missing, shown, null)
        .then()
        .statusCode(403)
        .body("type", equalTo("https://homeward.io/problems/policy-denied"));
    assertThat(itemsOf(probe, candidate)).isZero();
    assertThat(referralAudits(cwId, false)).isEqualTo(5);
    assertThat(referralAudits("vol-" + ngo, false)).isEqualTo(1);

    // The candidate's case found: refused for that reason, nothing stored, audited.
    as(police, "IDENTIFICATION")
        .contentType("application/json")
        .body("{\"status\":\"FOUND\"}")
        .post("/api/v1/cases/" + found + "/status")
        .then()
        .statusCode(200);
    refer(caseworker, missing, shown, null)
        .then()
        .statusCode(409)
        .body("type", equalTo("https://homeward.io/problems/candidate-not-searchable"))
        .body("status", equalTo(409));
    assertThat(itemsOf(probe, candidate)).isZero();

    // A candidate whose consent was withdrawn (its case closed, its photo erased): likewise, here
    // for the police searching their found case.
    String adult =
        openCase(
            stranger,
            "FAMILY_TRACING",
            """
            {"side":"MISSING","subject":{"sex":"M","birthYearFrom":1980,"birthYearTo":1981},
             "consent":{"basis":"CONSENT","givenBy":"SUBJECT"}}""");
    PhotoRecord withdrawn = photo(adult);
    String found2 = foundCase(police, "PC-REF2-2");
    PhotoRecord policeProbe = photo(found2);
    String shown2 = shown(found2, policeOrg, policeProbe, withdrawn);
    String consent =
        as(stranger, "FAMILY_TRACING")
            .get("/api/v1/cases/" + adult)
            .then()
            .statusCode(200)
            .extract()
            .path("consents[0].id");
    as(stranger, "DATA_PROTECTION")
        .post("/api/v1/cases/" + adult + "/consents/" + consent + "/withdrawal")
        .then()
        .statusCode(200);
    refer(police, "IDENTIFICATION", found2, shown2, null)
        .then()
        .statusCode(409)
        .body("type", equalTo("https://homeward.io/problems/candidate-not-searchable"));
    assertThat(itemsOf(withdrawn, policeProbe)).isZero();
    assertThat(referralAudits(cwId, false)).isEqualTo(6);
    assertThat(referralAudits("pol-" + run, false)).isEqualTo(1);
    assertThat(
            count(
                "select count(*) from audit_records where audit_action = 'REFERRAL' and detail ="
                    + " 'referral refused: candidate not searchable' and actor_id in (?, ?)",
                cwId,
                "pol-" + run))
        .isEqualTo(2);
  }
}
