package io.homeward.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.homeward.gateway.config.AccountsConfig;
import io.homeward.gateway.config.PolicyConfig;
import io.homeward.gateway.db.Database;
import io.homeward.gateway.store.Ids;
import io.homeward.gateway.support.TestKeys;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/admin/configuration}: administrators read the effective values (the ones the
 * gateway runs with, not the defaults), never a secret, a path or a database address; every other
 * role and every other purpose is refused; each read is audited, also under parallel reads. Run on
 * H2 and on PostgreSQL (as the application's role).
 */
abstract class AdminConfigurationContract {
  private static final String PATH = "/api/v1/admin/configuration";

  @Inject Database db;
  @Inject PolicyConfig policy;
  @Inject AccountsConfig accounts;

  private String orgA;
  private String orgB;

  @BeforeEach
  void organisations() {
    String run = Ids.newId("t").substring(2, 12);
    orgA = "adm-a-" + run;
    orgB = "adm-b-" + run;
  }

  private static Response read(String token, String purpose) {
    return given().auth().oauth2(token).header("Homeward-Purpose", purpose).get(PATH);
  }

  private Map<String, String> values(Response r) {
    assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
    List<Map<String, String>> settings = r.jsonPath().getList("settings");
    Map<String, String> byKey = new LinkedHashMap<>();
    settings.forEach(s -> byKey.put(s.get("key"), s.get("value")));
    return byKey;
  }

  @Test
  void anAdministratorReadsTheEffectiveValuesAndNothingSecret() {
    String admin = TestKeys.token("admin-" + orgA, orgA, "ADMIN");
    Response r = read(admin, "ADMINISTRATION");
    assertThat(r.header("Cache-Control")).contains("no-store");
    Map<String, String> v = values(r);
    assertThat(v)
        .containsEntry(
            "homeward.gateway.policy.searches-per-day", Integer.toString(policy.searchesPerDay()))
        .containsEntry("homeward.gateway.accounts.idle-timeout", accounts.idleTimeout().toString())
        .containsEntry("homeward.gateway.search.minimum-band", "POSSIBLE")
        .containsKey("homeward.gateway.retention.probe");
    for (var e : v.entrySet()) {
      assertThat(e.getKey()).doesNotContainIgnoringCase("key").doesNotContainIgnoringCase("secret");
      assertThat(e.getKey())
          .doesNotContainIgnoringCase("password")
          .doesNotContainIgnoringCase("url");
      assertThat(e.getKey()).doesNotContainIgnoringCase("dir").doesNotContainIgnoringCase("file");
      assertThat(e.getValue()).doesNotContain("/").doesNotContain("jdbc").doesNotContain("\\");
    }
    List<String> groups = r.jsonPath().getList("settings.group");
    assertThat(groups).containsOnly("LIMITS", "SEARCH", "SESSIONS", "RETENTION", "INPUT");
    assertThat(count("read effective configuration", "admin-" + orgA, true)).isEqualTo(1);
  }

  @Test
  void anotherOrganisationsAdministratorReadsTheSameValues() {
    // The configuration is the machine's, not an organisation's: the same for every administrator.
    Map<String, String> a =
        values(read(TestKeys.token("admin-" + orgA, orgA, "ADMIN"), "ADMINISTRATION"));
    Map<String, String> b =
        values(read(TestKeys.token("admin-" + orgB, orgB, "ADMIN"), "ADMINISTRATION"));
    assertThat(b).isEqualTo(a);
  }

  @Test
  void everyOtherRoleAndPurposeIsRefusedAndTheRefusalAudited() {
    for (String role :
        List.of("PRIVACY_OFFICER", "NGO_CASEWORKER", "POLICE_INVESTIGATOR", "FACE_EXAMINER")) {
      String subject = role.toLowerCase() + "-" + orgB;
      Response r = read(TestKeys.token(subject, orgB, role), "ADMINISTRATION");
      assertThat(r.statusCode()).as(role + ": " + r.asString()).isEqualTo(403);
      assertThat(r.asString()).doesNotContain("searches-per-day");
      assertThat(refusals(subject)).isEqualTo(1);
    }
    Response wrongPurpose = read(TestKeys.token("admin-" + orgB, orgB, "ADMIN"), "PRIVACY_AUDIT");
    assertThat(wrongPurpose.statusCode()).isEqualTo(403);
    assertThat(wrongPurpose.asString()).doesNotContain("searches-per-day");
  }

  @Test
  void parallelReadsAllAnswerAndAreEachAudited() throws Exception {
    String admin = TestKeys.token("admin-" + orgA, orgA, "ADMIN");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Map<String, String>>> reads = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        reads.add(pool.submit(() -> values(read(admin, "ADMINISTRATION"))));
      }
      Map<String, String> first = reads.get(0).get();
      for (Future<Map<String, String>> f : reads) {
        assertThat(f.get()).isEqualTo(first);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(count("read effective configuration", "admin-" + orgA, true)).isEqualTo(16);
  }

  /** Refused requests by this actor (the refusal may come from the purpose check or the policy). */
  private long refusals(String actor) {
    return db.inTransaction(
        tx -> {
          try (PreparedStatement ps =
              tx.prepareStatement(
                  "select count(*) from audit_records where actor_id = ? and allowed = ?")) {
            ps.setString(1, actor);
            ps.setBoolean(2, false);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  private long count(String detail, String actor, boolean allowed) {
    return db.inTransaction(
        tx -> {
          try (PreparedStatement ps =
              tx.prepareStatement(
                  "select count(*) from audit_records where actor_id = ? and detail = ?"
                      + " and allowed = ?")) {
            ps.setString(1, actor);
            ps.setString(2, detail);
            ps.setBoolean(3, allowed);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }
}
