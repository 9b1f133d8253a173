package io.homeward.tools.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Case searches through a running gateway, as its users make them: each of N police users searches
 * their own found case (up to three adult photos of a LAG identity) against the missing side, where
 * the same identities' child photos are registered as missing children among a gallery of synthetic
 * faces written straight into the search service. Prints throughput and p50/p95/p99 latency, and
 * writes them as JSON. The system must run with limits raised for a benchmark (see {@code
 * scripts/case-search-figures.sh}, which starts it).
 *
 * <p>The gallery's faces are random unit vectors of the live space under case references the
 * gateway does not know ({@code bench-gallery-*}), written as a backfill (no standing search): a
 * load for the index, never a candidate (their cosine with any face is near 0). Run it only against
 * a system made for benchmarking.
 */
@Command(
    name = "case-search-bench",
    mixinStandardHelpOptions = true,
    description = {
      "Case searches through a running gateway (made for benchmarking: see"
          + " scripts/case-search-figures.sh): N users each searching their own case, at a gallery"
          + " of synthetic faces; prints throughput and p50/p95/p99 latency."
    })
final class CaseSearchBenchCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int GALLERY_BATCH = 500;

  @Option(names = "--url", description = "The gateway (default ${DEFAULT-VALUE}).")
  String url = "http://127.0.0.1:9120";

  @Option(
      names = "--tokens",
      required = true,
      description =
          "A file of bearer tokens, one a line as KIND TOKEN: one 'caseworker' and one 'verifier'"
              + " (NGO caseworkers of one organisation) and a 'police' token per user.")
  Path tokens;

  @Option(names = "--search", description = "The search service (default ${DEFAULT-VALUE}).")
  String search = "127.0.0.1:9111";

  @Option(names = "--embedder", description = "The embedder (default ${DEFAULT-VALUE}).")
  String embedder = "127.0.0.1:9101";

  @Option(names = "--tls-dir", description = "The internal certificates (default: the launcher's).")
  Path tlsDir;

  @Option(
      names = "--gallery",
      description = "Synthetic faces added to the missing side first (default ${DEFAULT-VALUE}).")
  int gallery = 100_000;

  @Option(names = "--users", description = "Concurrent users (default ${DEFAULT-VALUE}).")
  int users = 20;

  @Option(names = "--seconds", description = "Measured seconds (default ${DEFAULT-VALUE}).")
  int seconds = 60;

  @Option(names = "--warmup", description = "Warm-up seconds (default ${DEFAULT-VALUE}).")
  int warmup = 15;

  @Option(
      names = "--datasets",
      description = "The datasets folder with lag/ (default ${DEFAULT-VALUE}).")
  Path datasets = Path.of("../shared/datasets");

  @Option(
      names = "--search-metrics",
      description =
          "The search service's metrics, read to wait after the gallery until its index has settled"
              + " (background merges done: its CPU under 10%% for 5 s); empty: no wait (default"
              + " ${DEFAULT-VALUE}).")
  String searchMetrics = "http://127.0.0.1:9112/q/metrics";

  @Option(names = "--out", description = "The JSON written (default ${DEFAULT-VALUE}).")
  Path out = Path.of("eval-out/case-search-figures.json");

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final PrintStream err = System.err;

  private record Identity(String subject, Path young, List<Path> adults) {}

  private record UserCase(String token, String caseId, int photos) {}

  @Override
  public Integer call() throws Exception {
    Map<String, List<String>> byKind = readTokens();
    List<String> police = byKind.getOrDefault("police", List.of());
    if (police.size() < users
        || !byKind.containsKey("caseworker")
        || !byKind.containsKey("verifier")) {
      err.println(
          "case-search-bench: --tokens needs a caseworker, a verifier and "
              + users
              + " police tokens");
      return 2;
    }
    Path tls = tlsDir != null ? tlsDir : ServiceChannels.defaultTlsDir();
    ModelRef space = liveSpace(tls);
    long galleryStart = System.nanoTime();
    fillGallery(tls, space);
    double gallerySeconds = (System.nanoTime() - galleryStart) / 1e9;
    double settleSeconds = awaitSettled();

    long foundBefore = foundFaces(tls, space);
    List<UserCase> cases = register(byKind, matchingIdentities(tls));
    int probes = cases.stream().mapToInt(UserCase::photos).sum();
    awaitIndexed(tls, space, foundBefore + probes);

    err.printf("case-search-bench: warming up for %d s%n", warmup);
    run(cases, warmup);
    err.printf("case-search-bench: measuring %d users for %d s%n", users, seconds);
    Measured m = run(cases, seconds);

    long[] sorted = m.latenciesMicros();
    Arrays.sort(sorted);
    ObjectNode figures = JSON.createObjectNode();
    figures.put("users", users);
    figures.put("gallery_synthetic_faces", gallery);
    figures.put("gallery_seconds", Math.round(gallerySeconds * 10) / 10.0);
    figures.put("index_settle_seconds", Math.round(settleSeconds * 10) / 10.0);
    figures.put("probe_photos_per_case_mean", Math.round(100.0 * probes / cases.size()) / 100.0);
    figures.put("searches", sorted.length);
    figures.put("seconds", seconds);
    figures.put("searches_per_second", Math.round(10.0 * sorted.length / seconds) / 10.0);
    figures.put("p50_ms", percentile(sorted, 0.50));
    figures.put("p95_ms", percentile(sorted, 0.95));
    figures.put("p99_ms", percentile(sorted, 0.99));
    figures.put("max_ms", sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1000.0);
    figures.put("candidates_per_search_mean", m.meanCandidates());
    figures.set("failures_by_status", JSON.valueToTree(m.failures()));
    Files.createDirectories(out.toAbsolutePath().getParent());
    JSON.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), figures);
    System.out.printf(
        "case search through the gateway: %d users, %d synthetic + %d registered faces on the"
            + " searched side, %.2f probe photos a case: %d searches in %d s = %.1f/s; p50 %.1f ms,"
            + " p95 %.1f ms, p99 %.1f ms, max %.1f ms; %.1f candidates a search; failures %s%n",
        users,
        gallery,
        cases.size(),
        (double) probes / cases.size(),
        sorted.length,
        seconds,
        (double) sorted.length / seconds,
        percentile(sorted, 0.50),
        percentile(sorted, 0.95),
        percentile(sorted, 0.99),
        sorted.length == 0 ? 0.0 : sorted[sorted.length - 1] / 1000.0,
        m.meanCandidates(),
        m.failures());
    return m.failures().isEmpty() ? 0 : 1;
  }

  private Map<String, List<String>> readTokens() throws IOException {
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
  private static ManagedChannel channel(String hostPort, Path tls) throws ServiceException {
    String[] hp = hostPort.split(":");
    return ServiceChannels.open(hp[0], Integer.parseInt(hp[1]), tls).channel();
  }

  /** The embedder's configured space: the one the gateway searches while none is recorded. */
  private ModelRef liveSpace(Path tls) throws Exception {
    ManagedChannel channel = channel(embedder, tls);
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

  private void fillGallery(Path tls, ModelRef space) throws Exception {
    if (gallery <= 0) {
      return;
    }
    ManagedChannel channel = channel(search, tls);
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
        stub.withDeadlineAfter(5, TimeUnit.MINUTES).upsertFaces(batch.build());
        for (int i = from; i < Math.min(gallery, from + GALLERY_BATCH); i++) {
          progress.step();
        }
      }
    } finally {
      channel.shutdownNow();
    }
  }

  /**
   * Waits until the search service's CPU has stayed under 10% for 5 s (at most 15 min): a bulk load
   * leaves the embedded index merging segments in the background for minutes, and searches measured
   * meanwhile measure the merge. Returns the seconds waited.
   */
  private double awaitSettled() throws InterruptedException {
    if (searchMetrics.isBlank() || gallery <= 0) {
      return 0;
    }
    long start = System.nanoTime();
    long giveUp = start + TimeUnit.MINUTES.toNanos(15);
    int quiet = 0;
    err.println("case-search-bench: waiting for the index to settle (background merges)");
    while (quiet < 5 && System.nanoTime() < giveUp) {
      Thread.sleep(1000);
      double cpu = searchServiceCpu();
      if (cpu < 0) {
        err.println("case-search-bench: the search service's CPU use is not readable; not waiting");
        break;
      }
      quiet = cpu < 0.10 ? quiet + 1 : 0;
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** The search service process's recent CPU use (0..1 of the machine), or -1 when unknown. */
  private double searchServiceCpu() {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(searchMetrics))
                  .timeout(Duration.ofSeconds(10))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      for (String line : r.body().split("\n")) {
        if (line.startsWith("process_cpu_usage")) {
          String sample = line.contains(" # ") ? line.substring(0, line.indexOf(" # ")) : line;
          return Double.parseDouble(sample.substring(sample.lastIndexOf(' ') + 1));
        }
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
    return -1;
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
  private List<Identity> identities() throws IOException {
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
   * Identities whose child photo and first adult photo pass the quality gate and match (cosine at
   * least 0.35 in the live space), so that each search meets a real candidate, as SystemIT picks
   * its identity: a benchmark of the whole path, not of empty answers.
   */
  private List<Identity> matchingIdentities(Path tls) throws Exception {
    ManagedChannel channel = channel(embedder, tls);
    List<Identity> out = new ArrayList<>();
    try {
      var stub = EmbedderServiceGrpc.newBlockingStub(channel);
      for (Identity id : identities()) {
        if (out.size() >= users) {
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

  /**
   * For each user an identity: the child registered as missing (guardian consent, verified by a
   * second caseworker) with the child photo, and the adult as found by that user with up to three
   * adult photos. Photos the quality gate refuses are skipped, and an identity left without a found
   * photo is replaced by the next.
   */
  private List<UserCase> register(Map<String, List<String>> byKind, List<Identity> identities)
      throws Exception {
    String cw = byKind.get("caseworker").get(0);
    String verifier = byKind.get("verifier").get(0);
    List<UserCase> out = new ArrayList<>();
    int next = 0;
    Progress progress = new Progress("cases", users, err);
    while (out.size() < users) {
      if (next >= identities.size()) {
        throw new IllegalStateException(
            "too few LAG identities pass the quality gate with a strong match");
      }
      Identity id = identities.get(next++);
      String police = byKind.get("police").get(out.size());
      JsonNode found =
          json(
              post(
                  police,
                  "IDENTIFICATION",
                  "/api/v1/cases",
                  "{\"side\":\"FOUND\",\"policeCaseNumber\":\"BENCH-"
                      + next
                      + "\",\"subject\":{},"
                      + "\"consent\":{\"basis\":\"STATUTORY_DUTY\",\"givenBy\":\"POLICE\"}}"),
              201);
      String foundCase = found.get("id").asText();
      int enrolled = 0;
      for (Path adult : id.adults()) {
        if (enrol(police, foundCase, adult, "POLICE", "IDENTIFICATION").statusCode() == 201) {
          enrolled++;
        }
      }
      if (enrolled == 0) {
        continue;
      }
      JsonNode missing =
          json(
              post(
                  cw,
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
      // A child's photo is enrolled with the age it shows, as a family would type it.
      json(enrol(cw, missingCase, id.young(), "FAMILY&ageAtPhoto=6", "FAMILY_TRACING"), 201);
      out.add(new UserCase(police, foundCase, enrolled));
      progress.step();
    }
    return out;
  }

  /** Waits until the index holds the registered photos (the gateway's outbox writes them). */
  private void awaitIndexed(Path tls, ModelRef space, long foundFaces) throws Exception {
    long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    long found;
    while ((found = foundFaces(tls, space)) < foundFaces) {
      if (System.nanoTime() > giveUp) {
        throw new IllegalStateException(
            "the index holds " + found + " of " + foundFaces + " found faces after 10 min");
      }
      Thread.sleep(500);
    }
  }

  /** Faces on the found side of the space. */
  private long foundFaces(Path tls, ModelRef space) throws Exception {
    ManagedChannel channel = channel(search, tls);
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

  private record Measured(
      long[] latenciesMicros, double meanCandidates, Map<Integer, Long> failures) {}

  /** Each user searches their own case back to back for {@code secs} seconds. */
  private Measured run(List<UserCase> cases, int secs) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(secs);
    List<Long> latencies = new ArrayList<>();
    AtomicLong candidates = new AtomicLong();
    Map<Integer, Long> failures = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(cases.size());
    try {
      List<Future<List<Long>>> futures = new ArrayList<>();
      for (UserCase c : cases) {
        futures.add(
            pool.submit(
                () -> {
                  List<Long> mine = new ArrayList<>();
                  while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    HttpResponse<String> r =
                        post(
                            c.token(),
                            "IDENTIFICATION",
                            "/api/v1/cases/" + c.caseId() + "/searches",
                            "");
                    long micros = (System.nanoTime() - start) / 1000;
                    if (r.statusCode() == 200) {
                      mine.add(micros);
                      candidates.addAndGet(JSON.readTree(r.body()).path("candidates").size());
                    } else {
                      failures.merge(r.statusCode(), 1L, Long::sum);
                    }
                  }
                  return mine;
                }));
      }
      for (Future<List<Long>> f : futures) {
        latencies.addAll(f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    long[] out = latencies.stream().mapToLong(Long::longValue).toArray();
    return new Measured(
        out,
        out.length == 0 ? 0 : Math.round(10.0 * candidates.get() / out.length) / 10.0,
        new TreeMap<>(failures));
  }

  private static double percentile(long[] sortedMicros, double p) {
    if (sortedMicros.length == 0) {
      return 0;
    }
    int i = (int) Math.ceil(p * sortedMicros.length) - 1;
    return Math.round(sortedMicros[Math.max(0, i)] / 100.0) / 10.0;
  }

  private HttpResponse<String> post(String token, String purpose, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + path))
            .timeout(Duration.ofMinutes(2))
            .header("Authorization", "Bearer " + token)
            .header("Homeward-Purpose", purpose);
    if (body.isEmpty()) {
      b.POST(HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> enrol(
      String token, String caseId, Path image, String source, String purpose)
      throws IOException, InterruptedException {
    String name = image.getFileName().toString().toLowerCase();
    return http.send(
        HttpRequest.newBuilder(
                URI.create(
                    url.replaceAll("/+$", "")
                        + "/api/v1/cases/"
                        + caseId
                        + "/photos?source="
                        + source))
            .timeout(Duration.ofMinutes(2))
            .header("Authorization", "Bearer " + token)
            .header("Homeward-Purpose", purpose)
            .header("Content-Type", name.endsWith(".png") ? "image/png" : "image/jpeg")
            .POST(HttpRequest.BodyPublishers.ofFile(image))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r, int expected) throws IOException {
    if (r.statusCode() != expected) {
      throw new IllegalStateException(
          "the gateway answered " + r.statusCode() + " (expected " + expected + "): " + r.body());
    }
    return JSON.readTree(r.body());
  }
}
