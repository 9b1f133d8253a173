package io.homeward.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.homeward.gateway.cli.InternalCertificates;
import io.homeward.gateway.cli.LocalTokens;
import io.homeward.gateway.support.InternalChannels;
import io.homeward.gateway.support.S3Server;
import io.homeward.proto.embedder.v1.EmbedRequest;
import io.homeward.proto.embedder.v1.EmbedderServiceGrpc;
import io.homeward.proto.embedder.v1.FacePolicy;
import io.homeward.proto.search.v1.GetStatsRequest;
import io.homeward.proto.search.v1.RemoveFacesRequest;
import io.homeward.proto.search.v1.SearchServiceGrpc;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The whole system on one machine in the cluster's configuration: the packaged embedder, search
 * service (on a real Milvus) and gateway (on a real PostgreSQL, its images in a real S3-compatible
 * server, mTLS to both services), driven over REST as its users would. One LAG identity's childhood
 * photo is the missing child; the same person's later photo is the found person.
 *
 * <p>Needs {@code ../shared/datasets/lag}, the Milvus of {@code scripts/milvus.sh install} and a
 * PostgreSQL named by {@code HOMEWARD_TEST_PG_URL}; skips without them, except under {@code
 * CI=true}, where a missing Milvus or PostgreSQL fails.
 */
class SystemIT {
  private static final int EMBEDDER_GRPC = 19301;
  private static final int SEARCH_GRPC = 19311;
  private static final int GATEWAY_HTTP = 19320;
  private static final int GATEWAY_MANAGEMENT = 19321;
  private static final String SCHEMA = "homeward_e2e";
  private static final int SEARCHES_PER_DAY = 6;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static Path root;
  private static Path work;
  private static final List<Process> processes = new ArrayList<>();
  private static boolean milvusStarted;
  private static String pgUrl;
  private static String pgUser;
  private static String pgPassword;
  private static PrivateKey signingKey;
  private static S3Server s3;
  private static String bucket;

  @BeforeAll
  static void startSystem() throws Exception {
    root = Path.of(System.getProperty("homeward.project.dir", "..")).toAbsolutePath().normalize();
    Path lag =
        Path.of(System.getProperty("homeward.shared.dir", root.resolve("../shared").toString()))
            .resolve("datasets/lag");
    assumeTrue(
        Files.isRegularFile(lag.resolve("manifest.csv")),
        "../shared/datasets/lag is absent: skipped");
    boolean ci = "true".equals(System.getenv("CI"));
    boolean milvus = Files.isExecutable(root.resolve(".cache/milvus-venv/bin/milvus-server"));
    pgUrl = System.getenv("HOMEWARD_TEST_PG_URL");
    if (!milvus || pgUrl == null) {
      String why =
          !milvus
              ? "Milvus is not installed (scripts/milvus.sh install)"
              : "HOMEWARD_TEST_PG_URL is not set";
      if (ci) {
        fail(why + " (CI=true: the system test must run)");
      }
      assumeTrue(false, why + ": skipped");
    }
    pgUser = System.getenv().getOrDefault("HOMEWARD_TEST_PG_USER", "homeward");
    pgPassword = System.getenv().getOrDefault("HOMEWARD_TEST_PG_PASSWORD", "");
    for (String jar :
        List.of(
            "embedder/target/quarkus-app/quarkus-run.jar",
            "search-service/target/quarkus-app/quarkus-run.jar",
            "consent-gateway/target/quarkus-app/quarkus-run.jar")) {
      assumeTrue(
          Files.isRegularFile(root.resolve(jar)), jar + " is not built: run the reactor build");
    }
    work = root.resolve("consent-gateway/target/e2e");
    deleteTree(work);
    Files.createDirectories(work);
    try (Connection c = DriverManager.getConnection(pgUrl, pgUser, pgPassword);
        Statement s = c.createStatement()) {
      s.execute("drop schema if exists " + SCHEMA + " cascade");
      s.execute("create schema " + SCHEMA);
    }
    if (milvusAnswers()) {
      // A Milvus already runs on this machine (one per machine): use it and leave it running.
      milvusStarted = false;
    } else {
      script("start");
      milvusStarted = true;
    }
    // Images in object storage, as in the cluster (k8s/base/config.yaml): a bucket of this run's
    // own.
    s3 = S3Server.start();
    bucket = "e2e-" + Long.toHexString(System.nanoTime());
    s3.createBucket(bucket);
    signingKey = LocalTokens.ensureKeys(work.resolve("signing-keys"));
    // As the launcher: a local CA and certificates, mTLS between the gateway and the services.
    InternalCertificates.ensure(work.resolve("tls"), Duration.ofDays(1));
    Path tls = work.resolve("tls");

    start(
        "embedder",
        "embedder/target/quarkus-app/quarkus-run.jar",
        serverTls(tls, "embedder", Map.of()),
        "-Dquarkus.grpc.server.port=" + EMBEDDER_GRPC,
        "-Dquarkus.management.port=19302",
        "-Dhomeward.embedder.workers=1");
    start(
        "search",
        "search-service/target/quarkus-app/quarkus-run.jar",
        serverTls(tls, "search", Map.of("HOMEWARD_MILVUS_HOST", "127.0.0.1")),
        "-Dquarkus.grpc.server.port=" + SEARCH_GRPC,
        "-Dquarkus.management.port=19312");
    Map<String, String> env = new LinkedHashMap<>();
    String sep = pgUrl.contains("?") ? "&" : "?";
    env.put("HOMEWARD_DB_URL", pgUrl + sep + "currentSchema=" + SCHEMA);
    env.put("HOMEWARD_DB_USER", pgUser);
    env.put("HOMEWARD_DB_PASSWORD", pgPassword);
    env.put("HOMEWARD_EMBEDDER_PORT", String.valueOf(EMBEDDER_GRPC));
    env.put("HOMEWARD_SEARCH_PORT", String.valueOf(SEARCH_GRPC));
    env.put("HOMEWARD_SIGNING_KEYS_DIR", work.resolve("signing-keys").toString());
    env.put("HOMEWARD_GENERATE_KEYS", "true");
    env.put("HOMEWARD_TLS_CA", tls.resolve("ca.pem").toString());
    env.put("HOMEWARD_TLS_CERT", tls.resolve("gateway.crt").toString());
    env.put("HOMEWARD_TLS_KEY", tls.resolve("gateway.key").toString());
    env.put("HOMEWARD_KEYS_DIR", work.resolve("keys").toString());
    env.put("HOMEWARD_IMAGES_DIR", work.resolve("images").toString());
    env.put("HOMEWARD_IMAGES_STORE", "s3");
    env.put("HOMEWARD_IMAGES_S3_ENDPOINT", s3.endpoint().toString());
    env.put("HOMEWARD_IMAGES_S3_BUCKET", bucket);
    env.put("HOMEWARD_IMAGES_S3_PATH_STYLE", "true");
    env.put("HOMEWARD_IMAGES_S3_ACCESS_KEY_ID", S3Server.ACCESS_KEY);
    env.put("HOMEWARD_IMAGES_S3_SECRET_ACCESS_KEY", S3Server.SECRET_KEY);
    start(
        "gateway",
        "consent-gateway/target/quarkus-app/quarkus-run.jar",
        env,
        "-Dquarkus.http.port=" + GATEWAY_HTTP,
        "-Dquarkus.management.port=" + GATEWAY_MANAGEMENT,
        "-Dhomeward.gateway.outbox.every=1s",
        "-Dhomeward.gateway.policy.searches-per-day=" + SEARCHES_PER_DAY);
    awaitUp("http://127.0.0.1:19302/q/health/ready");
    awaitUp("http://127.0.0.1:19312/q/health/ready");
    awaitUp("http://127.0.0.1:" + GATEWAY_MANAGEMENT + "/q/health/ready");
  }

  @AfterAll
  static void stopSystem() throws Exception {
    for (Process p : processes) {
      p.destroy();
    }
    for (Process p : processes) {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    if (milvusStarted) {
      script("stop");
    }
    if (s3 != null) {
      s3.stop();
    }
  }

  @Test
  void childPhotoFindsTheAdultAndEveryRuleHolds() throws Exception {
    Pair pair = pickIdentity();
    String cw = token("cw-1", "ngo-1", "NGO_CASEWORKER");
    String cw2 = token("cw-2", "ngo-1", "NGO_CASEWORKER");
    String volunteer = token("vol-1", "ngo-1", "NGO_VOLUNTEER");
    String police = token("pol-1", "police-1", "POLICE_INVESTIGATOR");
    String ex1 = token("ex-1", "forensics", "FACE_EXAMINER");
    String ex2 = token("ex-2", "forensics", "FACE_EXAMINER");
    // A privacy officer oversees their own organisation's cases and users: here the police force's.
    String officer = token("dpo-1", "police-1", "PRIVACY_OFFICER");

    // A caseworker registers a missing child under guardian consent: pending until verified.
    JsonNode missing =
        json(
            post(
                cw,
                "FAMILY_TRACING",
                "/api/v1/cases",
                """
                {"side":"MISSING","subject":{"sex":"F","birthYearFrom":2001,"birthYearTo":2001,
                 "eventDate":"2006-06-01","regionCode":"CN-51","location":"Chengdu"},
                 "consent":{"basis":"GUARDIAN_CONSENT","givenBy":"GUARDIAN","relationship":"mother"}}"""),
            201);
    String missingCase = missing.get("id").asText();
    assertThat(missing.get("status").asText()).isEqualTo("PENDING");
    String consentId = missing.get("consents").get(0).get("id").asText();
    // The caseworker who registered it cannot verify the consent herself (forged consent).
    expect(
        post(
            cw,
            "FAMILY_TRACING",
            caseUrl(missingCase) + "/consents/" + consentId + "/verification",
            ""),
        403);
    JsonNode verified =
        json(
            post(
                cw2,
                "FAMILY_TRACING",
                caseUrl(missingCase) + "/consents/" + consentId + "/verification",
                ""),
            200);
    assertThat(verified.get("status").asText()).isEqualTo("OPEN");
    json(enrol(cw, missingCase, pair.young(), "FAMILY", 5f), 201);

    // Police register a found teenager under a police case and enrol the later photo.
    JsonNode found =
        json(
            post(
                police,
                "IDENTIFICATION",
                "/api/v1/cases",
                """
                {"side":"FOUND","policeCaseNumber":"PC-2024-0042",
                 "subject":{"sex":"F","birthYearFrom":2000,"birthYearTo":2002,"eventDate":"2018-03-01",
                 "regionCode":"CN-44","location":"Shelter 7, Guangzhou"},
                 "consent":{"basis":"STATUTORY_DUTY","givenBy":"POLICE"}}"""),
            201);
    String foundCase = found.get("id").asText();
    assertThat(found.get("status").asText()).isEqualTo("OPEN");
    json(enrol(police, foundCase, pair.adult(), "POLICE", 17f), 201);

    // The caseworker assigns the forensic examiners to the child's case (they see no other case).
    json(
        post(
            cw,
            "FAMILY_TRACING",
            caseUrl(missingCase) + "/assignments",
            "{\"organisation\":\"forensics\",\"role\":\"FACE_EXAMINER\"}"),
        201);

    // The standing search raises the pair for review.
    JsonNode item = awaitReviewItem(ex1, missingCase, foundCase);
    String reviewId = item.get("id").asText();

    // Police, searching from the found person's case, see the child clearly, with scores.
    JsonNode policeSearch =
        json(post(police, "IDENTIFICATION", caseUrl(foundCase) + "/searches", ""), 200);
    JsonNode policeHit = candidate(policeSearch, missingCase);
    assertThat(policeHit.get("display").asText()).isEqualTo("CLEAR");
    assertThat(policeHit.has("score")).isTrue();
    HttpResponse<byte[]> clear =
        getBytes(
            police,
            "IDENTIFICATION",
            "/api/v1/photos/" + policeHit.get("photoId").asText() + "/image");
    assertThat(clear.statusCode()).isEqualTo(200);
    assertThat(clear.headers().firstValue("Homeward-Display")).hasValue("CLEAR");
    assertThat(clear.body()).startsWith((byte) 0xFF, (byte) 0xD8);

    // The caseworker sees the found teenager blurred, banded, without score or location.
    JsonNode cwSearch =
        json(post(cw, "FAMILY_TRACING", caseUrl(missingCase) + "/searches", ""), 200);
    JsonNode cwHit = candidate(cwSearch, foundCase);
    assertThat(cwHit.get("display").asText()).isEqualTo("BLURRED");
    assertThat(cwHit.has("band")).isTrue();
    assertThat(cwHit.has("score")).isFalse();
    assertThat(cwHit.has("rawScore")).isFalse();
    assertThat(cwHit.get("location").asText()).isEqualTo("under review");
    HttpResponse<byte[]> blurred =
        getBytes(
            cw, "FAMILY_TRACING", "/api/v1/photos/" + cwHit.get("photoId").asText() + "/image");
    assertThat(blurred.statusCode()).isEqualTo(200);
    assertThat(blurred.headers().firstValue("Homeward-Display")).hasValue("BLURRED");

    // The searches used the vectors the index holds: no probe photo was decrypted and embedded.
    long embedded = embedderCalls();
    JsonNode again = json(post(cw, "FAMILY_TRACING", caseUrl(missingCase) + "/searches", ""), 200);
    assertThat(candidate(again, foundCase).get("band")).isEqualTo(cwHit.get("band"));
    assertThat(embedderCalls()).isEqualTo(embedded);
    // A probe the index lost (a write lost, an index restored from an older backup) is embedded
    // for the search instead, with the same answer, and its index write is queued again.
    long missingIndexed = indexCount(true);
    assertThat(removeFromIndex(missingCase)).isEqualTo(1);
    JsonNode lost = json(post(cw, "FAMILY_TRACING", caseUrl(missingCase) + "/searches", ""), 200);
    assertThat(candidate(lost, foundCase).get("band")).isEqualTo(cwHit.get("band"));
    assertThat(embedderCalls()).isGreaterThan(embedded);
    long healed = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (indexCount(true) < missingIndexed && System.nanoTime() < healed) {
      Thread.sleep(200);
    }
    assertThat(indexCount(true)).isEqualTo(missingIndexed);

    // A volunteer may not search.
    expect(post(volunteer, "FAMILY_TRACING", caseUrl(missingCase) + "/searches", ""), 403);

    // Two examiners, independently; the family may be told only after both.
    json(
        post(
            ex1,
            "CANDIDATE_VERIFICATION",
            "/api/v1/reviews/" + reviewId + "/verdicts",
            "{\"verdict\":\"POTENTIAL_CANDIDATE\"}"),
        200);
    expect(post(cw, "FAMILY_TRACING", "/api/v1/reviews/" + reviewId + "/notifications", ""), 403);
    JsonNode second =
        json(
            post(
                ex2,
                "CANDIDATE_VERIFICATION",
                "/api/v1/reviews/" + reviewId + "/verdicts",
                "{\"verdict\":\"POTENTIAL_CANDIDATE\"}"),
            200);
    assertThat(second.get("status").asText()).isEqualTo("POTENTIAL_CANDIDATE");
    expect(post(cw, "FAMILY_TRACING", "/api/v1/reviews/" + reviewId + "/notifications", ""), 202);

    // A protected person (in a shelter) is never shown: the search answers as if there were no such
    // candidate, and the protection officer is alerted silently (rule 14).
    JsonNode shelter =
        json(
            post(
                police,
                "IDENTIFICATION",
                "/api/v1/cases",
                """
                {"side":"FOUND","policeCaseNumber":"PC-2024-0043",
                 "subject":{"sex":"F","birthYearFrom":2000,"birthYearTo":2002,"protectedPerson":true},
                 "consent":{"basis":"STATUTORY_DUTY","givenBy":"POLICE"}}"""),
            201);
    String protectedCase = shelter.get("id").asText();
    json(enrol(police, protectedCase, pair.adult(), "POLICE", 17f), 201);
    Thread.sleep(3000);
    JsonNode withProtected =
        json(post(cw, "FAMILY_TRACING", caseUrl(missingCase) + "/searches", ""), 200);
    candidate(withProtected, foundCase);
    for (JsonNode c : withProtected.get("candidates")) {
      assertThat(c.get("caseId").asText()).isNotEqualTo(protectedCase);
    }
    JsonNode alerts = json(get(officer, "PRIVACY_AUDIT", "/api/v1/oversight/alerts"), 200);
    assertThat(alerts.findValuesAsText("kind")).contains("PROTECTED_PERSON_HIT");
    for (JsonNode i : json(get(ex1, "CANDIDATE_VERIFICATION", "/api/v1/reviews"), 200)) {
      assertThat(i.get("foundCaseId").asText()).isNotEqualTo(protectedCase);
    }

    // Rate limits (rule 16): past the daily number of searches the account locks until a privacy
    // officer unlocks it.
    String busy = token("pol-2", "police-1", "POLICE_INVESTIGATOR");
    for (int i = 0; i < SEARCHES_PER_DAY; i++) {
      json(post(busy, "IDENTIFICATION", caseUrl(foundCase) + "/searches", ""), 200);
    }
    expect(post(busy, "IDENTIFICATION", caseUrl(foundCase) + "/searches", ""), 429);
    HttpResponse<String> locked = get(busy, "IDENTIFICATION", caseUrl(foundCase));
    assertThat(locked.statusCode()).isEqualTo(403);
    assertThat(locked.body()).contains("account-locked");
    assertThat(
            json(get(officer, "PRIVACY_AUDIT", "/api/v1/oversight/alerts"), 200)
                .findValuesAsText("kind"))
        .contains("ACCOUNT_LOCKED");
    expect(post(officer, "PRIVACY_AUDIT", "/api/v1/oversight/accounts/pol-2/unlock", ""), 204);
    json(get(busy, "IDENTIFICATION", caseUrl(foundCase)), 200);

    // The audit chain verifies.
    JsonNode before =
        json(get(officer, "PRIVACY_AUDIT", "/api/v1/oversight/audit/verification"), 200);
    assertThat(before.get("intact").asBoolean()).isTrue();
    assertThat(before.get("records").asLong()).isGreaterThan(10);

    // Withdrawal: the child's vectors leave the index, the images go.
    long missingBefore = indexCount(true);
    assertThat(missingBefore).isGreaterThanOrEqualTo(1);
    JsonNode erased =
        json(
            post(
                cw,
                "DATA_PROTECTION",
                caseUrl(missingCase) + "/consents/" + consentId + "/withdrawal",
                ""),
            200);
    assertThat(erased.get("imagesDeleted").asInt()).isEqualTo(1);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (indexCount(true) >= missingBefore && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
    assertThat(indexCount(true)).isEqualTo(missingBefore - 1);
    JsonNode after =
        json(post(police, "IDENTIFICATION", caseUrl(foundCase) + "/searches", ""), 200);
    for (JsonNode c : after.get("candidates")) {
      assertThat(c.get("caseId").asText()).isNotEqualTo(missingCase);
    }

    // Tampering with one stored audit record is detected, at that record.
    long tampered;
    try (Connection c = DriverManager.getConnection(pgUrl, pgUser, pgPassword);
        Statement s = c.createStatement()) {
      s.execute("set search_path to " + SCHEMA);
      s.execute("alter table audit_records disable trigger user");
      var rs = s.executeQuery("select min(seq) from audit_records where audit_action = 'SEARCH'");
      rs.next();
      tampered = rs.getLong(1);
      s.executeUpdate("update audit_records set actor_id = 'someone-else' where seq = " + tampered);
      s.execute("alter table audit_records enable trigger user");
    }
    JsonNode broken =
        json(get(officer, "PRIVACY_AUDIT", "/api/v1/oversight/audit/verification"), 200);
    assertThat(broken.get("intact").asBoolean()).isFalse();
    assertThat(broken.get("firstBrokenSequence").asLong()).isEqualTo(tampered);

    // Every image went to object storage, sealed, under a key that says nothing; none to local
    // disk.
    try (S3Client client = s3.client()) {
      List<String> keys =
          client
              .listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).build())
              .contents()
              .stream()
              .map(S3Object::key)
              .toList();
      assertThat(keys).isNotEmpty().allMatch(k -> k.matches("images/[0-9a-f]{32}\\.sealed"));
      for (String key : keys) {
        byte[] stored =
            client
                .getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(key).build())
                .asByteArray();
        assertThat(new String(stored, 0, 3, java.nio.charset.StandardCharsets.US_ASCII))
            .isEqualTo("HWI");
      }
    }
    assertThat(work.resolve("images"))
        .satisfiesAnyOf(
            dir -> assertThat(dir).doesNotExist(), dir -> assertThat(dir).isEmptyDirectory());
  }

  // --- choosing the identity --------------------------------------------------------------------

  private record Pair(byte[] young, byte[] adult) {}

  /**
   * The first LAG identity (in manifest order) whose two photos pass the quality gate and match
   * well.
   */
  private static Pair pickIdentity() throws IOException {
    Path lag =
        Path.of(System.getProperty("homeward.shared.dir", root.resolve("../shared").toString()))
            .resolve("datasets/lag");
    Map<String, String[]> bySubject = new LinkedHashMap<>();
    for (String line :
        Files.readAllLines(lag.resolve("manifest.csv"))
            .subList(1, Files.readAllLines(lag.resolve("manifest.csv")).size())) {
      String[] f = line.split(",");
      String[] slot = bySubject.computeIfAbsent(f[1], k -> new String[2]);
      int i = f[2].equals("young") ? 0 : 1;
      if (slot[i] == null) {
        slot[i] = f[0];
      }
    }
    ManagedChannel channel = InternalChannels.asGateway(EMBEDDER_GRPC, work.resolve("tls"));
    try {
      var stub = EmbedderServiceGrpc.newBlockingStub(channel);
      int tried = 0;
      for (String[] slot : bySubject.values()) {
        if (slot[0] == null || slot[1] == null || tried++ > 60) {
          continue;
        }
        byte[] young = Files.readAllBytes(lag.resolve("images").resolve(slot[0]));
        byte[] adult = Files.readAllBytes(lag.resolve("images").resolve(slot[1]));
        try {
          float[] a = vector(stub, young);
          float[] b = vector(stub, adult);
          float cos = 0;
          for (int i = 0; i < a.length; i++) {
            cos += a[i] * b[i];
          }
          if (cos > 0.45f) {
            return new Pair(young, adult);
          }
        } catch (io.grpc.StatusRuntimeException refused) {
          // Fails the quality gate: try the next person.
        }
      }
    } finally {
      channel.shutdownNow();
    }
    fail("no LAG identity among the first 60 passes the quality gate with a strong match");
    return null;
  }

  private static float[] vector(
      EmbedderServiceGrpc.EmbedderServiceBlockingStub stub, byte[] image) {
    var r =
        stub.withDeadlineAfter(30, TimeUnit.SECONDS)
            .embed(
                EmbedRequest.newBuilder()
                    .setImage(ByteString.copyFrom(image))
                    .setFacePolicy(FacePolicy.FACE_POLICY_SINGLE)
                    .build());
    if (r.getFacesCount() == 0) {
      throw new io.grpc.StatusRuntimeException(io.grpc.Status.INVALID_ARGUMENT);
    }
    var values = r.getFaces(0).getEmbedding().getValuesList();
    float[] v = new float[values.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = values.get(i);
    }
    return v;
  }

  /** Removes a case's faces from the index behind the gateway's back; returns how many. */
  private static int removeFromIndex(String caseRef) {
    ManagedChannel channel = InternalChannels.asGateway(SEARCH_GRPC, work.resolve("tls"));
    try {
      return SearchServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .removeFaces(RemoveFacesRequest.newBuilder().setCaseRef(caseRef).build())
          .getRemoved();
    } finally {
      channel.shutdownNow();
    }
  }

  /** The gateway's calls that embed an image (its gRPC client metrics). */
  private static long embedderCalls() throws Exception {
    HttpResponse<String> metrics =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + GATEWAY_MANAGEMENT + "/q/metrics"))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.statusCode()).isEqualTo(200);
    long calls = 0;
    for (String line : metrics.body().split("\n")) {
      if (line.startsWith("grpc_client_processing_duration_seconds_count{")
          && line.contains("service=\"homeward.embedder.v1.EmbedderService\"")
          && line.contains("method=\"Embed")) {
        // "name{labels} value" with an optional " # {exemplar} value timestamp" after it.
        String sample = line.contains(" # ") ? line.substring(0, line.indexOf(" # ")) : line;
        calls += (long) Double.parseDouble(sample.substring(sample.lastIndexOf(' ') + 1));
      }
    }
    return calls;
  }

  private static long indexCount(boolean missingSide) {
    ManagedChannel channel = InternalChannels.asGateway(SEARCH_GRPC, work.resolve("tls"));
    try {
      var stats =
          SearchServiceGrpc.newBlockingStub(channel)
              .withDeadlineAfter(10, TimeUnit.SECONDS)
              .getStats(GetStatsRequest.getDefaultInstance());
      long n = 0;
      for (var space : stats.getSpacesList()) {
        n += missingSide ? space.getMissing() : space.getFound();
      }
      return n;
    } finally {
      channel.shutdownNow();
    }
  }

  // --- HTTP
  // -----------------------------------------------------------------------------------------

  private static String token(String subject, String org, String role) {
    return LocalTokens.mint(signingKey, subject, org, Set.of(role), Duration.ofMinutes(30));
  }

  private static String caseUrl(String id) {
    return "/api/v1/cases/" + id;
  }

  private static HttpResponse<String> post(String token, String purpose, String path, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + GATEWAY_HTTP + path))
            .timeout(Duration.ofSeconds(120))
            .header("Authorization", "Bearer " + token)
            .header("Homeward-Purpose", purpose);
    if (body.isEmpty()) {
      b.POST(HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> enrol(
      String token, String caseId, byte[] image, String source, float age) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:"
                        + GATEWAY_HTTP
                        + caseUrl(caseId)
                        + "/photos?source="
                        + source
                        + "&ageAtPhoto="
                        + age))
            .timeout(Duration.ofSeconds(120))
            .header("Authorization", "Bearer " + token)
            .header(
                "Homeward-Purpose", source.equals("POLICE") ? "IDENTIFICATION" : "FAMILY_TRACING")
            .header("Content-Type", "image/png")
            .POST(HttpRequest.BodyPublishers.ofByteArray(image))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String token, String purpose, String path)
      throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + GATEWAY_HTTP + path))
            .timeout(Duration.ofSeconds(120))
            .header("Authorization", "Bearer " + token)
            .header("Homeward-Purpose", purpose)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<byte[]> getBytes(String token, String purpose, String path)
      throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + GATEWAY_HTTP + path))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + token)
            .header("Homeward-Purpose", purpose)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static JsonNode json(HttpResponse<String> r, int status) throws IOException {
    assertThat(r.statusCode()).as("%s -> %s", r.uri().getPath(), r.body()).isEqualTo(status);
    return JSON.readTree(r.body());
  }

  private static void expect(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as("%s -> %s", r.uri().getPath(), r.body()).isEqualTo(status);
  }

  private static JsonNode candidate(JsonNode search, String caseId) {
    for (JsonNode c : search.get("candidates")) {
      if (c.get("caseId").asText().equals(caseId)) {
        return c;
      }
    }
    fail("the expected case is not among the candidates: " + search);
    return null;
  }

  private static JsonNode awaitReviewItem(String examiner, String missingCase, String foundCase)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      JsonNode items = json(get(examiner, "CANDIDATE_VERIFICATION", "/api/v1/reviews"), 200);
      for (JsonNode i : items) {
        if (i.get("missingCaseId").asText().equals(missingCase)
            && i.get("foundCaseId").asText().equals(foundCase)) {
          return i;
        }
      }
      Thread.sleep(500);
    }
    fail("the standing search raised no review item for the pair");
    return null;
  }

  // --- processes
  // ------------------------------------------------------------------------------------

  /** A gRPC service's environment as the launcher gives it: its certificate, the CA it trusts. */
  private static Map<String, String> serverTls(Path tls, String name, Map<String, String> more) {
    Map<String, String> env = new LinkedHashMap<>(more);
    env.put("HOMEWARD_TLS_CERT", tls.resolve(name + ".crt").toString());
    env.put("HOMEWARD_TLS_KEY", tls.resolve(name + ".key").toString());
    env.put("HOMEWARD_TLS_TRUST_STORE", tls.resolve(InternalCertificates.TRUST_STORE).toString());
    return env;
  }

  private static void start(String name, String jar, Map<String, String> env, String... props)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    cmd.addAll(List.of(props));
    cmd.add("-jar");
    cmd.add(root.resolve(jar).toString());
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(work.resolve(name + ".log").toFile());
    pb.environment().put("HOMEWARD_DATA_DIR", work.resolve("data").toString());
    pb.environment().put("HOMEWARD_KEYS_DIR", work.resolve("keys").toString());
    pb.environment().put("OPENCV_LOG_LEVEL", "FATAL");
    pb.environment().putAll(env);
    processes.add(pb.start());
  }

  private static void awaitUp(String url) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      for (Process p : processes) {
        if (!p.isAlive()) {
          fail("a service exited at start-up; see consent-gateway/target/e2e/*.log");
        }
      }
      try {
        if (HTTP.send(
                    HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Starting.
      }
      Thread.sleep(500);
    }
    fail(url + " did not become ready within 120 s");
  }

  private static boolean milvusAnswers() {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:9091/healthz")).GET().build(),
              HttpResponse.BodyHandlers.ofString())
          .body()
          .contains("OK");
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static void script(String command) throws Exception {
    Process p =
        new ProcessBuilder("bash", "scripts/milvus.sh", command)
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(
                    root.resolve("consent-gateway/target/e2e-milvus.log").toFile()))
            .start();
    if (!p.waitFor(6, TimeUnit.MINUTES) || p.exitValue() != 0) {
      fail("scripts/milvus.sh " + command + " failed; see consent-gateway/target/e2e-milvus.log");
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
