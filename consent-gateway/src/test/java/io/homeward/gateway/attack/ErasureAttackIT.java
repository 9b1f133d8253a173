package io.homeward.gateway.attack;

import static io.homeward.gateway.attack.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.homeward.gateway.attack.RunningSystem.Db;
import io.homeward.gateway.support.InternalChannels;
import io.homeward.proto.embedder.v1.EmbedRequest;
import io.homeward.proto.embedder.v1.EmbedderServiceGrpc;
import io.homeward.proto.embedder.v1.FacePolicy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Attack: a family withdraws consent for their child; later someone holding the machine's disks,
 * the database or a copy of them (an insider, a thief, a backup) looks for the child: rows in any
 * table (review items with face ids and raw scores, alerts, consents), the encrypted image, the
 * vector and ids in the search service's index files (a removal only marks a Lucene document
 * deleted: its vector stays in the segment until a merge), the services' logs.
 *
 * <p>Safe answer: once the retention job has run past the minimal-record period and the search
 * service has expunged its removed faces (short periods here; 30 days and 1 h by default), no
 * column of any table, no file under the gateway's data directory, no file of the search index and
 * no log line holds the case id, subject id, consent id, photo id, face id, image reference or the
 * vector's bytes. Only the audit records keep the case and consent ids: the tombstone the chain
 * needs (README, "Erasure").
 */
class ErasureAttackIT {
  /** A photo no other attack enrols, so its vector in the index can only be this subject's. */
  private static final String PHOTO = "people/rose_leslie_img1.jpg";

  @ParameterizedTest
  @EnumSource(Db.class)
  void aWithdrawnChildLeavesNoIdOrByteInAnyStore(Db db) throws Exception {
    RunningSystem system = RunningSystem.on(db);
    system.restartSearch(Map.of("homeward.search.erasure.expunge-every", "2s"));
    system.restartGateway(
        Map.of(
            "homeward.gateway.retention.every", "2s",
            "homeward.gateway.retention.minimal-record", "5s"));
    try {
      followOneSubject(system);
    } finally {
      system.restartGateway(Map.of());
      system.restartSearch(Map.of());
    }
  }

  private static void followOneSubject(RunningSystem system) throws Exception {
    String tag = system.db().name().toLowerCase(Locale.ROOT);
    Client cw =
        system.as(system.token("er-cw-1-" + tag, "er-ngo-1", "NGO_CASEWORKER"), "FAMILY_TRACING");
    Client cw2 =
        system.as(system.token("er-cw-2-" + tag, "er-ngo-1", "NGO_CASEWORKER"), "FAMILY_TRACING");
    String caseId = Fixtures.openMissingChildCase(cw, cw2);
    String photoId = Fixtures.enrol(cw, caseId, PHOTO, "FAMILY", 2018);
    JsonNode details = json(cw.get("/api/v1/cases/" + caseId), 200);
    String consentId = details.get("consents").get(0).get("id").asText();

    Map<String, String> row = read(system, c -> idsOf(c, caseId, photoId));
    String subjectId = row.get("subject");
    String faceId = row.get("face");
    String imageRef = row.get("image");
    byte[] vector = littleEndian(embed(Fixtures.photo(PHOTO)), 16);
    List<String> ids = List.of(caseId, subjectId, consentId, photoId, faceId, imageRef);
    Path index = system.searchDataDir();
    Path data = system.dataDir();

    // Positive controls: the scans find the subject where it is.
    await(() -> !filesHolding(index, bytes(faceId)).isEmpty(), "the photo is indexed");
    assertThat(filesHolding(index, vector)).as("the vector's bytes in the index").isNotEmpty();
    assertThat(filesNamed(data, imageRef)).as("the encrypted image").isNotEmpty();
    List<String> before = read(system, c -> columnsHolding(c, ids));
    assertThat(before).as("columns holding an id before").isNotEmpty();

    Client dataProtection =
        system.as(system.token("er-cw-1-" + tag, "er-ngo-1", "NGO_CASEWORKER"), "DATA_PROTECTION");
    JsonNode erased =
        json(
            dataProtection.post(
                "/api/v1/cases/" + caseId + "/consents/" + consentId + "/withdrawal", ""),
            200);
    assertThat(erased.get("imagesDeleted").asInt()).isEqualTo(1);

    // The minimal record ends after 5 s here; the index removal and the expunge follow.
    await(
        () -> cw.get("/api/v1/cases/" + caseId).statusCode() == 404,
        "the case purged after its minimal record");
    await(
        () -> filesHolding(index, vector).isEmpty() && filesHolding(index, bytes(faceId)).isEmpty(),
        "the vector expunged from the index files");

    // The purge queues one more index removal; acknowledged, its row goes with the next passes.
    Thread.sleep(10_000);
    for (String id : ids) {
      assertThat(filesHolding(index, bytes(id))).as("index files holding an id").isEmpty();
    }
    assertThat(filesHolding(index, vector)).as("index files holding the vector").isEmpty();
    assertThat(filesNamed(data, imageRef)).as("the image file").isEmpty();
    for (Path log : List.of(system.logFile(), system.logFile().resolveSibling("search.log"))) {
      for (String id : ids) {
        assertThat(indexOf(Files.readAllBytes(log), bytes(id)))
            .as("%s naming an id", log)
            .isNegative();
      }
    }
    List<String> after = read(system, c -> columnsHolding(c, ids));
    assertThat(after).as("columns holding an id").isEmpty();
    if (system.db() == Db.H2) {
      // The gateway is stopped by read(): its database file is closed and can be read whole.
      // The audit records in it keep the case and consent ids (the tombstone).
      system.stopGateway();
      for (String id : List.of(subjectId, photoId, imageRef)) {
        assertThat(filesHolding(data, bytes(id))).as("files of the data directory").isEmpty();
      }
    }
  }

  /** Reads the database (on H2 the gateway is stopped meanwhile: the file is its alone). */
  private static <T> T read(RunningSystem system, RunningSystem.SqlWork<T> work) {
    if (system.db() == Db.H2) {
      system.stopGateway();
      try {
        return system.sql(work);
      } finally {
        system.startGateway();
      }
    }
    return system.sql(work);
  }

  private static Map<String, String> idsOf(Connection c, String caseId, String photoId)
      throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement("select id from subjects where case_id = ?")) {
      ps.setString(1, caseId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        out.put("subject", rs.getString(1));
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement("select face_id, image_ref from photos where id = ?")) {
      ps.setString(1, photoId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        out.put("face", Long.toString(rs.getLong(1)));
        out.put("image", rs.getString(2));
      }
    }
    return out;
  }

  /**
   * {@code table.column} of every value holding one of the ids (integers compared whole), in every
   * table of the gateway's schema. The audit records' case and consent ids are the tombstone.
   */
  private static List<String> columnsHolding(Connection c, List<String> ids) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (ResultSet rs =
        c.getMetaData().getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        tables.add(rs.getString("TABLE_NAME"));
      }
    }
    assertThat(tables).as("the gateway's tables").isNotEmpty();
    List<String> hits = new ArrayList<>();
    for (String table : tables) {
      try (PreparedStatement ps = c.prepareStatement("select * from " + table);
          ResultSet rs = ps.executeQuery()) {
        var meta = rs.getMetaData();
        while (rs.next()) {
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            String column = meta.getColumnName(i).toLowerCase(Locale.ROOT);
            if (table.equalsIgnoreCase("audit_records")
                && (column.equals("case_id") || column.equals("consent_id"))) {
              continue;
            }
            int type = meta.getColumnType(i);
            String text;
            if (type == Types.BINARY || type == Types.VARBINARY || type == Types.LONGVARBINARY) {
              byte[] b = rs.getBytes(i);
              text = b == null ? null : new String(b, StandardCharsets.ISO_8859_1);
            } else {
              Object o = rs.getObject(i);
              text = o == null ? null : o.toString();
            }
            if (text == null) {
              continue;
            }
            for (String id : ids) {
              boolean numeric = type == Types.BIGINT || type == Types.INTEGER;
              if (numeric ? text.equals(id) : text.contains(id)) {
                hits.add(table + "." + column);
              }
            }
          }
        }
      }
    }
    return hits;
  }

  private static float[] embed(byte[] image) {
    // The embedder speaks mTLS: call it as the gateway does, with the gateway's certificate.
    ManagedChannel channel =
        InternalChannels.asGateway(RunningSystem.embedderGrpcPort(), RunningSystem.tlsDir());
    try {
      var r =
          EmbedderServiceGrpc.newBlockingStub(channel)
              .withDeadlineAfter(60, TimeUnit.SECONDS)
              .embed(
                  EmbedRequest.newBuilder()
                      .setImage(ByteString.copyFrom(image))
                      .setFacePolicy(FacePolicy.FACE_POLICY_SINGLE)
                      .build());
      var values = r.getFaces(0).getEmbedding().getValuesList();
      float[] v = new float[values.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = values.get(i);
      }
      return v;
    } finally {
      channel.shutdownNow();
    }
  }

  private static byte[] littleEndian(float[] vector, int floats) {
    ByteBuffer buffer = ByteBuffer.allocate(floats * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < floats; i++) {
      buffer.putFloat(vector[i]);
    }
    return buffer.array();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<Path> filesNamed(Path dir, String part) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.getFileName().toString().contains(part)).toList();
    }
  }

  /** The files under {@code dir} whose bytes contain {@code needle}. */
  private static List<Path> filesHolding(Path dir, byte[] needle) {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        byte[] bytes;
        try {
          bytes = Files.readAllBytes(f);
        } catch (IOException goneMeanwhile) {
          continue; // a segment file merged away while the scan ran
        }
        if (indexOf(bytes, needle) >= 0) {
          out.add(f);
        }
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      // A directory changed under the walk: scan again on the next poll.
      out.add(dir);
    }
    return out;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
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

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 90 s: " + what);
      }
      Thread.sleep(500);
    }
  }
}
