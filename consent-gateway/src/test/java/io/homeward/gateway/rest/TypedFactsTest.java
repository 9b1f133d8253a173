package io.homeward.gateway.rest;

import static io.homeward.gateway.rest.FactsTestSupport.auditSince;
import static io.homeward.gateway.rest.FactsTestSupport.count;
import static io.homeward.gateway.rest.FactsTestSupport.lastAuditSeq;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.homeward.gateway.db.Database;
import io.homeward.gateway.support.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, facts the caller types: police-only flags (rule 5's guardian flag, a police case
 * number) from anyone but police, and justifications without substance (rule 2, finding 5).
 */
@QuarkusTest
@QuarkusTestResource(TestKeys.class)
class TypedFactsTest {
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

  private long cases() {
    return count(db, "select count(*) from cases");
  }

  private static final String TEEN_WITH_FLAGGED_GUARDIAN =
      """
      {"side":"MISSING","subject":{"birthYearFrom":2010,"birthYearTo":2010,"guardianFlagged":true},
       "consent":{"basis":"CONSENT","givenBy":"SUBJECT"}}""";

  @Test
  void aCaseworkerFlaggingTheGuardianIsRefusedAuditedAndNothingIsStored() {
    long before = cases();
    long seq = lastAuditSeq(db);
    create(
            TestKeys.token("cw-flag", "ngo-flag", "NGO_CASEWORKER"),
            "FAMILY_TRACING",
            TEEN_WITH_FLAGGED_GUARDIAN)
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("type", equalTo("https://homeward.io/problems/policy-denied"));
    assertThat(cases()).isEqualTo(before);
    var audit = auditSince(db, seq, "cw-flag");
    assertThat(audit).hasSize(1);
    assertThat(audit.get(0).allowed()).isFalse();
    assertThat(audit.get(0).policyIds())
        .contains("rule-2-5-forbid-police-only-facts-from-non-police");
  }

  @Test
  void aVolunteerFlaggingTheGuardianIsRefusedToo() {
    create(
            TestKeys.token("vol-flag", "ngo-flag", "NGO_VOLUNTEER"),
            "FAMILY_TRACING",
            TEEN_WITH_FLAGGED_GUARDIAN)
        .then()
        .statusCode(403);
  }

  @Test
  void policeMayFlagTheGuardianAndThenNoGuardianNoticeIsRaised() {
    long notices = count(db, "select count(*) from alerts where kind = 'GUARDIAN_NOTICE_DUE'");
    create(
            TestKeys.token("pol-flag", "police-flag", "POLICE_INVESTIGATOR"),
            "IDENTIFICATION",
            TEEN_WITH_FLAGGED_GUARDIAN)
        .then()
        .statusCode(201);
    assertThat(count(db, "select count(*) from alerts where kind = 'GUARDIAN_NOTICE_DUE'"))
        .isEqualTo(notices);
    // Without the flag the notice is due (rule 5): the flag is what suppressed it.
    create(
            TestKeys.token("pol-flag", "police-flag", "POLICE_INVESTIGATOR"),
            "IDENTIFICATION",
            TEEN_WITH_FLAGGED_GUARDIAN.replace(
                "\"guardianFlagged\":true", "\"guardianFlagged\":false"))
        .then()
        .statusCode(201);
    assertThat(count(db, "select count(*) from alerts where kind = 'GUARDIAN_NOTICE_DUE'"))
        .isEqualTo(notices + 1);
  }

  @Test
  void aPoliceCaseNumberTypedByACaseworkerIsRefusedWhateverTheBasis() {
    long before = cases();
    String cw = TestKeys.token("cw-pcn", "ngo-pcn", "NGO_CASEWORKER");
    // Under a police basis: refused (rule 2) ...
    create(
            cw,
            "IDENTIFICATION",
            """
            {"side":"FOUND","policeCaseNumber":"PC-FAKE","subject":{"birthYearFrom":2012,"birthYearTo":2012},
             "consent":{"basis":"STATUTORY_DUTY","givenBy":"POLICE"}}""")
        .then()
        .statusCode(403)
        .body("type", equalTo("https://homeward.io/problems/policy-denied"));
    // ... and under a guardian's consent, where it would make a found child's case a "police case"
    // (rule 4) and open it without verification (rule 3).
    long seq = lastAuditSeq(db);
    create(
            cw,
            "FAMILY_TRACING",
            """
            {"side":"FOUND","policeCaseNumber":"PC-FAKE","subject":{"birthYearFrom":2012,"birthYearTo":2012},
             "consent":{"basis":"GUARDIAN_CONSENT","givenBy":"GUARDIAN","relationship":"mother"}}""")
        .then()
        .statusCode(403)
        .body("type", equalTo("https://homeward.io/problems/policy-denied"));
    assertThat(cases()).isEqualTo(before);
    assertThat(auditSince(db, seq, "cw-pcn").get(0).policyIds())
        .contains("rule-2-5-forbid-police-only-facts-from-non-police");
  }

  @Test
  void finding5AVitalEmergencyWithABlankJustificationIsRefusedAndNothingIsStored() {
    long before = cases();
    String police = TestKeys.token("pol-ve", "police-ve", "POLICE_INVESTIGATOR");
    for (String justification : List.of("\" \"", "\"\"", "\"   urgent   \"", "null")) {
      create(
              police,
              "IDENTIFICATION",
              """
              {"side":"MISSING","policeCaseNumber":"PC-VE","subject":{"birthYearFrom":2015,"birthYearTo":2015},
               "consent":{"basis":"VITAL_EMERGENCY","givenBy":"POLICE","justification":%s}}"""
                  .formatted(justification))
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("type", equalTo("https://homeward.io/problems/justification-required"));
    }
    assertThat(cases()).isEqualTo(before);
    create(
            police,
            "IDENTIFICATION",
            """
            {"side":"MISSING","policeCaseNumber":"PC-VE","subject":{"birthYearFrom":2015,"birthYearTo":2015},
             "consent":{"basis":"VITAL_EMERGENCY","givenBy":"POLICE",
               "justification":"  child seen leaving with an unknown adult at 14:10  "}}""")
        .then()
        .statusCode(201)
        .body("status", equalTo("OPEN"));
    assertThat(cases()).isEqualTo(before + 1);
  }

  @Test
  void aJustificationGivenUnderAnotherBasisMustSaySomethingToo() {
    create(
            TestKeys.token("cw-j", "ngo-j", "NGO_CASEWORKER"),
            "FAMILY_TRACING",
            """
            {"side":"MISSING","subject":{"birthYearFrom":1990,"birthYearTo":1990},
             "consent":{"basis":"CONSENT","givenBy":"SUBJECT","justification":"  "}}""")
        .then()
        .statusCode(400)
        .body("type", equalTo("https://homeward.io/problems/justification-required"));
  }

  @Test
  void parallelAttemptsToFlagTheGuardianAreAllRefused() throws Exception {
    long before = cases();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Integer>> calls =
          java.util.stream.IntStream.range(0, 16)
              .<Callable<Integer>>mapToObj(
                  i ->
                      () ->
                          create(
                                  TestKeys.token("cw-par-" + i, "ngo-par", "NGO_CASEWORKER"),
                                  "FAMILY_TRACING",
                                  TEEN_WITH_FLAGGED_GUARDIAN)
                              .statusCode())
              .toList();
      for (Future<Integer> f : pool.invokeAll(calls)) {
        assertThat(f.get()).isEqualTo(403);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(cases()).isEqualTo(before);
  }
}
