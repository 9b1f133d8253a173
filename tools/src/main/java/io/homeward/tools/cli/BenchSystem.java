package io.homeward.tools.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.homeward.proto.embedder.v1.EmbedRequest;
import io.homeward.proto.embedder.v1.EmbedderServiceGrpc;
import io.homeward.proto.embedder.v1.FacePolicy;
import io.homeward.proto.embedder.v1.GetModelInfoRequest;
import io.homeward.proto.embedder.v1.GetModelInfoResponse;
import io.homeward.proto.search.v1.CaseStatus;
import io.homeward.proto.search.v1.FaceRecord;
import io.homeward.proto.search.v1.GetStatsRequest;
import io.homeward.proto.search.v1.ModelRef;
import io.homeward.proto.search.v1.SearchServiceGrpc;
import io.homeward.proto.search.v1.Sex;
import io.homeward.proto.search.v1.Side;
import io.homeward.proto.search.v1.UpsertFacesRequest;
import io.homeward.proto.search.v1.YearRange;
import io.homeward.tools.cli.ServiceEvaluation.ServiceException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A running Homeward system as the gateway benchmarks drive it: its gateway over HTTP, and its
 * embedder and search service over gRPC (mTLS as the gateway opens them) for what a benchmark
 * prepares around the gateway: a gallery of synthetic faces, and LAG identities whose photos match.
 * Shared by {@code case-search-bench} and {@code load}; run only against a system made for
 * benchmarking.
 */
final class BenchSystem {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final int GALLERY_BATCH = 500;

  private final String url;
  private final String search;
  private final String embedder;
  private final Path tls;
  private final String searchMetrics;
  private final PrintStream err;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  /** A LAG identity: the child photo and up to three adult photos. */
  record Identity(String subject, Path young, List<Path> adults) {}

  BenchSystem(
      String url, String search, String embedder, Path tls, String searchMetrics, PrintStream err) {
    this.url = url.replaceAll("/+$", "");
    this.search = search;
    this.embedder = embedder;
    this.tls = tls;
    this.searchMetrics = searchMetrics;
    this.err = err;
  }

  HttpClient http() {
    return http;
  }

  /** Bearer tokens from a file, one a line as KIND TOKEN, grouped by kind in file order. */
  static Map<String, List<String>> readTokens(Path tokens) throws IOException {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String line : Files.readAllLines(tokens)) {
      String[] f = line.trim().split("\\s+");
      if (f.length == 2) {
        out.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f[1]);
      }
    }
    return out;
  }

  /** A channel to a service at {@code host:port}, as the gateway opens it (mTLS when it asks). */
  private ManagedChannel channel(String hostPort) throws ServiceException {
    String[] hp = hostPort.split(":");
    return ServiceChannels.open(hp[0], Integer.parseInt(hp[1]), tls).channel();
  }

  /** The embedder's configured space: the one the gateway searches while none is recorded. */
  ModelRef liveSpace() throws Exception {
    ManagedChannel channel = channel(embedder);
    try {
      GetModelInfoResponse info =
          EmbedderServiceGrpc.newBlockingStub(channel)
              .withDeadlineAfter(30, TimeUnit.SECONDS)
              .getModelInfo(GetModelInfoRequest.getDefaultInstance());
      return ModelRef.newBuilder()
          .setId(info.getEmbedding().getId())
          .setVersion(info.getEmbedding().getVersion())
          .setDimension(info.getEmbedding().getDimension())
          .build();
    } finally {
      channel.shutdownNow();
    }
  }

  /**
   * Adds {@code gallery} random unit vectors of the live space to the missing side, under case
   * references the gateway does not know ({@code bench-gallery-*}), as a backfill (no standing
   * search): a load for the index, never a candidate (their cosine with any face is near 0).
   */
  void fillGallery(ModelRef space, int gallery) throws Exception {
    if (gallery <= 0) {
      return;
    }
    ManagedChannel channel = channel(search);
    Random random = new Random(15);
    int dim = space.getDimension();
    long run = System.currentTimeMillis();
    try {
      var stub = SearchServiceGrpc.newBlockingStub(channel);
      Progress progress = new Progress("gallery", gallery, err);
      for (int from = 0; from < gallery; from += GALLERY_BATCH) {
        UpsertFacesRequest.Builder batch = UpsertFacesRequest.newBuilder().setBackfill(true);
        for (int i = from; i < Math.min(gallery, from + GALLERY_BATCH); i++) {
          int born = 1990 + random.nextInt(25);
          FaceRecord.Builder f =
              FaceRecord.newBuilder()
                  .setFaceId((1L << 60) + run % 1_000_000 * 10_000_000L + i)
                  .setCaseRef("bench-gallery-" + run + "-" + i)
                  .setSide(Side.SIDE_MISSING)
                  .setSex(random.nextBoolean() ? Sex.SEX_FEMALE : Sex.SEX_MALE)
                  .setBirthYear(YearRange.newBuilder().setFrom(born).setTo(born + 1))
                  .setAgeAtPhoto(1 + random.nextInt(12))
                  .setPhotoYear(born + 1 + random.nextInt(12))
                  .setCaseStatus(CaseStatus.CASE_STATUS_OPEN)
                  .setModel(space);
          float[] v = unit(random, dim);
          for (float x : v) {
            f.addVector(x);
          }
          batch.addFaces(f);
        }
        upsertWithRetries(stub, batch.build());
        for (int i = from; i < Math.min(gallery, from + GALLERY_BATCH); i++) {
          progress.step();
        }
      }
    } finally {
      channel.shutdownNow();
    }
  }

  /**
   * One batch, sent again while the search service says it is busy or its store unavailable (a
   * large bulk load meets merges and, on Milvus, flushes): at most 10 tries, waiting 1, 2, 4 ... 30
   * s. Safe to repeat: an upsert of the same faces.
   */
  private void upsertWithRetries(
      SearchServiceGrpc.SearchServiceBlockingStub stub, UpsertFacesRequest batch)
      throws InterruptedException {
    long waitMillis = 1000;
    for (int attempt = 1; ; attempt++) {
      try {
        stub.withDeadlineAfter(5, TimeUnit.MINUTES).upsertFaces(batch);
        return;
      } catch (StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        boolean passing =
            code == Status.Code.UNAVAILABLE
                || code == Status.Code.DEADLINE_EXCEEDED
                || code == Status.Code.RESOURCE_EXHAUSTED;
        if (!passing || attempt >= 10) {
          throw e;
        }
        err.printf("%ngallery: %s, sending the batch again in %d s%n", code, waitMillis / 1000);
        Thread.sleep(waitMillis);
        waitMillis = Math.min(30_000, waitMillis * 2);
      }
    }
  }

  /**
   * Waits until the search service's CPU has stayed under 10% for 5 s (at most 15 min): a bulk load
   * leaves the embedded index merging segments in the background for minutes, and requests measured
   * meanwhile measure the merge. Returns the seconds waited.
   */
  double awaitSettled(String who) throws InterruptedException {
    if (searchMetrics.isBlank()) {
      return 0;
    }
    long start = System.nanoTime();
    long giveUp = start + TimeUnit.MINUTES.toNanos(15);
    int quiet = 0;
    err.println(who + ": waiting for the index to settle (background merges)");
    while (quiet < 5 && System.nanoTime() < giveUp) {
      Thread.sleep(1000);
      double cpu = metric(searchMetrics, "process_cpu_usage");
      if (cpu < 0) {
        err.println(who + ": the search service's CPU use is not readable; not waiting");
        break;
      }
      quiet = cpu < 0.10 ? quiet + 1 : 0;
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /**
   * The sum of a Prometheus metric's samples whose line starts with {@code prefix} (a name, or a
   * name and the start of its labels) at a metrics address, or -1 when unreadable.
   */
  double metric(String address, String prefix) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(address))
                  .timeout(Duration.ofSeconds(10))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return Prometheus.sum(r.body(), prefix);
    } catch (IOException | InterruptedException | RuntimeException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return -1;
    }
  }

  private static float[] unit(Random random, int dim) {
    float[] v = new float[dim];
    double norm = 0;
    for (int i = 0; i < dim; i++) {
      v[i] = (float) random.nextGaussian();
      norm += v[i] * v[i];
    }
    float inv = (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < dim; i++) {
      v[i] *= inv;
    }
    return v;
  }

  /** LAG identities with a child photo and at least one adult photo, in manifest order. */
  static List<Identity> identities(Path datasets) throws IOException {
    Path lag = datasets.resolve("lag");
    Map<String, Path> young = new LinkedHashMap<>();
    Map<String, List<Path>> adults = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(lag.resolve("manifest.csv"));
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      Path image = lag.resolve("images").resolve(f[0]);
      if (f[2].equals("young")) {
        young.putIfAbsent(f[1], image);
      } else {
        adults.computeIfAbsent(f[1], k -> new ArrayList<>()).add(image);
      }
    }
    List<Identity> out = new ArrayList<>();
    for (Map.Entry<String, Path> y : young.entrySet()) {
      List<Path> a = adults.getOrDefault(y.getKey(), List.of());
      if (!a.isEmpty()) {
        out.add(new Identity(y.getKey(), y.getValue(), a.subList(0, Math.min(3, a.size()))));
      }
    }
    return out;
  }

  /**
   * Up to {@code wanted} identities whose child photo and first adult photo pass the quality gate
   * and match (cosine at least 0.35 in the live space), so that each search meets a real candidate,
   * as SystemIT picks its identity: a benchmark of the whole path, not of empty answers.
   */
  List<Identity> matchingIdentities(List<Identity> identities, int wanted) throws Exception {
    ManagedChannel channel = channel(embedder);
    List<Identity> out = new ArrayList<>();
    try {
      var stub = EmbedderServiceGrpc.newBlockingStub(channel);
      for (Identity id : identities) {
        if (out.size() >= wanted) {
          break;
        }
        float[] young = vector(stub, id.young());
        float[] adult = vector(stub, id.adults().get(0));
        if (young != null && adult != null && dot(young, adult) >= 0.35f) {
          out.add(id);
        }
      }
    } finally {
      channel.shutdownNow();
    }
    return out;
  }

  /** Of these images, up to {@code wanted} that the quality gate takes with one face. */
  List<Path> passingImages(List<Path> images, int wanted) throws Exception {
    ManagedChannel channel = channel(embedder);
    List<Path> out = new ArrayList<>();
    try {
      var stub = EmbedderServiceGrpc.newBlockingStub(channel);
      for (Path image : images) {
        if (out.size() >= wanted) {
          break;
        }
        if (vector(stub, image) != null) {
          out.add(image);
        }
      }
    } finally {
      channel.shutdownNow();
    }
    return out;
  }

  private static float[] vector(EmbedderServiceGrpc.EmbedderServiceBlockingStub stub, Path image)
      throws IOException {
    try {
      var r =
          stub.withDeadlineAfter(60, TimeUnit.SECONDS)
              .embed(
                  EmbedRequest.newBuilder()
                      .setImage(ByteString.copyFrom(Files.readAllBytes(image)))
                      .setFacePolicy(FacePolicy.FACE_POLICY_SINGLE)
                      .build());
      if (r.getFacesCount() == 0) {
        return null;
      }
      List<Float> values = r.getFaces(0).getEmbedding().getValuesList();
      float[] v = new float[values.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = values.get(i);
      }
      return v;
    } catch (StatusRuntimeException refused) {
      return null; // the quality gate, or no single face
    }
  }

  private static float dot(float[] a, float[] b) {
    float d = 0;
    for (int i = 0; i < a.length; i++) {
      d += a[i] * b[i];
    }
    return d;
  }

  /** A registered pair: the found case of one police user and the missing child's case. */
  record UserCase(String token, String foundCase, String missingCase, List<String> foundPhotos) {
    int photos() {
      return foundPhotos.size();
    }
  }

  /**
   * For each police user an identity: the child registered as missing (guardian consent, verified
   * by a second caseworker) with the child photo, and the adult as found by that user with up to
   * three adult photos. Photos the quality gate refuses are skipped, and an identity left without a
   * found photo is replaced by the next. With an examiner organisation, the missing case is
   * assigned to its face examiners (who then see the pair the standing search raises).
   */
  List<UserCase> register(
      String caseworker,
      String verifier,
      List<String> police,
      List<Identity> identities,
      String examinerOrg)
      throws Exception {
    List<UserCase> out = new ArrayList<>();
    int next = 0;
    Progress progress = new Progress("cases", police.size(), err);
    while (out.size() < police.size()) {
      if (next >= identities.size()) {
        throw new IllegalStateException(
            "too few LAG identities pass the quality gate with a strong match");
      }
      Identity id = identities.get(next++);
      String officer = police.get(out.size());
      String foundCase = registerFound(officer, "BENCH-" + next + "-" + System.nanoTime());
      List<String> photos = new ArrayList<>();
      for (Path adult : id.adults()) {
        HttpResponse<String> r = enrol(officer, foundCase, adult, "POLICE", "IDENTIFICATION");
        if (r.statusCode() == 201) {
          photos.add(JSON.readTree(r.body()).get("id").asText());
        }
      }
      if (photos.isEmpty()) {
        continue;
      }
      JsonNode missing =
          json(
              post(
                  caseworker,
                  "FAMILY_TRACING",
                  "/api/v1/cases",
                  // A child now: guardian consent (rule 2) applies to a subject under 14.
                  "{\"side\":\"MISSING\",\"subject\":{\"birthYearFrom\":2015,\"birthYearTo\":2016},"
                      + "\"consent\":{\"basis\":\"GUARDIAN_CONSENT\",\"givenBy\":\"GUARDIAN\","
                      + "\"relationship\":\"mother\"}}"),
              201);
      String missingCase = missing.get("id").asText();
      String consent = missing.get("consents").get(0).get("id").asText();
      json(
          post(
              verifier,
              "FAMILY_TRACING",
              "/api/v1/cases/" + missingCase + "/consents/" + consent + "/verification",
              ""),
          200);
      if (examinerOrg != null) {
        json(
            post(
                caseworker,
                "FAMILY_TRACING",
                "/api/v1/cases/" + missingCase + "/assignments",
                "{\"organisation\":\"" + examinerOrg + "\",\"role\":\"FACE_EXAMINER\"}"),
            201);
      }
      // A child's photo is enrolled with the age it shows, as a family would type it.
      json(
          enrol(caseworker, missingCase, id.young(), "FAMILY&ageAtPhoto=6", "FAMILY_TRACING"), 201);
      out.add(new UserCase(officer, foundCase, missingCase, List.copyOf(photos)));
      progress.step();
    }
    return out;
  }

  /** A found person's case registered by a police officer under statutory duty; its id. */
  String registerFound(String officer, String policeCaseNumber) throws Exception {
    return json(
            post(
                officer,
                "IDENTIFICATION",
                "/api/v1/cases",
                "{\"side\":\"FOUND\",\"policeCaseNumber\":\""
                    + policeCaseNumber
                    + "\",\"subject\":{},"
                    + "\"consent\":{\"basis\":\"STATUTORY_DUTY\",\"givenBy\":\"POLICE\"}}"),
            201)
        .get("id")
        .asText();
  }

  /**
   * Waits until the gateway reports every photo of these found cases {@code INDEXED} (its outbox
   * writes them). Unlike a count of the index, this holds on a Milvus kept from an earlier run,
   * whose faces a new gateway does not know and removes as orphans meanwhile.
   */
  void awaitPhotosIndexed(List<UserCase> cases) throws Exception {
    long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    for (UserCase c : cases) {
      while (true) {
        JsonNode view =
            json(get(c.token(), "IDENTIFICATION", "/api/v1/cases/" + c.foundCase()), 200);
        long waiting = 0;
        for (JsonNode photo : view.path("photos")) {
          if (!"INDEXED".equals(photo.path("state").asText())) {
            waiting++;
          }
        }
        if (waiting == 0) {
          break;
        }
        if (System.nanoTime() > giveUp) {
          throw new IllegalStateException(
              waiting + " photos of a case still not indexed after 10 min");
        }
        Thread.sleep(500);
      }
    }
  }

  /** Waits until the index holds this many found faces (the gateway's outbox writes them). */
  void awaitIndexed(ModelRef space, long foundFaces) throws Exception {
    long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    long found;
    while ((found = foundFaces(space)) < foundFaces) {
      if (System.nanoTime() > giveUp) {
        throw new IllegalStateException(
            "the index holds " + found + " of " + foundFaces + " found faces after 10 min");
      }
      Thread.sleep(500);
    }
  }

  /** Faces on the found side of the space. */
  long foundFaces(ModelRef space) throws Exception {
    ManagedChannel channel = channel(search);
    try {
      var stats =
          SearchServiceGrpc.newBlockingStub(channel)
              .withDeadlineAfter(30, TimeUnit.SECONDS)
              .getStats(GetStatsRequest.newBuilder().addModels(space).build());
      long found = 0;
      for (var s : stats.getSpacesList()) {
        if (s.getModel().getVersion().equals(space.getVersion())) {
          found = s.getFound();
        }
      }
      return found;
    } finally {
      channel.shutdownNow();
    }
  }

  /** A request to the gateway as a user acting for a purpose. */
  HttpRequest.Builder request(String token, String purpose, String path, Duration timeout) {
    return HttpRequest.newBuilder(URI.create(url + path))
        .timeout(timeout)
        .header("Authorization", "Bearer " + token)
        .header("Homeward-Purpose", purpose);
  }

  HttpResponse<String> post(String token, String purpose, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = request(token, purpose, path, Duration.ofMinutes(2));
    if (body.isEmpty()) {
      b.POST(HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String token, String purpose, String path)
      throws IOException, InterruptedException {
    return http.send(
        request(token, purpose, path, Duration.ofMinutes(2)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** An enrolment of one image file into a case, with the source given in the query. */
  HttpRequest enrolment(
      String token, String caseId, Path image, String source, String purpose, Duration timeout)
      throws IOException {
    String name = image.getFileName().toString().toLowerCase();
    return request(token, purpose, "/api/v1/cases/" + caseId + "/photos?source=" + source, timeout)
        .header("Content-Type", name.endsWith(".png") ? "image/png" : "image/jpeg")
        .POST(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(image)))
        .build();
  }

  HttpResponse<String> enrol(String token, String caseId, Path image, String source, String purpose)
      throws IOException, InterruptedException {
    return http.send(
        enrolment(token, caseId, image, source, purpose, Duration.ofMinutes(2)),
        HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> r, int expected) throws IOException {
    if (r.statusCode() != expected) {
      throw new IllegalStateException(
          "the gateway answered " + r.statusCode() + " (expected " + expected + "): " + r.body());
    }
    return JSON.readTree(r.body());
  }
}
