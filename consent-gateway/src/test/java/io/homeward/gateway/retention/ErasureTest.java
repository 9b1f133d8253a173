package io.homeward.gateway.retention;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.homeward.gateway.client.EmbeddedFace;
import io.homeward.gateway.db.Database;
import io.homeward.gateway.domain.Band;
import io.homeward.gateway.domain.PhotoSource;
import io.homeward.gateway.domain.Verdict;
import io.homeward.gateway.images.ImageStore;
import io.homeward.gateway.outbox.IndexWriter;
import io.homeward.gateway.store.AccountStore;
import io.homeward.gateway.store.ErasureStore;
import io.homeward.gateway.store.Ids;
import io.homeward.gateway.store.OutboxStore;
import io.homeward.gateway.store.PhotoRecord;
import io.homeward.gateway.store.PhotoState;
import io.homeward.gateway.store.PhotoStore;
import io.homeward.gateway.store.ReviewItem;
import io.homeward.gateway.store.ReviewStore;
import io.homeward.gateway.support.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Follows one subject through withdrawal (PRIVACY.md rules 18 and 19) and then searches every store
 * the gateway has for its ids and bytes: every text, binary and integer column of every table, the
 * image directory (file names and contents) and the in-memory vector cache. On H2 here; {@link
 * PostgresErasureTest} runs the same on PostgreSQL.
 *
 * <p>Only the audit log keeps anything afterwards, by design: its records are hash-chained and kept
 * 3 years, so a record keeps the case and consent ids in clear (opaque random ids that nothing maps
 * to a person once the case is purged) while the subject's ids and every personal field were sealed
 * with the subject's key, which the erasure destroyed.
 */
@QuarkusTest
@QuarkusTestResource(TestKeys.class)
class ErasureTest {
  @Inject Database db;
  @Inject Retention retention;
  @Inject Erasure erasure;
  @Inject IndexWriter indexWriter;
  @Inject ImageStore images;
  @Inject PhotoStore photos;
  @Inject ReviewStore reviews;
  @Inject AccountStore accounts;
  @Inject OutboxStore outbox;
  @Inject ErasureStore erasures;

  @ConfigProperty(name = "homeward.gateway.images.dir")
  String imagesDir;

  private static final String ORG = "ngo-erasure";

  /**
   * Unique to this run: the users' daily limits and account locks live in the database, and a
   * PostgreSQL test database may outlive a run.
   */
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

  private static String caseworker(String name) {
    return TestKeys.token(name + "-" + RUN, ORG, "NGO_CASEWORKER");
  }

  /** A MISSING child's case, its guardian consent verified by a second caseworker: OPEN. */
  private String[] openMissingCase() {
    ExtractableResponse<Response> created =
        given()
            .auth()
            .oauth2(caseworker("cw-e1"))
            .header("Homeward-Purpose", "FAMILY_TRACING")
            .contentType("application/json")
            .body(
                """
                {"side":"MISSING","subject":{"sex":"F","birthYearFrom":2014,"birthYearTo":2015,
                 "eventDate":"2019-06-01","regionCode":"KE-30","location":"Kakuma camp, block 4"},
                 "consent":{"basis":"GUARDIAN_CONSENT","givenBy":"GUARDIAN","relationship":"mother"}}""")
            .post("/api/v1/cases")
            .then()
            .statusCode(201)
            .extract();
    String caseId = created.path("id");
    String consentId = created.path("consents[0].id");
    given()
        .auth()
        .oauth2(caseworker("cw-e2"))
        .header("Homeward-Purpose", "FAMILY_TRACING")
        .post("/api/v1/cases/" + caseId + "/consents/" + consentId + "/verification")
        .then()
        .statusCode(200)
        .body("status", equalTo("OPEN"));
    return new String[] {caseId, consentId};
  }

  private String foundCase() {
    return given()
        .auth()
        .oauth2(TestKeys.token("pol-e-" + RUN, "police-e", "POLICE_INVESTIGATOR"))
        .header("Homeward-Purpose", "IDENTIFICATION")
        .contentType("application/json")
        .body(
            """
            {"side":"FOUND","policeCaseNumber":"PC-E1","subject":{"birthYearFrom":2013,"birthYearTo":2016},
             "consent":{"basis":"STATUTORY_DUTY","givenBy":"POLICE"}}""")
        .post("/api/v1/cases")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private static byte[] fixtureImage() throws IOException {
    Path root = Path.of("..").toAbsolutePath().normalize();
    Path photo = root.resolve("../shared/fixtures/people/biden_biden.jpg").normalize();
    assumeTrue(Files.isRegularFile(photo), "../shared/fixtures is absent: skipped");
    return Files.readAllBytes(photo);
  }

  private static float[] unitVector(long seed) {
    Random random = new Random(seed);
    float[] v = new float[512];
    double norm = 0;
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian();
      norm += v[i] * v[i];
    }
    for (int i = 0; i < v.length; i++) {
      v[i] /= (float) Math.sqrt(norm);
    }
    return v;
  }

  private <T> T sql(Database.TxWork<T> work) {
    return db.inTransaction(work);
  }

  private long count(String sql, String param) {
    return sql(
        tx -> {
          try (PreparedStatement ps = tx.prepareStatement(sql)) {
            ps.setString(1, param);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  @Test
  void aWithdrawnSubjectLeavesNoIdOrByteInAnyStoreOnceItsMinimalRecordEnds() throws Exception {
    byte[] image = fixtureImage();
    String[] opened = openMissingCase();
    String caseId = opened[0];
    String consentId = opened[1];
    String otherCase = foundCase();
    // Unique per run: the PostgreSQL test database outlives a run, and its alerts with it.
    String requester = "requester-" + UUID.randomUUID();
    String subjectId =
        sql(
            tx -> {
              try (PreparedStatement ps =
                  tx.prepareStatement("select id from subjects where case_id = ?")) {
                ps.setString(1, caseId);
                try (ResultSet rs = ps.executeQuery()) {
                  rs.next();
                  return rs.getString(1);
                }
              }
            });

    // What enrolment, a standing search, a review, a search and an alert leave behind. Enrolment
    // needs the embedder, which this test does not run: its rows are written as it writes them.
    String photoId = Ids.newId("p");
    long faceId = Ids.newFaceId();
    long otherFaceId = Ids.newFaceId();
    String ref = images.put(image);
    Instant now = Instant.now();
    String reviewId = Ids.newId("r");
    sql(
        tx -> {
          photos.insert(
              tx,
              new PhotoRecord(
                  photoId,
                  caseId,
                  faceId,
                  ref,
                  PhotoSource.FAMILY,
                  5f,
                  2019,
                  0.9f,
                  "test-model@1",
                  PhotoState.INDEXED,
                  now,
                  null));
          reviews.insertIfAbsent(
              tx,
              new ReviewItem(
                  reviewId,
                  faceId,
                  otherFaceId,
                  caseId,
                  otherCase,
                  Band.PROBABLE,
                  0.71f,
                  ReviewStore.OPEN,
                  now));
          reviews.addVerdict(tx, reviewId, "examiner-e", Verdict.POTENTIAL_CANDIDATE, now);
          accounts.raiseAlert(tx, "PROTECTED_PERSON_HIT", requester, caseId, now);
          accounts.raiseAlert(tx, "RECONFIRMATION_DUE", null, caseId, now);
          try (PreparedStatement ps =
              tx.prepareStatement("insert into case_probes (case_id, probe_hmac) values (?, ?)")) {
            ps.setString(1, caseId);
            ps.setString(2, "ab".repeat(32));
            ps.executeUpdate();
          }
          outbox.done(
              tx, outbox.enqueue(tx, OutboxStore.Kind.UPSERT, photoId, faceId, caseId, now), now);
          return null;
        });
    float[] vector = unitVector(faceId);
    indexWriter.remember(photoId, new EmbeddedFace(vector, "test-model", "1", 0.9f));
    List<String> needles = List.of(caseId, subjectId, consentId, photoId, ref, reviewId);
    List<Long> faceIds = List.of(faceId);
    // Positive controls: the scan finds what is there, and the subject has an audit key.
    assertThat(TableScan.find(db, needles, faceIds)).isNotEmpty();
    assertThat(count("select count(*) from audit_subject_keys where subject_id = ?", subjectId))
        .isEqualTo(1);
    assertThat(indexWriter.holdsVectorOf(photoId)).isTrue();
    assertThat(images.refs()).contains(ref);

    given()
        .auth()
        .oauth2(caseworker("cw-e1"))
        .header("Homeward-Purpose", "DATA_PROTECTION")
        .post("/api/v1/cases/" + caseId + "/consents/" + consentId + "/withdrawal")
        .then()
        .statusCode(200)
        .body("imagesDeleted", equalTo(1));

    // At once: the image, the cached vector, the audit key, and every link to other cases.
    assertThat(images.refs()).doesNotContain(ref);
    assertThat(imageDirHolds(ref.getBytes(), image)).isFalse();
    assertThat(indexWriter.holdsVectorOf(photoId)).isFalse();
    assertThat(count("select count(*) from audit_subject_keys where subject_id = ?", subjectId))
        .isZero();
    assertThat(count("select count(*) from erasure_pending_keys where subject_id = ?", subjectId))
        .isZero();
    assertThat(count("select count(*) from review_items where id = ?", reviewId)).isZero();
    assertThat(count("select count(*) from verdicts where review_id = ?", reviewId)).isZero();
    assertThat(count("select count(*) from case_probes where case_id = ?", caseId)).isZero();
    assertThat(count("select count(*) from alerts where case_id = ?", caseId)).isZero();
    assertThat(count("select count(*) from alerts where about = ?", requester)).isEqualTo(1);
    // The minimal record: nothing personal in it.
    assertThat(
            count(
                "select count(*) from subjects where case_id = ? and sex is null and"
                    + " birth_year_from is null and location_sealed is null and region_code is"
                    + " null and event_date is null",
                caseId))
        .isEqualTo(1);
    assertThat(TableScan.find(db, List.of(ref, reviewId), List.of())).isEmpty();

    // Before the end of the minimal record nothing more goes; after it, the case goes.
    retention.run(now.plus(Duration.ofDays(29)));
    assertThat(count("select count(*) from cases where id = ?", caseId)).isEqualTo(1);
    retention.run(now.plus(Duration.ofDays(31)));
    assertThat(count("select count(*) from cases where id = ?", caseId)).isZero();

    // The index removals stay queued until the search service acknowledges them (it is not
    // running here); acknowledged as the outbox does, they go with the next pass.
    sql(
        tx -> {
          for (OutboxStore.Entry e : outbox.due(tx, now.plus(Duration.ofDays(400)), 1_000)) {
            if (caseId.equals(e.caseId())) {
              outbox.done(tx, e.id(), Instant.now());
            }
          }
          return null;
        });
    retention.run(now.plus(Duration.ofDays(31)));

    assertThat(TableScan.find(db, needles, faceIds)).isEmpty();
    assertThat(imageDirHolds(ref.getBytes(), image)).isFalse();
    assertThat(indexWriter.holdsVectorOf(photoId)).isFalse();
  }

  @Test
  void anAuditKeyDestructionACrashLeftPendingIsDoneByTheRetentionJobOnce() {
    String caseId = openMissingCase()[0];
    String subjectId =
        sql(
            tx -> {
              try (PreparedStatement ps =
                  tx.prepareStatement("select id from subjects where case_id = ?")) {
                ps.setString(1, caseId);
                try (ResultSet rs = ps.executeQuery()) {
                  rs.next();
                  return rs.getString(1);
                }
              }
            });
    // The state a crash right after an erasure's commit leaves: the request, and the key.
    sql(
        tx -> {
          erasures.requestKeyDestruction(tx, subjectId, Instant.now());
          erasures.requestKeyDestruction(tx, subjectId, Instant.now());
          return null;
        });
    assertThat(count("select count(*) from erasure_pending_keys where subject_id = ?", subjectId))
        .isEqualTo(1);
    assertThat(count("select count(*) from audit_subject_keys where subject_id = ?", subjectId))
        .isEqualTo(1);

    Retention.Pass pass = retention.run(Instant.now());

    assertThat(pass.auditKeysDestroyed()).isGreaterThanOrEqualTo(1);
    assertThat(count("select count(*) from audit_subject_keys where subject_id = ?", subjectId))
        .isZero();
    assertThat(count("select count(*) from erasure_pending_keys where subject_id = ?", subjectId))
        .isZero();
    // Idempotent: asked again (a second crash), the pass only clears the request.
    sql(
        tx -> {
          erasures.requestKeyDestruction(tx, subjectId, Instant.now());
          return null;
        });
    assertThat(erasure.destroyPendingKeys()).isGreaterThanOrEqualTo(1);
    assertThat(count("select count(*) from erasure_pending_keys where subject_id = ?", subjectId))
        .isZero();
  }

  /** Whether any file in the image directory is named by, or contains, these bytes. */
  private boolean imageDirHolds(byte[] name, byte[] image) throws IOException {
    Path dir = Path.of(imagesDir);
    if (!Files.isDirectory(dir)) {
      return false;
    }
    byte[] window = java.util.Arrays.copyOfRange(image, image.length / 2, image.length / 2 + 64);
    String fileName = new String(name);
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        if (f.getFileName().toString().contains(fileName)) {
          return true;
        }
        if (ByteScan.indexOf(Files.readAllBytes(f), window) >= 0) {
          return true;
        }
      }
    }
    return false;
  }

  /** Every text, binary and integer column of every table, searched for ids. */
  static final class TableScan {
    private TableScan() {}

    /**
     * The {@code table.column} places holding a needle. The audit records' case and consent ids are
     * the tombstone the chain keeps (see the class comment) and are not searched.
     */
    static List<String> find(Database db, List<String> needles, List<Long> numbers) {
      return db.inTransaction(tx -> find(tx, needles, numbers));
    }

    private static List<String> find(Connection tx, List<String> needles, List<Long> numbers)
        throws SQLException {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs =
          tx.getMetaData().getTables(null, tx.getSchema(), "%", new String[] {"TABLE"})) {
        while (rs.next()) {
          tables.add(rs.getString("TABLE_NAME"));
        }
      }
      assertThat(tables).as("tables found in " + tx.getSchema()).contains("cases", "photos");
      List<String> hits = new ArrayList<>();
      for (String table : tables) {
        try (PreparedStatement ps = tx.prepareStatement("select * from " + table);
            ResultSet rs = ps.executeQuery()) {
          var meta = rs.getMetaData();
          while (rs.next()) {
            for (int i = 1; i <= meta.getColumnCount(); i++) {
              String column = meta.getColumnName(i).toLowerCase(java.util.Locale.ROOT);
              if (table.equalsIgnoreCase("audit_records")
                  && (column.equals("case_id") || column.equals("consent_id"))) {
                continue;
              }
              String where = table + "." + column;
              switch (meta.getColumnType(i)) {
                case java.sql.Types.BIGINT, java.sql.Types.INTEGER -> {
                  long v = rs.getLong(i);
                  if (!rs.wasNull() && numbers.contains(v)) {
                    hits.add(where);
                  }
                }
                case java.sql.Types.BINARY,
                    java.sql.Types.VARBINARY,
                    java.sql.Types.LONGVARBINARY,
                    java.sql.Types.BLOB -> {
                  byte[] bytes = rs.getBytes(i);
                  if (bytes != null) {
                    for (String n : needles) {
                      if (ByteScan.indexOf(bytes, n.getBytes()) >= 0) {
                        hits.add(where);
                      }
                    }
                  }
                }
                default -> {
                  Object o = rs.getObject(i);
                  if (o != null) {
                    String s = o.toString();
                    for (String n : needles) {
                      if (s.contains(n)) {
                        hits.add(where);
                      }
                    }
                    for (Long number : numbers) {
                      if (s.contains(Long.toString(number))) {
                        hits.add(where);
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
      return hits;
    }
  }

  /** A naive byte search (the files are small). */
  static final class ByteScan {
    private ByteScan() {}

    static int indexOf(byte[] haystack, byte[] needle) {
      outer:
      for (int i = 0; i <= haystack.length - needle.length; i++) {
        for (int j = 0; j < needle.length; j++) {
          if (haystack[i + j] != needle[j]) {
            continue outer;
          }
        }
        return i;
      }
      return -1;
    }
  }
}
