package io.homeward.tools.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.homeward.proto.search.v1.ModelRef;
import io.homeward.tools.cli.BenchSystem.Identity;
import io.homeward.tools.cli.BenchSystem.UserCase;
import io.homeward.tools.cli.LoadMix.Action;
import io.homeward.tools.cli.LoadStats.Sample;
import io.homeward.tools.cli.LoadStats.StepFigures;
import io.homeward.tools.cli.LoadStats.TypeFigures;
import io.homeward.tools.cli.ResourceSampler.Snapshot;
import io.homeward.tools.cli.ResourceSampler.Usage;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A load generator for a running system, with the mix of what its users do: police and caseworkers
 * searching their cases and opening photos, face examiners reviewing the pairs the search raised,
 * police enrolling found people's photos. Open loop: actions arrive at a set rate whatever the
 * answers (a closed loop would slow down with the system and hide its queue), in steps of rising
 * rate until the system breaks (p99 over the limit, or more than 1% of requests failing), then a
 * few steps past it to show what it answers there. Optionally a long soak at one rate, following
 * each process's heap and resident memory. Prints per step and request type the throughput and
 * p50/p99, and each process's CPU; writes JSON and plots.
 *
 * <p>The system must run with the daily limits raised for a benchmark ({@code scripts/load.sh}
 * starts it so); a gallery of synthetic faces fills the index first, as in {@code
 * case-search-bench}.
 */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    description = {
      "Load through a running gateway (made for benchmarking: see scripts/load.sh): a mix of"
          + " searches, photo views, reviews and enrolments arriving at rising rates until p99 or"
          + " the error rate breaks; prints throughput and p50/p99 per request type, CPU per"
          + " process and what the system answers past its knee; optionally a memory soak."
    })
final class LoadCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = BenchSystem.JSON;
  private static final int PHOTOS_PER_INTAKE_CASE = 20;
  private static final int VIEWABLE_MAX = 5000;

  @Option(
      names = "--tokens",
      required = true,
      description =
          "A file of bearer tokens, one a line as KIND TOKEN: a 'caseworker' and a 'verifier' (NGO"
              + " caseworkers of one organisation), 'police' tokens (one case each) and"
              + " 'examiner' tokens (face examiners of --examiner-org).")
  Path tokens;

  @Option(
      names = "--examiner-org",
      description =
          "The examiners' organisation, assigned to every missing child's case (default"
              + " ${DEFAULT-VALUE}).")
  String examinerOrg = "bench-forensics";

  @Option(
      names = "--gallery",
      description =
          "Synthetic faces added to the missing side before the run (default ${DEFAULT-VALUE}).")
  int gallery = 1_000;

  @Option(
      names = "--fill-only",
      description =
          "Only add the gallery and wait for the index to settle, then stop: a large index can be"
              + " filled while something else runs, and measured later with --gallery 0.")
  boolean fillOnly;

  @Option(
      names = "--label",
      description = "The run's name in the report and file names (default: the gallery size).")
  String label;

  @Option(names = "--mix", description = "Weights of the actions (default ${DEFAULT-VALUE}).")
  String mix = LoadMix.DEFAULT;

  @Option(
      names = "--start-rate",
      description = "Actions a second at the first step (default ${DEFAULT-VALUE}).")
  double startRate = 2;

  @Option(
      names = "--growth",
      description = "Each step's rate over the previous (default ${DEFAULT-VALUE}).")
  double growth = 1.5;

  @Option(names = "--step-seconds", description = "Seconds per step (default ${DEFAULT-VALUE}).")
  int stepSeconds = 30;

  @Option(names = "--max-rate", description = "No step above this rate (default ${DEFAULT-VALUE}).")
  double maxRate = 500;

  @Option(
      names = "--steps-past-knee",
      description = "Steps run after the first broken one (default ${DEFAULT-VALUE}).")
  int stepsPastKnee = 2;

  @Option(
      names = "--p99-limit-ms",
      description =
          "A step breaks when a request type's p99 passes this (default ${DEFAULT-VALUE}).")
  double p99LimitMs = 2000;

  @Option(
      names = "--max-failed",
      description =
          "A step breaks when more than this share of requests fail: 5xx, timeout, broken"
              + " connection (default ${DEFAULT-VALUE}).")
  double maxFailed = 0.01;

  @Option(
      names = "--timeout-seconds",
      description = "The client's timeout per request (default ${DEFAULT-VALUE}).")
  int timeoutSeconds = 30;

  @Option(
      names = "--max-in-flight",
      description =
          "Actions in flight at most; past it the client drops (default ${DEFAULT-VALUE}).")
  int maxInFlight = 400;

  @Option(
      names = "--warmup",
      description = "Warm-up seconds at the start rate (default ${DEFAULT-VALUE}).")
  int warmup = 20;

  @Option(
      names = "--soak-seconds",
      description =
          "After the ramp, a soak at one rate this long; 0: none (default ${DEFAULT-VALUE}).")
  int soakSeconds = 0;

  @Option(
      names = "--soak-rate",
      description = "The soak's rate; 0: 1.5 times the knee, past it (default ${DEFAULT-VALUE}).")
  double soakRate = 0;

  @Option(
      names = "--enrol-images",
      description =
          "LAG adult photos that pass the quality gate, enrolled in turn (default ${DEFAULT-VALUE}).")
  int enrolImages = 150;

  @Option(
      names = "--gateway-metrics",
      description = "The gateway's metrics, read for its heap (default ${DEFAULT-VALUE}).")
  String gatewayMetrics = "http://127.0.0.1:9121/q/metrics";

  @Option(
      names = "--embedder-metrics",
      description = "The embedder's metrics, read for its heap (default ${DEFAULT-VALUE}).")
  String embedderMetrics = "http://127.0.0.1:9102/q/metrics";

  @Option(
      names = "--seed",
      description = "Seeds the arrivals and choices (default ${DEFAULT-VALUE}).")
  long seed = 17;

  @Option(names = "--out", description = "The folder written (default ${DEFAULT-VALUE}).")
  Path out = Path.of("eval-out/load");

  @Mixin SystemOptions where = new SystemOptions();

  private final PrintStream err = System.err;
  private BenchSystem system;
  private LoadMix actions;
  private List<UserCase> cases;
  private String caseworker;
  private List<String> examiners;
  private List<Path> enrolPool;
  private final AtomicInteger nextEnrolImage = new AtomicInteger();
  private final List<Viewable> viewable = new CopyOnWriteArrayList<>();
  private final Set<String> viewableIds = ConcurrentHashMap.newKeySet();
  private final Map<String, Intake> intake = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile List<Sample> sink = Collections.synchronizedList(new ArrayList<>());
  private ExecutorService pool;
  private ResourceSampler sampler;

  /** A photo a user may open, with that user's token and purpose. */
  private record Viewable(String token, String purpose, String photoId) {}

  /** The intake case a police user enrols into now, and how many photos it has. */
  private static final class Intake {
    String caseId;
    int photos;
  }

  /** A step's measured figures with the CPU and memory it cost. */
  private record Step(StepFigures figures, Usage usage, Snapshot end) {}

  @Override
  public Integer call() throws Exception {
    actions = LoadMix.parse(mix);
    if (startRate <= 0 || growth <= 1 || stepSeconds < 5 || maxInFlight < 1) {
      err.println(
          "load: --start-rate > 0, --growth > 1, --step-seconds >= 5, --max-in-flight >= 1");
      return 2;
    }
    String name = label != null ? label : faces(gallery);
    Map<String, List<String>> byKind = BenchSystem.readTokens(tokens);
    List<String> police = byKind.getOrDefault("police", List.of());
    examiners = byKind.getOrDefault("examiner", List.of());
    if (police.isEmpty()
        || !byKind.containsKey("caseworker")
        || !byKind.containsKey("verifier")
        || (actions.includes(Action.REVIEW) && examiners.isEmpty())) {
      err.println(
          "load: --tokens needs a caseworker, a verifier, police tokens and (for reviews)"
              + " examiner tokens");
      return 2;
    }
    caseworker = byKind.get("caseworker").get(0);
    system = where.open(err);
    sampler = sampler();
    err.println("load: following " + sampler.pids().keySet());

    ModelRef space = system.liveSpace();
    long galleryStart = System.nanoTime();
    system.fillGallery(space, gallery);
    double gallerySeconds = (System.nanoTime() - galleryStart) / 1e9;
    if (gallery > 0) {
      system.awaitSettled("load");
      awaitMilvusQuiet();
    }
    if (fillOnly) {
      System.out.printf(
          Locale.ROOT, "load: %d synthetic faces added in %.0f s%n", gallery, gallerySeconds);
      return 0;
    }
    List<Identity> all = BenchSystem.identities(where.datasets);
    cases =
        system.register(
            caseworker,
            byKind.get("verifier").get(0),
            police,
            system.matchingIdentities(all, police.size()),
            examinerOrg);
    system.awaitPhotosIndexed(cases);
    for (UserCase c : cases) {
      for (String photo : c.foundPhotos()) {
        addViewable(c.token(), "IDENTIFICATION", photo);
      }
    }
    enrolPool = enrolPool(all);
    awaitReviewItems();

    pool = Executors.newCachedThreadPool();
    try {
      err.printf(Locale.ROOT, "load: warming up at %.1f actions/s for %d s%n", startRate, warmup);
      runStep(startRate, warmup);

      List<Step> steps = new ArrayList<>();
      int firstBroken = -1;
      double rate = startRate;
      while (rate <= maxRate) {
        Step s = runStep(rate, stepSeconds);
        steps.add(s);
        print(s);
        if (!s.figures().held() && firstBroken < 0) {
          firstBroken = steps.size() - 1;
        }
        if (firstBroken >= 0 && steps.size() - 1 - firstBroken >= stepsPastKnee) {
          break;
        }
        rate *= growth;
      }
      Step knee =
          firstBroken > 0 ? steps.get(firstBroken - 1) : firstBroken < 0 ? last(steps) : null;
      Soak soak = null;
      if (soakSeconds > 0) {
        double r =
            soakRate > 0
                ? soakRate
                : 1.5 * (knee != null ? knee.figures().offeredPerSecond() : startRate);
        soak = soak(r);
      }
      report(name, gallerySeconds, steps, firstBroken, knee, soak);
    } finally {
      pool.shutdownNow();
    }
    return 0;
  }

  private static Step last(List<Step> steps) {
    return steps.isEmpty() ? null : steps.get(steps.size() - 1);
  }

  static String faces(int n) {
    if (n >= 1_000_000 && n % 1_000_000 == 0) {
      return n / 1_000_000 + "M";
    }
    if (n >= 1_000 && n % 1_000 == 0) {
      return n / 1_000 + "k";
    }
    return Integer.toString(n);
  }

  private ResourceSampler sampler() {
    Map<String, Long> pids = new LinkedHashMap<>();
    Map<String, String> needles = new LinkedHashMap<>();
    needles.put("gateway", "consent-gateway/target/quarkus-app");
    needles.put("embedder", "embedder/target/quarkus-app");
    needles.put("search", "search-service/target/quarkus-app");
    needles.put("milvus", "milvus run standalone");
    needles.put("postgres", "bin/postgres ");
    needles.forEach((k, needle) -> ResourceSampler.pidOf(needle).ifPresent(p -> pids.put(k, p)));
    pids.put("load", ProcessHandle.current().pid());
    Map<String, String> metrics = new LinkedHashMap<>();
    metrics.put("gateway", gatewayMetrics);
    metrics.put("embedder", embedderMetrics);
    metrics.put("search", where.searchMetrics);
    metrics.values().removeIf(String::isBlank);
    return new ResourceSampler(
        pids, metrics, address -> system.metric(address, "jvm_memory_used_bytes{area=\"heap\""));
  }

  /**
   * With the index on a Milvus server on this machine: waits (at most 30 min) until its CPU has
   * stayed under 0.15 cores for 10 s. After a bulk load Milvus seals segments and builds their HNSW
   * graphs for minutes, and requests measured meanwhile would measure that.
   */
  private void awaitMilvusQuiet() throws InterruptedException {
    if (!sampler.pids().containsKey("milvus")) {
      return;
    }
    err.println(
        "load: waiting for Milvus to finish sealing and indexing (its CPU under 0.15 cores)");
    long start = System.nanoTime();
    long giveUp = start + TimeUnit.MINUTES.toNanos(30);
    int quiet = 0;
    Snapshot before = sampler.snapshot();
    while (quiet < 10 && System.nanoTime() < giveUp) {
      Thread.sleep(1000);
      Snapshot now = sampler.snapshot();
      double cores =
          ResourceSampler.between(before, now).processCores().getOrDefault("milvus", 0.0);
      before = now;
      quiet = cores < 0.15 ? quiet + 1 : 0;
    }
    err.printf(Locale.ROOT, "load: Milvus quiet after %.0f s%n", (System.nanoTime() - start) / 1e9);
  }

  /**
   * Adult LAG photos that the quality gate takes, from the end of the manifest: the registered
   * identities come from its start, so an enrolled photo is never one of a searched case.
   */
  private List<Path> enrolPool(List<Identity> all) throws Exception {
    List<Path> candidates = new ArrayList<>();
    for (int i = all.size() - 1; i >= all.size() / 2; i--) {
      candidates.addAll(all.get(i).adults());
    }
    err.println("load: choosing " + enrolImages + " photos for enrolment");
    List<Path> chosen = system.passingImages(candidates, enrolImages);
    if (chosen.isEmpty() && actions.includes(Action.ENROL)) {
      throw new IllegalStateException("no LAG photo passed the quality gate for enrolment");
    }
    return chosen;
  }

  /**
   * Waits (at most 2 min) until an examiner sees a review item: the standing search raised them.
   */
  private void awaitReviewItems() throws Exception {
    if (!actions.includes(Action.REVIEW)) {
      return;
    }
    long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (System.nanoTime() < giveUp) {
      HttpResponse<String> r =
          system.get(examiners.get(0), "CANDIDATE_VERIFICATION", "/api/v1/reviews?limit=1");
      if (r.statusCode() == 200 && JSON.readTree(r.body()).size() > 0) {
        return;
      }
      Thread.sleep(1000);
    }
    err.println("load: no review item reached the examiners in 2 min; reviews see an empty queue");
  }

  private void addViewable(String token, String purpose, String photoId) {
    if (viewable.size() < VIEWABLE_MAX && viewableIds.add(photoId)) {
      viewable.add(new Viewable(token, purpose, photoId));
    }
  }

  /**
   * Sends actions at {@code rate} a second for {@code seconds} (exponential gaps: arrivals of
   * independent users), then waits for those in flight. Returns what was measured.
   */
  private Step runStep(double rate, int seconds) throws InterruptedException {
    List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
    sink = samples;
    Snapshot before = sampler.snapshot();
    int[] counts = send(rate, seconds);
    Snapshot after = sampler.snapshot();
    drain();
    StepFigures f =
        LoadStats.summarise(
            Math.round(rate * 100) / 100.0,
            seconds,
            counts[0],
            counts[1],
            List.copyOf(samples),
            p99LimitMs,
            maxFailed);
    return new Step(f, ResourceSampler.between(before, after), after);
  }

  /** Sends at {@code rate} for {@code seconds}; returns actions sent and dropped. */
  private int[] send(double rate, int seconds) throws InterruptedException {
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    long next = start;
    int sent = 0;
    int dropped = 0;
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (true) {
      next += (long) (-Math.log(1 - random.nextDouble()) / rate * 1e9);
      if (next >= end) {
        break;
      }
      long wait = next - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      if (inFlight.get() >= maxInFlight) {
        dropped++;
        continue;
      }
      Action a = actions.pick(random.nextDouble());
      inFlight.incrementAndGet();
      sent++;
      pool.execute(
          () -> {
            try {
              act(a);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } catch (Exception e) {
              // a malformed answer: the failed request was counted where it was sent
            } finally {
              inFlight.decrementAndGet();
            }
          });
    }
    long left = end - System.nanoTime();
    if (left > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
    return new int[] {sent, dropped};
  }

  /** Waits until no action is in flight (at most the client timeout and a margin, per request). */
  private void drain() throws InterruptedException {
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(4L * timeoutSeconds + 10);
    while (inFlight.get() > 0 && System.nanoTime() < giveUp) {
      Thread.sleep(50);
    }
  }

  private void act(Action a) throws Exception {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    UserCase c = cases.get(random.nextInt(cases.size()));
    switch (a) {
      case SEARCH -> search(c, random);
      case IMAGE -> {
        if (viewable.isEmpty()) {
          return;
        }
        Viewable v = viewable.get(random.nextInt(viewable.size()));
        timed(
            "image",
            system
                .request(
                    v.token(), v.purpose(), "/api/v1/photos/" + v.photoId() + "/image", timeout())
                .GET()
                .build(),
            false);
      }
      case REVIEW -> review(random);
      case ENROL -> enrol(c);
    }
  }

  private Duration timeout() {
    return Duration.ofSeconds(timeoutSeconds);
  }

  /** Police search their found person's case (7 in 10), or the caseworker the child's case. */
  private void search(UserCase c, ThreadLocalRandom random) throws Exception {
    boolean police = random.nextInt(10) < 7;
    String path = "/api/v1/cases/" + (police ? c.foundCase() : c.missingCase()) + "/searches";
    HttpResponse<String> r =
        timed(
            "search",
            system
                .request(
                    police ? c.token() : caseworker,
                    police ? "IDENTIFICATION" : "FAMILY_TRACING",
                    path,
                    timeout())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            true);
    if (police && r != null && r.statusCode() == 200) {
      for (JsonNode candidate : JSON.readTree(r.body()).path("candidates")) {
        if (candidate.hasNonNull("photoId")) {
          addViewable(c.token(), "IDENTIFICATION", candidate.get("photoId").asText());
        }
      }
    }
  }

  /** An examiner opens the queue, one item of it, and the item's two aligned faces. */
  private void review(ThreadLocalRandom random) throws Exception {
    String examiner = examiners.get(random.nextInt(examiners.size()));
    String purpose = "CANDIDATE_VERIFICATION";
    HttpResponse<String> queue =
        timed(
            "review-queue",
            system.request(examiner, purpose, "/api/v1/reviews?limit=20", timeout()).GET().build(),
            true);
    if (queue == null || queue.statusCode() != 200) {
      return;
    }
    JsonNode items = JSON.readTree(queue.body());
    if (items.size() == 0) {
      return;
    }
    String id = items.get(random.nextInt(items.size())).get("id").asText();
    HttpResponse<String> item =
        timed(
            "review-item",
            system.request(examiner, purpose, "/api/v1/reviews/" + id, timeout()).GET().build(),
            false);
    if (item == null || item.statusCode() != 200) {
      return;
    }
    for (String side : List.of("missing", "found")) {
      timed(
          "review-face",
          system
              .request(examiner, purpose, "/api/v1/reviews/" + id + "/faces/" + side, timeout())
              .GET()
              .build(),
          false);
    }
  }

  /** A police user enrols the next photo into their intake case (a new one every 20 photos). */
  private void enrol(UserCase c) throws Exception {
    String caseId;
    Intake in = intake.computeIfAbsent(c.token(), t -> new Intake());
    synchronized (in) {
      if (in.caseId == null || in.photos >= PHOTOS_PER_INTAKE_CASE) {
        HttpResponse<String> r =
            timed(
                "case-register",
                system
                    .request(c.token(), "IDENTIFICATION", "/api/v1/cases", timeout())
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"side\":\"FOUND\",\"policeCaseNumber\":\"LOAD-"
                                + UUID.randomUUID()
                                + "\",\"subject\":{},\"consent\":{\"basis\":\"STATUTORY_DUTY\","
                                + "\"givenBy\":\"POLICE\"}}"))
                    .build(),
                true);
        if (r == null || r.statusCode() != 201) {
          return;
        }
        in.caseId = JSON.readTree(r.body()).get("id").asText();
        in.photos = 0;
      }
      in.photos++;
      caseId = in.caseId;
    }
    Path image = enrolPool.get(Math.floorMod(nextEnrolImage.getAndIncrement(), enrolPool.size()));
    HttpRequest request =
        HttpRequest.newBuilder(
                system.enrolment(c.token(), caseId, image, "POLICE", "IDENTIFICATION", timeout()),
                (n, v) -> true)
            .header("Idempotency-Key", UUID.randomUUID().toString())
            .build();
    timed("enrol", request, false);
  }

  /**
   * Sends one request and records it in the current step: its status (or a timeout, or a broken
   * connection), its latency, and whether a failure said when to retry. Returns the answer with its
   * body when {@code keepBody}, or null when none came.
   */
  private HttpResponse<String> timed(String type, HttpRequest request, boolean keepBody)
      throws InterruptedException {
    long start = System.nanoTime();
    try {
      HttpResponse<String> r =
          keepBody
              ? system.http().send(request, HttpResponse.BodyHandlers.ofString())
              : system.http().send(request, HttpResponse.BodyHandlers.replacing((String) null));
      long micros = (System.nanoTime() - start) / 1000;
      sink.add(
          new Sample(
              type, r.statusCode(), micros, r.headers().firstValue("Retry-After").isPresent()));
      return r;
    } catch (HttpTimeoutException e) {
      sink.add(new Sample(type, LoadStats.TIMEOUT, (System.nanoTime() - start) / 1000, false));
    } catch (ConnectException e) {
      sink.add(new Sample(type, LoadStats.IO_ERROR, (System.nanoTime() - start) / 1000, false));
    } catch (IOException e) {
      sink.add(new Sample(type, LoadStats.IO_ERROR, (System.nanoTime() - start) / 1000, false));
    }
    return null;
  }

  /** The soak's windows: per window, what was answered and what each process held. */
  private record Soak(double rate, int seconds, List<SoakWindow> windows, StepFigures all) {}

  private record SoakWindow(
      double minute, double okPerSecond, double failedPerSecond, double p99Ms, Snapshot at) {}

  /**
   * Runs at one rate for {@code soakSeconds}, reading every process's heap and resident memory and
   * the answers every 10 s.
   */
  private Soak soak(double rate) throws InterruptedException {
    err.printf(Locale.ROOT, "load: soak at %.1f actions/s for %d s%n", rate, soakSeconds);
    List<Sample> all = Collections.synchronizedList(new ArrayList<>());
    List<SoakWindow> windows = new CopyOnWriteArrayList<>();
    long start = System.nanoTime();
    Thread monitor =
        new Thread(
            () -> {
              int window = 10;
              try {
                while (!Thread.currentThread().isInterrupted()) {
                  List<Sample> current = Collections.synchronizedList(new ArrayList<>());
                  sink = current;
                  Thread.sleep(window * 1000L);
                  List<Sample> done = List.copyOf(current);
                  all.addAll(done);
                  TypeFigures f = LoadStats.figures("all", done, window);
                  Snapshot at = sampler.snapshot();
                  SoakWindow w =
                      new SoakWindow(
                          Math.round((at.nanos() - start) / 6e9) / 10.0,
                          f.okPerSecond(),
                          Math.round(10.0 * f.failed() / window) / 10.0,
                          f.p99Ms(),
                          at);
                  windows.add(w);
                  if (windows.size() % 6 == 0) {
                    err.printf(
                        Locale.ROOT,
                        "load: soak %.1f min: ok %.1f/s, failed %.1f/s, p99 %.0f ms, %s%n",
                        w.minute(),
                        w.okPerSecond(),
                        w.failedPerSecond(),
                        w.p99Ms(),
                        memory(at));
                  }
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "soak-monitor");
    monitor.setDaemon(true);
    monitor.start();
    int[] counts = send(rate, soakSeconds);
    monitor.interrupt();
    monitor.join();
    drain();
    StepFigures f =
        LoadStats.summarise(
            rate, soakSeconds, counts[0], counts[1], List.copyOf(all), p99LimitMs, maxFailed);
    return new Soak(rate, soakSeconds, List.copyOf(windows), f);
  }

  private static String memory(Snapshot at) {
    StringBuilder b = new StringBuilder();
    at.processes()
        .forEach(
            (name, r) -> {
              if (b.length() > 0) {
                b.append(", ");
              }
              b.append(name).append(" RSS ").append(mib(r.rssBytes()));
              if (r.heapBytes() >= 0) {
                b.append(" heap ").append(mib(r.heapBytes()));
              }
            });
    return b.toString();
  }

  private static String mib(long bytes) {
    return bytes < 0 ? "?" : (bytes >> 20) + " MiB";
  }

  private void print(Step s) {
    StepFigures f = s.figures();
    StringBuilder types = new StringBuilder();
    for (TypeFigures t : f.types()) {
      types.append(
          String.format(
              Locale.ROOT,
              "%n    %-13s %6.1f ok/s  p50 %7.1f ms  p99 %7.1f ms  %s",
              t.type(),
              t.okPerSecond(),
              t.p50Ms(),
              t.p99Ms(),
              t.statuses()));
    }
    System.out.printf(
        Locale.ROOT,
        "offered %6.1f actions/s: %5.1f ok requests/s, failed %.1f%%, %s; CPU machine %.0f%% of %d"
            + " cores %s%s%n",
        f.offeredPerSecond(),
        f.okPerSecond(),
        100 * f.failedShare(),
        f.held() ? "held" : "BROKEN (" + f.broken() + ")",
        100 * s.usage().machineBusy(),
        s.usage().cores(),
        s.usage().processCores(),
        types);
  }

  /** The first resource to saturate at the first broken step, in words. */
  static String saturated(Usage usage, StepFigures broken) {
    String busiest = usage.busiest();
    double cores = usage.processCores().getOrDefault(busiest, 0.0);
    if (usage.machineBusy() >= 0.9) {
      return String.format(
          Locale.ROOT,
          "CPU: the machine %.0f%% busy; the %s used the most (%.2f of %d cores)",
          100 * usage.machineBusy(),
          busiest,
          cores,
          usage.cores());
    }
    Map<String, Integer> failures = new LinkedHashMap<>();
    for (TypeFigures t : broken.types()) {
      t.statuses()
          .forEach(
              (status, n) -> {
                if (!status.startsWith("2") && !status.startsWith("4")) {
                  failures.merge(t.type() + " " + status, n, Integer::sum);
                }
              });
    }
    return String.format(
        Locale.ROOT,
        "not the CPU (machine %.0f%% busy; %s used the most, %.2f cores): %s, failures %s",
        100 * usage.machineBusy(),
        busiest,
        cores,
        broken.broken(),
        failures);
  }

  private void report(
      String name, double gallerySeconds, List<Step> steps, int firstBroken, Step knee, Soak soak)
      throws IOException {
    ObjectNode r = JSON.createObjectNode();
    r.put("label", name);
    r.put("gallery_synthetic_faces", gallery);
    r.put("gallery_seconds", Math.round(gallerySeconds));
    r.put("registered_cases", cases.size());
    r.put("mix", actions.toString());
    r.put("step_seconds", stepSeconds);
    r.put("p99_limit_ms", p99LimitMs);
    r.put("max_failed_share", maxFailed);
    r.put("client_timeout_seconds", timeoutSeconds);
    ArrayNode stepsJson = r.putArray("steps");
    for (Step s : steps) {
      stepsJson.add(stepJson(s));
    }
    String kneeText;
    if (knee == null) {
      kneeText = "the first step already broke: start lower (--start-rate)";
    } else {
      r.set("knee", stepJson(knee));
      kneeText =
          String.format(
              Locale.ROOT,
              "%.1f actions/s = %.1f ok requests/s (%s)",
              knee.figures().offeredPerSecond(),
              knee.figures().okPerSecond(),
              firstBroken < 0 ? "nothing broke up to --max-rate" : "the last step that held");
    }
    String saturatedText = "";
    if (firstBroken >= 0) {
      Step broken = steps.get(firstBroken);
      saturatedText = saturated(broken.usage(), broken.figures());
      r.put("first_broken_rate", broken.figures().offeredPerSecond());
      r.put("first_broken_because", broken.figures().broken());
      r.put("first_saturated", saturatedText);
      ObjectNode past = r.putObject("past_knee");
      Map<String, Integer> statuses = new java.util.TreeMap<>();
      int failed = 0;
      int withRetryAfter = 0;
      double worstP99 = 0;
      for (Step s : steps.subList(firstBroken, steps.size())) {
        for (TypeFigures t : s.figures().types()) {
          t.statuses().forEach((k, v) -> statuses.merge(k, v, Integer::sum));
          failed += t.failed();
          withRetryAfter += t.failedWithRetryAfter();
          worstP99 = Math.max(worstP99, t.p99Ms());
        }
      }
      past.set("statuses", JSON.valueToTree(statuses));
      past.put("failed", failed);
      past.put("failed_with_retry_after", withRetryAfter);
      past.put("timeouts", statuses.getOrDefault("timeout", 0));
      past.put("worst_ok_p99_ms", worstP99);
    }
    if (soak != null) {
      r.set("soak", soakJson(soak));
    }
    Files.createDirectories(out);
    Path json = out.resolve("load-" + name + ".json");
    JSON.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), r);
    LoadPlots.ramp(
        name,
        steps.stream().map(Step::figures).toList(),
        out.resolve("load-" + name + "-ramp.png"));
    if (soak != null) {
      LoadPlots.soak(
          name,
          soak.windows().stream().map(SoakWindow::minute).toList(),
          soak.windows().stream().map(SoakWindow::at).toList(),
          out.resolve("load-" + name + "-soak.png"));
    }
    System.out.printf(Locale.ROOT, "%nload %s (%s): knee at %s%n", name, actions, kneeText);
    if (knee != null) {
      for (TypeFigures t : knee.figures().types()) {
        System.out.printf(
            Locale.ROOT,
            "  at the knee %-13s %6.1f ok/s  p50 %7.1f ms  p99 %7.1f ms%n",
            t.type(),
            t.okPerSecond(),
            t.p50Ms(),
            t.p99Ms());
      }
    }
    if (firstBroken >= 0) {
      System.out.println("  first to saturate: " + saturatedText);
      System.out.println("  past the knee: " + r.get("past_knee"));
    }
    if (soak != null) {
      System.out.println("  soak: " + r.get("soak").get("summary"));
    }
    System.out.println("  written: " + json + " and its plots");
  }

  private ObjectNode stepJson(Step s) {
    ObjectNode n = JSON.valueToTree(s.figures());
    n.put("held", s.figures().held());
    n.set("cpu", JSON.valueToTree(s.usage()));
    n.put("memory_at_end", memory(s.end()));
    return n;
  }

  private ObjectNode soakJson(Soak soak) {
    ObjectNode n = JSON.createObjectNode();
    n.put("rate", soak.rate());
    n.put("seconds", soak.seconds());
    n.set("figures", JSON.valueToTree(soak.all()));
    ArrayNode windows = n.putArray("windows");
    for (SoakWindow w : soak.windows()) {
      ObjectNode o = windows.addObject();
      o.put("minute", w.minute());
      o.put("ok_per_second", w.okPerSecond());
      o.put("failed_per_second", w.failedPerSecond());
      o.put("p99_ms", w.p99Ms());
      w.at()
          .processes()
          .forEach(
              (name, p) -> {
                o.put(name + "_rss_mib", p.rssBytes() >> 20);
                if (p.heapBytes() >= 0) {
                  o.put(name + "_heap_mib", p.heapBytes() >> 20);
                }
              });
    }
    ObjectNode summary = n.putObject("summary");
    List<SoakWindow> ws = soak.windows();
    if (!ws.isEmpty()) {
      SoakWindow first = ws.get(0);
      SoakWindow mid = ws.get(ws.size() / 2);
      SoakWindow end = ws.get(ws.size() - 1);
      for (String name : first.at().processes().keySet()) {
        long max =
            ws.stream().mapToLong(w -> w.at().processes().get(name).rssBytes()).max().orElse(-1);
        long heapMax =
            ws.stream().mapToLong(w -> w.at().processes().get(name).heapBytes()).max().orElse(-1);
        String line =
            String.format(
                Locale.ROOT,
                "RSS %d MiB at %.1f min, %d MiB at %.1f min, %d MiB at the end (max %d MiB)%s",
                first.at().processes().get(name).rssBytes() >> 20,
                first.minute(),
                mid.at().processes().get(name).rssBytes() >> 20,
                mid.minute(),
                end.at().processes().get(name).rssBytes() >> 20,
                max >> 20,
                heapMax >= 0 ? "; heap max " + (heapMax >> 20) + " MiB" : "");
        summary.put(name, line);
      }
      summary.put(
          "answers",
          String.format(
              Locale.ROOT,
              "%.1f ok requests/s, %.1f%% failed, worst p99 %.0f ms (%s)",
              soak.all().okPerSecond(),
              100 * soak.all().failedShare(),
              soak.all().worstP99Ms(),
              soak.all().worstType()));
    }
    return n;
  }
}
