package io.homeward.gateway.search;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.homeward.gateway.db.Database;
import io.homeward.gateway.domain.Purpose;
import io.homeward.gateway.domain.Role;
import io.homeward.gateway.images.ImageNotFoundException;
import io.homeward.gateway.images.ImageStore;
import io.homeward.gateway.policy.Actor;
import io.homeward.gateway.retention.Retention;
import io.homeward.gateway.store.BrowserSession;
import io.homeward.gateway.store.Ids;
import io.homeward.gateway.store.OneTimeProbe;
import io.homeward.gateway.store.OneTimeProbeStore;
import io.homeward.gateway.store.SessionStore;
import io.homeward.gateway.support.TestKeys;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One-time searches with a stranger's photo (PRIVACY.md rules 7 and 20) through the REST API: only
 * police and caseworkers hold one, under their own open case or none; the photo is never enrolled,
 * the audit holds its keyed hash only; it is searched once; it is deleted after 24 h (the retention
 * job, run at chosen instants) unless a case is opened from it, and at the end of its browser
 * session when no case is named; only its requester reaches it; parallel requests keep these. No
 * embedder answers here (in test mode its client dials the gateway's own port, which speaks no
 * embedder): a search past its claim fails with a 5xx problem and still uses the photo's one search
 * (the real search runs in the browser flow, with the real models). Run on H2 and on PostgreSQL.
 */
abstract class OneTimeSearchesContract {
  private static final String ONE_TIME = "/api/v1/one-time-searches";

  @Inject Database db;
  @Inject ImageStore images;
  @Inject OneTimeProbeStore probes;
  @Inject OneTimeSearch oneTime;
  @Inject SessionStore sessions;
  @Inject Retention retention;

  private String org;
  private String other;

  @BeforeEach
  void organisations() {
    String run = Ids.newId("t").substring(2, 12);
    org = "ot-a-" + run;
    other = "ot-b-" + run;
  }

  private static RequestSpecification as(String token, String purpose) {
    return given().auth().oauth2(token).header("Homeward-Purpose", purpose);
  }

  private String police(String org) {
    return TestKeys.token("pol-" + org, org, "POLICE_INVESTIGATOR");
  }

  private String caseworker(String org) {
    return TestKeys.token("cw-" + org, org, "NGO_CASEWORKER");
  }

  static byte[] photo(int shade) {
    BufferedImage image = new BufferedImage(96, 96, BufferedImage.TYPE_INT_RGB);
    var g = image.createGraphics();
    g.setColor(new Color(shade, 90, 160));
    g.fillOval(20, 16, 56, 64);
    g.dispose();
    var out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "jpg", out);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

  private static Response upload(String token, String purpose, String underCase, byte[] image) {
    return as(token, purpose)
        .contentType("image/jpeg")
        .body(image)
        .post(ONE_TIME + (underCase == null ? "" : "?underCase=" + underCase));
  }

  private String held(String token, String purpose, String underCase) {
    Response r = upload(token, purpose, underCase, photo(200));
    assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
    return r.path("id");
  }

  private static String foundCase(String police) {
    return as(police, "IDENTIFICATION")
        .contentType("application/json")
        .body(
            """
            {"side":"FOUND","policeCaseNumber":"PC-OT-%d","subject":{"birthYearFrom":2012,"birthYearTo":2014},
             "consent":{"basis":"STATUTORY_DUTY","givenBy":"POLICE"}}"""
                .formatted(System.nanoTime() % 1_000_000))
        .post("/api/v1/cases")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private OneTimeProbe row(String id) {
    return db.inTransaction(tx -> probes.find(tx, id)).orElseThrow();
  }

  private long count(String sql, String... params) {
    return db.inTransaction(
        tx -> {
          try (PreparedStatement ps = tx.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
              ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  private long probesOf(String requesterOrg) {
    return count("select count(*) from one_time_searches where organisation_id = ?", requesterOrg);
  }

  @Test
  void policeHoldAStrangersPhotoForOneSearchNeverEnrolledAndAuditedByItsHashOnly() {
    long photosBefore = count("select count(*) from photos");
    Response r = upload(police(org), "IDENTIFICATION", null, photo(200));
    assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
    String id = r.path("id");
    assertThat((Boolean) r.path("held")).isTrue();
    assertThat((Boolean) r.path("searched")).isFalse();
    // A bearer token has no browser session: only the 24 hours apply.
    assertThat((Boolean) r.path("deletedAtSessionEnd")).isFalse();
    Instant deleteAfter = Instant.parse(r.path("deleteAfter"));
    assertThat(Duration.between(Instant.parse(r.path("createdAt")), deleteAfter))
        .isEqualTo(Duration.ofHours(24));
    // Never enrolled: no photo row, nothing queued for the index.
    assertThat(count("select count(*) from photos")).isEqualTo(photosBefore);
    OneTimeProbe stored = row(id);
    assertThat(images.readPlaintext(stored.imageRef())).isEqualTo(photo(200));
    // The audit names the probe and its keyed hash, never the image.
    assertThat(
            count(
                "select count(*) from audit_records where actor_id = ? and audit_action = 'SEARCH'"
                    + " and allowed and probe_hmac is not null and detail like ?",
                "pol-" + org,
                "one-time probe " + id + "%"))
        .isEqualTo(1);
    as(police(org), "IDENTIFICATION").get(ONE_TIME).then().statusCode(200).body("id", hasItem(id));

    // A caseworker may, under their own open case too.
    String caseId = foundCase(police(org));
    held(police(org), "IDENTIFICATION", caseId);
    held(caseworker(org), "FAMILY_TRACING", null);
  }

  @Test
  void otherRolesAndOtherOrganisationsCasesAreRefusedAndNothingIsStored() {
    for (String role : List.of("NGO_VOLUNTEER", "FACE_EXAMINER", "PRIVACY_OFFICER", "ADMIN")) {
      String purpose =
          switch (Role.valueOf(role)) {
            case PRIVACY_OFFICER -> "PRIVACY_AUDIT";
            case ADMIN -> "ADMINISTRATION";
            case FACE_EXAMINER -> "CANDIDATE_VERIFICATION";
            default -> "FAMILY_TRACING";
          };
      Response r = upload(TestKeys.token(role + "-" + org, org, role), purpose, null, photo(1));
      assertThat(r.statusCode()).as(role).isEqualTo(403);
    }
    assertThat(probesOf(org)).isZero();
    assertThat(
            count(
                "select count(*) from audit_records where organisation = ? and audit_action ="
                    + " 'SEARCH' and not allowed",
                org))
        .isGreaterThanOrEqualTo(2);

    // Another organisation's case is not found; so is a case that does not exist.
    String foreign = foundCase(police(other));
    assertThat(upload(caseworker(org), "FAMILY_TRACING", foreign, photo(1)).statusCode())
        .isEqualTo(404);
    assertThat(upload(police(org), "IDENTIFICATION", Ids.newId("c"), photo(1)).statusCode())
        .isEqualTo(404);
    // Bad input: a specific problem, nothing stored.
    Response empty = upload(police(org), "IDENTIFICATION", null, new byte[0]);
    assertThat(empty.statusCode()).isIn(400, 422);
    assertThat(probesOf(org)).isZero();
  }

  @Test
  void onlyTheRequesterReachesTheProbe() {
    String id = held(police(org), "IDENTIFICATION", null);
    List<String> strangers =
        List.of(
            TestKeys.token("pol2-" + org, org, "POLICE_INVESTIGATOR"),
            police(other),
            TestKeys.token("pol-" + org, other, "POLICE_INVESTIGATOR"));
    for (String token : strangers) {
      as(token, "IDENTIFICATION").get(ONE_TIME + "/" + id).then().statusCode(404);
      as(token, "IDENTIFICATION").post(ONE_TIME + "/" + id + "/search").then().statusCode(404);
      as(token, "IDENTIFICATION").delete(ONE_TIME + "/" + id).then().statusCode(404);
      as(token, "IDENTIFICATION").get(ONE_TIME).then().statusCode(200).body("id", not(hasItem(id)));
    }
    assertThat(row(id).held()).isTrue();
    // The requester deletes it now: the image goes, the audit says so.
    as(police(org), "IDENTIFICATION")
        .delete(ONE_TIME + "/" + id)
        .then()
        .statusCode(200)
        .body("held", equalTo(false))
        .body("deletedWhy", equalTo("REQUESTER"));
    assertThat(
            count(
                "select count(*) from audit_records where actor_id = ? and audit_action = 'DELETE'",
                "pol-" + org))
        .isEqualTo(1);
  }

  @Test
  void thePhotoIsSearchedOnceEvenUnderParallelRequests() throws Exception {
    String id = held(police(org), "IDENTIFICATION", null);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        answers.add(
            pool.submit(
                () ->
                    as(police(org), "IDENTIFICATION")
                        .post(ONE_TIME + "/" + id + "/search")
                        .statusCode()));
      }
      List<Integer> codes = new ArrayList<>();
      for (Future<Integer> f : answers) {
        codes.add(f.get());
      }
      // One claims the search (and fails where the embedder should answer); every other is refused.
      assertThat(codes.stream().filter(c -> c == 409).count()).as(codes.toString()).isEqualTo(7);
      assertThat(codes.stream().filter(c -> c != 409).toList())
          .singleElement()
          .satisfies(c -> assertThat(c).isBetween(500, 599));
    } finally {
      pool.shutdownNow();
    }
    assertThat(row(id).searchedAt()).isNotNull();
    as(police(org), "IDENTIFICATION").post(ONE_TIME + "/" + id + "/search").then().statusCode(409);
  }

  @Test
  void parallelUploadsAreEachHeldAndAudited() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        int shade = i;
        answers.add(
            pool.submit(
                () -> upload(police(org), "IDENTIFICATION", null, photo(shade * 10)).statusCode()));
      }
      for (Future<Integer> f : answers) {
        assertThat(f.get()).isEqualTo(201);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(probesOf(org)).isEqualTo(16);
    assertThat(
            count(
                "select count(*) from audit_records where actor_id = ? and detail like"
                    + " 'one-time probe % held%'",
                "pol-" + org))
        .isEqualTo(16);
  }

  @Test
  void deletedAfter24HoursUnlessACaseIsOpenedFromIt() {
    String older = foundCase(police(org));
    String dropped = held(police(org), "IDENTIFICATION", null);
    String kept = held(police(org), "IDENTIFICATION", null);
    String droppedRef = row(dropped).imageRef();
    // A case older than the photo was not opened from it.
    as(police(org), "IDENTIFICATION")
        .contentType("application/json")
        .body("{\"caseId\":\"" + older + "\"}")
        .post(ONE_TIME + "/" + kept + "/case")
        .then()
        .statusCode(409);
    String opened = foundCase(police(org));
    // Another organisation's case is not found.
    as(police(org), "IDENTIFICATION")
        .contentType("application/json")
        .body("{\"caseId\":\"" + foundCase(police(other)) + "\"}")
        .post(ONE_TIME + "/" + kept + "/case")
        .then()
        .statusCode(404);
    as(police(org), "IDENTIFICATION")
        .contentType("application/json")
        .body("{\"caseId\":\"" + opened + "\"}")
        .post(ONE_TIME + "/" + kept + "/case")
        .then()
        .statusCode(200)
        .body("keptCaseId", equalTo(opened));

    Instant received = row(dropped).createdAt();
    retention.run(received.plus(Duration.ofHours(23)));
    assertThat(row(dropped).held()).isTrue();
    retention.run(received.plus(Duration.ofHours(24)).plusSeconds(1));
    OneTimeProbe gone = row(dropped);
    assertThat(gone.held()).isFalse();
    assertThat(gone.deletedWhy()).isEqualTo(OneTimeProbe.DeletedWhy.EXPIRED);
    assertThatThrownBy(() -> images.readPlaintext(droppedRef))
        .isInstanceOf(ImageNotFoundException.class);
    assertThat(row(kept).held()).isTrue();
    as(police(org), "IDENTIFICATION")
        .post(ONE_TIME + "/" + dropped + "/search")
        .then()
        .statusCode(409);
  }

  @Test
  void aSearchAttachedToNoCaseLosesItsPhotoWhenItsSessionEnds() {
    Actor actor =
        new Actor(
            "pol-" + org,
            org,
            Set.of(Role.POLICE_INVESTIGATOR),
            Role.POLICE_INVESTIGATOR,
            "TEST",
            false);
    Instant now = Instant.now();
    String signedOut = session("pol-" + org, now);
    String idle = session("pol-" + org, now);
    OneTimeProbe a =
        oneTime.receive(actor, Purpose.IDENTIFICATION, photo(3), Optional.empty(), signedOut);
    OneTimeProbe b =
        oneTime.receive(actor, Purpose.IDENTIFICATION, photo(4), Optional.empty(), idle);
    String caseId = foundCase(police(org));
    // Under a case, the session's end does not take it: only the 24 hours do.
    OneTimeProbe c =
        oneTime.receive(actor, Purpose.IDENTIFICATION, photo(5), Optional.of(caseId), signedOut);
    assertThat(a.deleteAfter()).isEqualTo(a.createdAt().plus(Duration.ofHours(24)));

    retention.run(now.plusSeconds(1));
    assertThat(row(a.id()).held()).isTrue();
    assertThat(row(b.id()).held()).isTrue();

    // Sign-out (what the session endpoint calls), then the job finds the idle session.
    assertThat(oneTime.endSession(signedOut)).isEqualTo(1);
    assertThat(row(a.id()).deletedWhy()).isEqualTo(OneTimeProbe.DeletedWhy.SESSION_ENDED);
    assertThatThrownBy(() -> images.readPlaintext(a.imageRef()))
        .isInstanceOf(ImageNotFoundException.class);
    assertThat(row(b.id()).held()).isTrue();
    retention.run(now.plus(Duration.ofHours(2)));
    assertThat(row(b.id()).deletedWhy()).isEqualTo(OneTimeProbe.DeletedWhy.SESSION_ENDED);
    assertThat(row(c.id()).held()).isTrue();
  }

  /** A local account's open browser session (the account row is what sessions belong to). */
  private String session(String subject, Instant now) {
    String hash = Ids.newId("s");
    db.inTransaction(
        tx -> {
          try (PreparedStatement ps =
              tx.prepareStatement(
                  "insert into accounts (subject, organisation_id) select ?, ? where not exists"
                      + " (select 1 from accounts where subject = ?)")) {
            ps.setString(1, subject);
            ps.setString(2, org);
            ps.setString(3, subject);
            ps.executeUpdate();
          }
          sessions.insert(
              tx,
              new BrowserSession(hash, subject, "csrf", "PASSWORD", now, now, null, null, null));
          return null;
        });
    return hash;
  }
}
