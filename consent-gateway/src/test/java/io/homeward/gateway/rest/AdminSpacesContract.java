package io.homeward.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.homeward.gateway.db.Database;
import io.homeward.gateway.domain.SpaceRef;
import io.homeward.gateway.domain.SpaceStatus;
import io.homeward.gateway.store.Ids;
import io.homeward.gateway.store.SpaceStore;
import io.homeward.gateway.support.TestKeys;
import io.restassured.response.Response;
import jakarta.inject.Inject;
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
 * {@code /api/v1/admin/spaces}: administrators list the vector spaces (exactly one live) and start
 * re-embedding jobs; every other role and purpose is refused; malformed requests store nothing;
 * every read is audited, also under parallel reads. Run on H2 and on PostgreSQL (as the
 * application's role). The job itself, with a real embedder and search service, is {@code
 * ModelChangeIT}.
 */
abstract class AdminSpacesContract {
  private static final String PATH = "/api/v1/admin/spaces";

  @Inject Database db;
  @Inject SpaceStore spaces;

  private String orgA;
  private String orgB;

  @BeforeEach
  void organisationsAndALiveSpace() {
    String run = Ids.newId("t").substring(2, 12);
    orgA = "spc-a-" + run;
    orgB = "spc-b-" + run;
    // No embedder runs here: the live space is recorded as the first job would record it.
    db.inTransaction(
        tx -> {
          spaces.lock(tx);
          if (spaces.withStatus(tx, SpaceStatus.LIVE).isEmpty()) {
            spaces.insert(
                tx,
                new SpaceRef("mobilefacenet-faceplugin", "faceplugin-1.0.3", "identity", 512),
                SpaceStatus.LIVE,
                null,
                Instant.now());
          }
          return null;
        });
  }

  private static Response list(String token, String purpose) {
    return given().auth().oauth2(token).header("Homeward-Purpose", purpose).get(PATH);
  }

  private static Response start(String token, String purpose, String body) {
    return given()
        .auth()
        .oauth2(token)
        .header("Homeward-Purpose", purpose)
        .contentType("application/json")
        .body(body)
        .post(PATH);
  }

  private static List<Map<String, Object>> items(Response r) {
    assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
    return r.jsonPath().getList("items");
  }

  @Test
  void anAdministratorSeesExactlyOneLiveSpaceAndTheReadIsAudited() {
    Response r = list(TestKeys.token("admin-" + orgA, orgA, "ADMIN"), "ADMINISTRATION");
    assertThat(r.header("Cache-Control")).contains("no-store");
    List<Map<String, Object>> items = items(r);
    assertThat(items).filteredOn(s -> "LIVE".equals(s.get("status"))).hasSize(1);
    assertThat(items.get(0)).containsKeys("id", "projection", "photosTotal", "photosPerSecond");
    assertThat(count("read vector spaces", "admin-" + orgA, true)).isEqualTo(1);
  }

  @Test
  void anotherOrganisationsAdministratorSeesTheSameSpaces() {
    // The vector spaces are the machine's, not an organisation's.
    List<Map<String, Object>> a =
        items(list(TestKeys.token("admin-" + orgA, orgA, "ADMIN"), "ADMINISTRATION"));
    List<Map<String, Object>> b =
        items(list(TestKeys.token("admin-" + orgB, orgB, "ADMIN"), "ADMINISTRATION"));
    assertThat(b).extracting(s -> s.get("id")).isEqualTo(a.stream().map(s -> s.get("id")).toList());
  }

  @Test
  void everyOtherRoleAndPurposeIsRefusedAndNothingStarts() {
    long before = rows();
    for (String role :
        List.of("PRIVACY_OFFICER", "NGO_CASEWORKER", "POLICE_INVESTIGATOR", "FACE_EXAMINER")) {
      String subject = role.toLowerCase() + "-" + orgB;
      String token = TestKeys.token(subject, orgB, role);
      Response r = list(token, "ADMINISTRATION");
      assertThat(r.statusCode()).as(role + ": " + r.asString()).isEqualTo(403);
      assertThat(r.asString()).doesNotContain("faceplugin");
      Response s = start(token, "ADMINISTRATION", "{\"projection\":\"identity\"}");
      assertThat(s.statusCode()).as(role + ": " + s.asString()).isEqualTo(403);
      assertThat(refusals(subject)).isEqualTo(2);
    }
    String admin = TestKeys.token("admin-" + orgB, orgB, "ADMIN");
    assertThat(list(admin, "PRIVACY_AUDIT").statusCode()).isEqualTo(403);
    assertThat(start(admin, "PRIVACY_AUDIT", "{\"projection\":\"identity\"}").statusCode())
        .isEqualTo(403);
    assertThat(rows()).isEqualTo(before);
  }

  @Test
  void aMalformedProjectionIsRefusedWithItsProblemAndNothingStored() {
    long before = rows();
    String admin = TestKeys.token("admin-" + orgA, orgA, "ADMIN");
    for (String body :
        List.of(
            "{\"projection\":\"../etc\"}",
            "{\"projection\":\"\"}",
            "{\"projection\":\"UPPER\"}",
            "{}",
            "{\"projection\":\"" + "x".repeat(41) + "\"}")) {
      Response r = start(admin, "ADMINISTRATION", body);
      assertThat(r.statusCode()).as(body + " -> " + r.asString()).isEqualTo(400);
      assertThat(r.jsonPath().getString("type")).endsWith("/invalid-request");
      assertThat(r.asString()).doesNotContain("Exception").doesNotContain("at io.");
    }
    assertThat(rows()).isEqualTo(before);
  }

  @Test
  void parallelReadsAllAnswerAndAreEachAudited() throws Exception {
    String admin = TestKeys.token("admin-" + orgA, orgA, "ADMIN");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<List<Map<String, Object>>>> reads = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        reads.add(pool.submit(() -> items(list(admin, "ADMINISTRATION"))));
      }
      List<Object> first = reads.get(0).get().stream().map(s -> s.get("id")).toList();
      for (Future<List<Map<String, Object>>> f : reads) {
        assertThat(f.get().stream().map(s -> s.get("id")).toList()).isEqualTo(first);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(count("read vector spaces", "admin-" + orgA, true)).isEqualTo(12);
  }

  private long rows() {
    return db.inTransaction(
        tx -> {
          try (PreparedStatement ps = tx.prepareStatement("select count(*) from vector_spaces");
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

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
