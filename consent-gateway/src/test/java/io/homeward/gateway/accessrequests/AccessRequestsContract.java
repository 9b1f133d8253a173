package io.homeward.gateway.accessrequests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.homeward.gateway.db.Database;
import io.homeward.gateway.domain.PhotoSource;
import io.homeward.gateway.images.ImageStore;
import io.homeward.gateway.store.Ids;
import io.homeward.gateway.store.PhotoRecord;
import io.homeward.gateway.store.PhotoState;
import io.homeward.gateway.store.PhotoStore;
import io.homeward.gateway.support.TestKeys;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PRIVACY.md rule 21, access and correction requests: a privacy officer's report of everything held
 * about the subject of a case of their organisation (case, subject, consents, photos as watermarked
 * thumbnails, the case's history from the audit), with what police confidentiality withholds listed
 * as withheld; corrections validated as a new case's and audited without the values in clear. Only
 * privacy officers, only their organisation's cases (another's: 404), audited, in parallel too. Run
 * on H2 and on PostgreSQL (as the application's role).
 */
abstract class AccessRequestsContract {
  private static final String ACCESS = "/api/v1/oversight/subject-access/";

  @Inject Database db;
  @Inject ImageStore images;
  @Inject PhotoStore photos;

  private String orgA;
  private String orgB;

  @BeforeEach
  void organisations() {
    String run = Ids.newId("t").substring(2, 12);
    orgA = "sa-a-" + run;
    orgB = "sa-b-" + run;
  }

  private static RequestSpecification as(String token, String purpose) {
    return given().auth().oauth2(token).header("Homeward-Purpose", purpose);
  }

  private static String officer(String org) {
    return TestKeys.token("po-" + org, org, "PRIVACY_OFFICER");
  }

  private static String caseworker(String org) {
    return TestKeys.token("cw-" + org, org, "NGO_CASEWORKER");
  }

  private static String police(String org) {
    return TestKeys.token("pol-" + org, org, "POLICE_INVESTIGATOR");
  }

  private static String missingAdult(String cw) {
    return as(cw, "FAMILY_TRACING")
        .contentType("application/json")
        .body(
            """
            {"side":"MISSING","subject":{"sex":"F","birthYearFrom":1990,"birthYearTo":1991,
             "regionCode":"CN-GD","location":"Guangzhou, near the station"},
             "consent":{"basis":"CONSENT","givenBy":"SUBJECT"}}""")
        .post("/api/v1/cases")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private static String policeCase(String pol) {
    return as(pol, "IDENTIFICATION")
        .contentType("application/json")
        .body(
            """
            {"side":"FOUND","policeCaseNumber":"PC-2041","subject":{"birthYearFrom":2001,
             "birthYearTo":2003,"location":"Shelter 9"},
             "consent":{"basis":"STATUTORY_DUTY","givenBy":"POLICE",
                        "justification":"found at the border crossing, identity unknown"}}""")
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
  private PhotoRecord photo(String caseId, PhotoSource source) throws Exception {
    PhotoRecord p =
        new PhotoRecord(
            Ids.newId("p"),
            caseId,
            Ids.newFaceId(),
            images.put(fixture(firstFixture())),
            source,
            30f,
            2021,
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

  private static String firstFixture() throws Exception {
    Path root = Path.of(System.getProperty("homeward.project.dir", "..")).toAbsolutePath();
    Path shared =
        Path.of(System.getProperty("homeward.shared.dir", root.resolve("../shared").toString()));
    try (var files = Files.list(shared.resolve("fixtures/people"))) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".jpg"))
          .sorted()
          .findFirst()
          .orElseThrow();
    }
  }

  private long upserts(String photoId) {
    return db.inTransaction(
        tx -> {
          try (var ps =
              tx.prepareStatement(
                  "select count(*) from outbox where photo_id = ? and kind = 'UPSERT'")) {
            ps.setString(1, photoId);
            try (var rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  private static Map<String, Object> report(String token, String caseId) {
    Response r = as(token, "PRIVACY_AUDIT").get(ACCESS + caseId);
    assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
    return r.jsonPath().getMap("$");
  }

  @Test
  @SuppressWarnings("unchecked")
  void anOfficerReportsEverythingHeldAboutTheSubjectWithThumbnailsAndHistory() throws Exception {
    String cw = caseworker(orgA);
    String caseId = missingAdult(cw);
    PhotoRecord p = photo(caseId, PhotoSource.FAMILY);
    as(cw, "FAMILY_TRACING").get("/api/v1/cases/" + caseId).then().statusCode(200);

    Map<String, Object> r = report(officer(orgA), caseId);
    assertThat(r.get("caseId")).isEqualTo(caseId);
    Map<String, Object> subject = (Map<String, Object>) r.get("subject");
    assertThat(subject.get("birthYearFrom")).isEqualTo(1990);
    assertThat(subject.get("location")).isEqualTo("Guangzhou, near the station");
    assertThat(subject.get("regionCode")).isEqualTo("CN-GD");
    List<Map<String, Object>> consents = (List<Map<String, Object>>) r.get("consents");
    assertThat(consents).extracting(k -> k.get("basis")).containsExactly("CONSENT");
    List<Map<String, Object>> shown = (List<Map<String, Object>>) r.get("photos");
    assertThat(shown).extracting(x -> x.get("id")).containsExactly(p.id());
    // Who viewed the case: the caseworker's read and registration are in its history.
    List<Map<String, Object>> history = (List<Map<String, Object>>) r.get("history");
    assertThat(history)
        .extracting(h -> h.get("action") + " " + h.get("role"))
        .contains("VIEW NGO_CASEWORKER", "CASE_CHANGE NGO_CASEWORKER");
    assertThat((List<?>) r.get("withheld")).isEmpty();

    // The thumbnail, through the image path: a JPEG, watermarked, never cached, audited.
    Response image = as(officer(orgA), "PRIVACY_AUDIT").get((String) shown.get(0).get("thumbnail"));
    assertThat(image.statusCode()).as(image.asString()).isEqualTo(200);
    assertThat(image.contentType()).isEqualTo("image/jpeg");
    assertThat(image.header("Cache-Control")).isEqualTo("no-store");
    byte[] jpeg = image.asByteArray();
    assertThat(jpeg[0]).isEqualTo((byte) 0xFF);
    assertThat(jpeg[1]).isEqualTo((byte) 0xD8);
    assertThat(count(caseId, "subject access thumbnail", true)).isEqualTo(1);
    assertThat(countLike(caseId, "subject access report%", true)).isEqualTo(1);
    // A photo of another case is not reached through this case's report.
    String other = missingAdult(cw);
    PhotoRecord elsewhere = photo(other, PhotoSource.FAMILY);
    assertThat(
            as(officer(orgA), "PRIVACY_AUDIT")
                .get(ACCESS + caseId + "/photos/" + elsewhere.id())
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  @SuppressWarnings("unchecked")
  void policeConfidentialityIsWithheldAndRecordedWithTheReason() throws Exception {
    String pol = police(orgA);
    String caseId = policeCase(pol);
    PhotoRecord policePhoto = photo(caseId, PhotoSource.POLICE);
    as(pol, "IDENTIFICATION").get("/api/v1/cases/" + caseId).then().statusCode(200);

    Map<String, Object> r = report(officer(orgA), caseId);
    Map<String, Object> subject = (Map<String, Object>) r.get("subject");
    assertThat(subject.get("location")).isNull();
    assertThat(r.toString()).doesNotContain("PC-2041", "Shelter 9", "border crossing");
    assertThat((List<?>) r.get("photos")).isEmpty();
    List<Map<String, Object>> withheld = (List<Map<String, Object>>) r.get("withheld");
    assertThat(withheld)
        .allSatisfy(w -> assertThat(w.get("reason")).isEqualTo("police confidentiality"));
    assertThat(withheld)
        .extracting(w -> (String) w.get("what"))
        .anySatisfy(w -> assertThat(w).isEqualTo("police case number"))
        .anySatisfy(w -> assertThat(w).isEqualTo("location"))
        .anySatisfy(w -> assertThat(w).contains(policePhoto.id()))
        .anySatisfy(w -> assertThat(w).contains("justification"))
        .anySatisfy(w -> assertThat(w).contains("steps of the police investigation"));
    List<Map<String, Object>> history = (List<Map<String, Object>>) r.get("history");
    assertThat(history).extracting(h -> h.get("role")).doesNotContain("POLICE_INVESTIGATOR");
    // The withheld photo does not exist through the report's image path either.
    assertThat(
            as(officer(orgA), "PRIVACY_AUDIT")
                .get(ACCESS + caseId + "/photos/" + policePhoto.id())
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  @SuppressWarnings("unchecked")
  void correctionsAreValidatedAppliedAndAuditedWithoutTheValuesInClear() throws Exception {
    String caseId = missingAdult(caseworker(orgA));
    PhotoRecord indexed = photo(caseId, PhotoSource.FAMILY);
    String po = officer(orgA);
    Response r =
        as(po, "PRIVACY_AUDIT")
            .contentType("application/json")
            .body("{\"birthYearFrom\":1989,\"birthYearTo\":1990}")
            .post(ACCESS + caseId + "/corrections");
    assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
    Map<String, Object> subject = r.jsonPath().getMap("subject");
    assertThat(subject.get("birthYearFrom")).isEqualTo(1989);
    assertThat(subject.get("birthYearTo")).isEqualTo(1990);
    assertThat(subject.get("sex")).isEqualTo("F");
    assertThat(count(caseId, "subject corrected: birthYearFrom,birthYearTo", true)).isEqualTo(1);
    // The before and after are sealed: the record's clear columns do not hold them.
    assertThat(clearColumnsMention(caseId, "1991")).isZero();
    // The index holds the birth years beside the face: it is indexed again with the new ones; a
    // correction of what the index does not hold (the event date) queues nothing.
    assertThat(upserts(indexed.id())).isEqualTo(1);
    as(po, "PRIVACY_AUDIT")
        .contentType("application/json")
        .body("{\"eventDate\":\"2020-05-01\"}")
        .post(ACCESS + caseId + "/corrections")
        .then()
        .statusCode(200);
    assertThat(upserts(indexed.id())).isEqualTo(1);

    // The same checks as a new case: a reversed range, half a range, a bad year, nothing at all.
    for (String bad :
        List.of(
            "{\"birthYearFrom\":1995}",
            "{\"birthYearTo\":1980}",
            "{\"birthYearFrom\":1700,\"birthYearTo\":1701}",
            "{\"sex\":\"Q\"}",
            "{\"eventDate\":\"yesterday\"}",
            "{}")) {
      Response refused =
          as(po, "PRIVACY_AUDIT")
              .contentType("application/json")
              .body(bad)
              .post(ACCESS + caseId + "/corrections");
      assertThat(refused.statusCode()).as(bad).isEqualTo(400);
      assertThat(refused.contentType()).startsWith("application/problem+json");
    }
    assertThat(report(po, caseId).get("subject").toString()).contains("birthYearFrom=1989");
  }

  @Test
  void onlyPrivacyOfficersOfTheOrganisationAndEachRefusalIsAudited() throws Exception {
    String caseId = missingAdult(caseworker(orgA));
    PhotoRecord p = photo(caseId, PhotoSource.FAMILY);
    // Another organisation's officer: the case does not exist for them, audited.
    for (String path : List.of(ACCESS + caseId, ACCESS + caseId + "/photos/" + p.id())) {
      Response r = as(officer(orgB), "PRIVACY_AUDIT").get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(404);
      assertThat(r.asString()).doesNotContain("birthYear");
    }
    Response foreignCorrection =
        as(officer(orgB), "PRIVACY_AUDIT")
            .contentType("application/json")
            .body("{\"birthYearFrom\":1970,\"birthYearTo\":1971}")
            .post(ACCESS + caseId + "/corrections");
    assertThat(foreignCorrection.statusCode()).isEqualTo(404);
    assertThat(refusals("po-" + orgB, caseId)).isEqualTo(3);
    // Same organisation, other roles or another purpose: refused by policy.
    for (String[] who :
        new String[][] {
          {caseworker(orgA), "FAMILY_TRACING"},
          {police(orgA), "IDENTIFICATION"},
          {TestKeys.token("adm-" + orgA, orgA, "ADMIN"), "ADMINISTRATION"},
          {officer(orgA), "FAMILY_TRACING"}
        }) {
      assertThat(as(who[0], who[1]).get(ACCESS + caseId).statusCode()).isEqualTo(403);
      assertThat(as(who[0], who[1]).get(ACCESS + caseId + "/photos/" + p.id()).statusCode())
          .isEqualTo(403);
    }
    assertThat(as(officer(orgA), "PRIVACY_AUDIT").get(ACCESS + "c-nope").statusCode())
        .isEqualTo(404);
    assertThat(report(officer(orgA), caseId).get("subject").toString())
        .contains("birthYearFrom=1990");
  }

  @Test
  void parallelReportsAndCorrectionsAreEachAudited() throws Exception {
    String caseId = missingAdult(caseworker(orgA));
    String po = officer(orgA);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(pool.submit(() -> as(po, "PRIVACY_AUDIT").get(ACCESS + caseId).statusCode()));
        int year = 1980 + i;
        calls.add(
            pool.submit(
                () ->
                    as(po, "PRIVACY_AUDIT")
                        .contentType("application/json")
                        .body("{\"birthYearFrom\":" + year + ",\"birthYearTo\":" + year + "}")
                        .post(ACCESS + caseId + "/corrections")
                        .statusCode()));
      }
      for (Future<Integer> f : calls) {
        assertThat(f.get()).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(countLike(caseId, "subject access report%", true)).isEqualTo(8);
    assertThat(countLike(caseId, "subject corrected: %", true)).isEqualTo(8);
  }

  private long count(String caseId, String detail, boolean allowed) {
    return scalar(
        "select count(*) from audit_records where case_id = ? and detail = ? and allowed = ?",
        caseId,
        detail,
        allowed);
  }

  private long countLike(String caseId, String detail, boolean allowed) {
    return scalar(
        "select count(*) from audit_records where case_id = ? and detail like ? and allowed = ?",
        caseId,
        detail,
        allowed);
  }

  private long refusals(String actor, String caseId) {
    return scalar(
        "select count(*) from audit_records where actor_id = ? and case_id = ? and allowed = ?",
        actor,
        caseId,
        false);
  }

  private long clearColumnsMention(String caseId, String value) {
    return scalar(
        "select count(*) from audit_records where case_id = ? and (detail like ? or actor_id like ?)"
            + " and allowed = ?",
        caseId,
        "%" + value + "%",
        "%" + value + "%",
        true);
  }

  private long scalar(String sql, Object... args) {
    return db.inTransaction(
        tx -> {
          try (PreparedStatement ps = tx.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
              ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }
}
