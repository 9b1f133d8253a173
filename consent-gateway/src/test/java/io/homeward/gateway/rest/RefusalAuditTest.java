package io.homeward.gateway.rest;

import static io.homeward.gateway.rest.FactsTestSupport.auditSince;
import static io.homeward.gateway.rest.FactsTestSupport.lastAuditSeq;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.homeward.gateway.db.Database;
import io.homeward.gateway.support.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: requests refused before their use case runs (no purpose, a role the token does not
 * grant, an export attempt without a purpose) are audited, and fail closed when the audit cannot be
 * written.
 */
@QuarkusTest
@QuarkusTestResource(TestKeys.class)
class RefusalAuditTest {
  private static final String CASE = "/api/v1/cases/c-0000000000000000000000000a";
  private static final String EXPORT = "/api/v1/photos/p-0000000000000000000000000a/export";

  @Inject Database db;

  @Test
  void aRequestWithoutAPurposeIsAudited() {
    long seq = lastAuditSeq(db);
    given()
        .auth()
        .oauth2(TestKeys.token("ra-1", "ngo-ra", "NGO_CASEWORKER"))
        .get(CASE)
        .then()
        .statusCode(400)
        .body("type", equalTo("https://homeward.io/problems/purpose-required"));
    var audit = auditSince(db, seq, "ra-1");
    assertThat(audit).hasSize(1);
    assertThat(audit.get(0).action()).isEqualTo("ACCESS_REFUSED");
    assertThat(audit.get(0).role()).isEqualTo("NGO_CASEWORKER");
    assertThat(audit.get(0).purpose()).isEqualTo("NONE");
    assertThat(audit.get(0).allowed()).isFalse();
    assertThat(audit.get(0).detail()).contains("PURPOSE_REQUIRED");
  }

  @Test
  void anExportAttemptWithoutAPurposeIsAuditedAsAnExportAttempt() {
    long seq = lastAuditSeq(db);
    given()
        .auth()
        .oauth2(TestKeys.token("ra-2", "police-ra", "POLICE_INVESTIGATOR"))
        .get(EXPORT)
        .then()
        .statusCode(400);
    var audit = auditSince(db, seq, "ra-2");
    assertThat(audit).hasSize(1);
    assertThat(audit.get(0).action()).isEqualTo("EXPORT_ATTEMPT");
  }

  @Test
  void aRoleTheTokenDoesNotGrantIsAuditedWithTheRoleNamed() {
    long seq = lastAuditSeq(db);
    given()
        .auth()
        .oauth2(TestKeys.token("ra-3", "ngo-ra", "NGO_VOLUNTEER"))
        .header("Homeward-Role", "POLICE_INVESTIGATOR")
        .header("Homeward-Purpose", "IDENTIFICATION")
        .get(CASE)
        .then()
        .statusCode(403)
        .body("type", equalTo("https://homeward.io/problems/role-not-granted"));
    var audit = auditSince(db, seq, "ra-3");
    assertThat(audit).hasSize(1);
    assertThat(audit.get(0).action()).isEqualTo("ACCESS_REFUSED");
    assertThat(audit.get(0).role()).isEqualTo("POLICE_INVESTIGATOR");
    assertThat(audit.get(0).purpose()).isEqualTo("IDENTIFICATION");
  }

  @Test
  void freeTextInTheHeadersNeverReachesTheAudit() {
    long seq = lastAuditSeq(db);
    given()
        .auth()
        .oauth2(TestKeys.token("ra-4", "ngo-ra", "NGO_VOLUNTEER"))
        .header("Homeward-Role", "Jane Doe, 12 Main Street")
        .header("Homeward-Purpose", "Jane Doe")
        .get(CASE)
        .then()
        .statusCode(403);
    var audit = auditSince(db, seq, "ra-4");
    assertThat(audit).hasSize(1);
    assertThat(audit.get(0).role()).isEqualTo("UNKNOWN");
    assertThat(audit.get(0).purpose()).isEqualTo("UNKNOWN");
  }

  @Test
  void anUnverifiedTokenIsNotAuditedThereIsNobodyToAttributeItTo() {
    long seq = lastAuditSeq(db);
    given().auth().oauth2("not.a.jwt").get(CASE).then().statusCode(401);
    assertThat(lastAuditSeq(db)).isEqualTo(seq);
  }

  @Test
  void whenTheRefusalCannotBeAuditedTheAnswerIs503() {
    db.inTransaction(
        tx -> {
          try (Statement s = tx.createStatement()) {
            s.execute("alter table audit_head rename to audit_head_away");
          }
          return null;
        });
    try {
      given()
          .auth()
          .oauth2(TestKeys.token("ra-5", "ngo-ra", "NGO_CASEWORKER"))
          .get(CASE)
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
  }
}
