package io.homeward.gateway.attack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.homeward.gateway.attack.RunningSystem.Db;
import io.homeward.gateway.attack.RunningSystem.Service;
import io.homeward.gateway.support.InternalChannels;
import io.homeward.proto.search.v1.GetStatsRequest;
import io.homeward.proto.search.v1.GetStatsResponse;
import io.homeward.proto.search.v1.SearchServiceGrpc;
import io.homeward.proto.search.v1.SpaceStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Issue 17's crash campaign: the packaged system as {@code ./homeward serve} runs it (embedder,
 * search service with its embedded index, gateway; on H2 or PostgreSQL), enrolling a stream of real
 * photos from several concurrent clients while one process at a time is killed with SIGKILL at a
 * random moment and started again. Then it counts, against what the clients were told:
 *
 * <ul>
 *   <li>acknowledged enrolments lost (a 201 or 200 whose photo is not stored);
 *   <li>enrolments stored twice, or stored though no answer said so (every client sends an {@code
 *       Idempotency-Key} and repeats a request whose answer it lost until it gets one);
 *   <li>live photos without a vector and vectors without a live photo, once the outbox has drained
 *       and the reconciler has run (the index's count per side against the database's);
 *   <li>encrypted images without a photo row and rows without their image;
 *   <li>whether the audit chain verifies;
 *   <li>the time from each kill until the process is ready again, and until an enrolment sent after
 *       the kill is acknowledged (p50 and p99).
 * </ul>
 *
 * Run it as {@code scripts/crash-campaign.sh} (100 kills and PostgreSQL's own process among the
 * targets) or as {@link CrashCampaignIT} (10 kills, in the README's test command).
 */
public final class CrashCampaign {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Photos with one clear face each ({@code ../shared/fixtures/people}). */
  private static final List<String> PHOTOS =
      List.of(
          "people/obama_obama.jpg",
          "people/obama_obama2.jpg",
          "people/biden_biden.jpg",
          "people/biden_biden2.jpg",
          "people/kit_harington_john1.jpeg",
          "people/rose_leslie_img1.jpg",
          "people/rose_leslie_img2.jpg",
          "people/alex_lacamoire_img1.jpg");

  /** The outbox fails the campaign when it acknowledges nothing for this long with rows pending. */
  private static final Duration STALL = Duration.ofSeconds(60);

  /** The longest the campaign waits for the outbox to drain after the last kill. */
  private static final Duration DRAIN_LIMIT = Duration.ofMinutes(15);

  /** How long a client repeats one enrolment before it gives up (reported as unresolved). */
  private static final Duration GIVE_UP = Duration.ofMinutes(3);

  /** What the campaign kills, besides the system's own services. */
  public enum Target {
    EMBEDDER,
    SEARCH,
    GATEWAY,
    /** The PostgreSQL server's postmaster (the gateway on PostgreSQL only). */
    POSTGRES,
    /** The Milvus server, launcher and standalone server together (the index on Milvus only). */
    MILVUS
  }

  /**
   * A campaign's settings.
   *
   * @param kills how many processes are killed, one after the other
   * @param clients concurrent enrolling clients
   * @param minGap shortest wait between one restart and the next kill
   * @param maxGap longest such wait
   */
  public record Settings(
      Db db,
      boolean milvus,
      int kills,
      int clients,
      long seed,
      Duration minGap,
      Duration maxGap,
      List<Target> targets) {
    /**
     * From {@code homeward.crash.*} system properties: {@code kills}, {@code db} (H2, POSTGRES),
     * {@code clients}, {@code seed}, {@code kill-postgres} (adds PostgreSQL's postmaster to the
     * targets), {@code milvus} (the search service's index on a Milvus server of {@code
     * scripts/milvus.sh}, started empty) and {@code kill-milvus} (adds that server to the targets).
     */
    public static Settings fromProperties(Db defaultDb, int defaultKills) {
      Db db =
          Db.valueOf(
              System.getProperty("homeward.crash.db", defaultDb.name()).toUpperCase(Locale.ROOT));
      List<Target> targets = new ArrayList<>(List.of(Target.EMBEDDER, Target.SEARCH));
      targets.add(Target.GATEWAY);
      if (db == Db.POSTGRES && Boolean.getBoolean("homeward.crash.kill-postgres")) {
        targets.add(Target.POSTGRES);
      }
      boolean milvus = Boolean.getBoolean("homeward.crash.milvus");
      if (milvus && Boolean.getBoolean("homeward.crash.kill-milvus")) {
        targets.add(Target.MILVUS);
      }
      return new Settings(
          db,
          milvus,
          Integer.getInteger("homeward.crash.kills", defaultKills),
          Integer.getInteger("homeward.crash.clients", 4),
          Long.getLong("homeward.crash.seed", System.nanoTime()),
          Duration.ofMillis(500),
          Duration.ofMillis(Long.getLong("homeward.crash.max-gap-ms", 4000)),
          List.copyOf(targets));
    }
  }

  /** One answer a client could rely on. */
  private record Ack(String key, String caseId, String photoId, boolean replayed) {}

  /** One kill: what, when, and how long until the process was ready again. */
  private record Kill(Target target, long atNanos, long readyNanos) {}

  /** An acknowledgement's timing: when its request was first sent, when the answer came. */
  private record Timing(long sentNanos, long answeredNanos) {}

  private final Settings settings;
  private final Random random;
  private final Map<String, Ack> acks = new ConcurrentHashMap<>();
  private final List<Timing> timings = Collections.synchronizedList(new ArrayList<>());
  private final Set<String> refusedKeys = ConcurrentHashMap.newKeySet();
  private final Set<String> unresolvedKeys = ConcurrentHashMap.newKeySet();
  private final Set<String> caseIds = ConcurrentHashMap.newKeySet();
  private final Map<Integer, AtomicInteger> retriedStatuses = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> refusals = new ConcurrentHashMap<>();
  private final AtomicInteger lostAnswers = new AtomicInteger();
  private final AtomicInteger conflictingReplays = new AtomicInteger();
  private final List<Kill> kills = new ArrayList<>();
  private volatile boolean stopping;
  private RunningSystem system;

  public CrashCampaign(Settings settings) {
    this.settings = settings;
    this.random = new Random(settings.seed());
  }

  /** Runs the campaign and counts; the system is stopped afterwards. */
  public Report run() throws InterruptedException {
    String name = "crash-" + settings.db().name().toLowerCase(Locale.ROOT);
    Map<String, String> search = Map.of();
    if (settings.milvus()) {
      name += "-milvus";
      Milvus.startEmpty();
      search = Map.of("homeward.search.milvus.host", "127.0.0.1");
    }
    system =
        RunningSystem.isolated(
            settings.db(),
            name,
            Map.of(
                "homeward.gateway.reconcile.every", "2s",
                "homeward.gateway.policy.enrolments-per-day", "1000000",
                "homeward.gateway.policy.cases-per-day", "1000000"),
            search);
    long started = System.nanoTime();
    List<Thread> clients = new ArrayList<>();
    for (int i = 0; i < settings.clients(); i++) {
      int n = i;
      Thread t = new Thread(() -> client(n), "crash-client-" + n);
      t.start();
      clients.add(t);
    }
    for (int i = 0; i < settings.kills(); i++) {
      long gap =
          settings.minGap().toMillis()
              + (long)
                  (random.nextDouble()
                      * (settings.maxGap().toMillis() - settings.minGap().toMillis()));
      Thread.sleep(gap);
      Target target = settings.targets().get(random.nextInt(settings.targets().size()));
      long at = System.nanoTime();
      kill(target);
      restart(target);
      kills.add(new Kill(target, at, System.nanoTime()));
      System.out.printf(
          Locale.ROOT,
          "crash campaign: kill %d/%d %s, ready again after %.1f s; %d enrolments acknowledged%n",
          i + 1,
          settings.kills(),
          target,
          (System.nanoTime() - at) / 1e9,
          acks.size());
    }
    // The clients finish the enrolment they are on (repeating it until it is answered).
    stopping = true;
    for (Thread t : clients) {
      t.join(GIVE_UP.toMillis() + 60_000);
    }
    long enrolling = System.nanoTime() - started;
    try {
      return count(enrolling);
    } finally {
      system.stop();
      if (settings.milvus()) {
        Milvus.stop();
      }
    }
  }

  private void kill(Target target) {
    switch (target) {
      case EMBEDDER -> system.kill(Service.EMBEDDER);
      case SEARCH -> system.kill(Service.SEARCH);
      case GATEWAY -> system.kill(Service.GATEWAY);
      case POSTGRES -> Postgres.kill();
      case MILVUS -> Milvus.kill();
    }
  }

  private void restart(Target target) {
    switch (target) {
      case EMBEDDER -> system.restart(Service.EMBEDDER);
      case SEARCH -> system.restart(Service.SEARCH);
      case GATEWAY -> system.restart(Service.GATEWAY);
      case POSTGRES -> Postgres.start();
      case MILVUS -> Milvus.start();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The clients

  private void client(int n) {
    Client police =
        system.as(
            system.token("crash-pol-" + n, "crash-police", "POLICE_INVESTIGATOR"),
            "IDENTIFICATION");
    Random mine = new Random(settings.seed() + n);
    String caseId = null;
    int inCase = 0;
    while (!stopping) {
      if (caseId == null || inCase >= 4) {
        caseId = openCase(police, n);
        inCase = 0;
        if (caseId == null) {
          return;
        }
      }
      String key = UUID.randomUUID().toString();
      enrolUntilAnswered(police, caseId, key, PHOTOS.get(mine.nextInt(PHOTOS.size())));
      inCase++;
    }
  }

  /** A found adult's case (open at once); null when the campaign stops first. */
  private String openCase(Client police, int n) {
    String body =
        """
        {"side":"FOUND","policeCaseNumber":"PC-CRASH-%d-%s",
         "subject":{"sex":"M","birthYearFrom":1960,"birthYearTo":1962,"eventDate":"2024-03-01",
         "regionCode":"CN-44","location":"Shelter 7"},
         "consent":{"basis":"STATUTORY_DUTY","givenBy":"POLICE"}}"""
            .formatted(n, UUID.randomUUID().toString().substring(0, 8));
    while (!stopping) {
      try {
        HttpResponse<String> r = police.post("/api/v1/cases", body);
        if (r.statusCode() == 201) {
          String id = JSON.readTree(r.body()).get("id").asText();
          caseIds.add(id);
          return id;
        }
        pause(r);
      } catch (UncheckedIOException | IOException lost) {
        pause(null);
      }
    }
    return null;
  }

  /**
   * Sends one enrolment, and again with the same key while its answer is lost or says to retry,
   * until an answer the client can rely on: acknowledged (201, or 200 for a repeat) or refused
   * (another 4xx). Gives up after {@link #GIVE_UP}.
   */
  private void enrolUntilAnswered(Client police, String caseId, String key, String fixture) {
    byte[] photo = Fixtures.photo(fixture);
    Client keyed = police.header("Idempotency-Key", key);
    String path = "/api/v1/cases/" + caseId + "/photos?source=POLICE&photoYear=2024";
    long sent = System.nanoTime();
    long deadline = sent + GIVE_UP.toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r;
      try {
        r = keyed.postImage(path, photo);
      } catch (UncheckedIOException lost) {
        lostAnswers.incrementAndGet();
        pause(null);
        continue;
      }
      int status = r.statusCode();
      if (status == 201 || status == 200) {
        String photoId;
        try {
          photoId = JSON.readTree(r.body()).get("id").asText();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        Ack earlier = acks.putIfAbsent(key, new Ack(key, caseId, photoId, status == 200));
        if (earlier != null && !earlier.photoId().equals(photoId)) {
          conflictingReplays.incrementAndGet();
        }
        timings.add(new Timing(sent, System.nanoTime()));
        return;
      }
      if (status == 429 || status >= 500) {
        retriedStatuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
        pause(r);
        continue;
      }
      refusedKeys.add(key);
      String type;
      try {
        type = JSON.readTree(r.body()).path("type").asText("?").replaceAll(".*/", "");
      } catch (IOException e) {
        type = "?";
      }
      refusals.computeIfAbsent(status + " " + type, k -> new AtomicInteger()).incrementAndGet();
      return;
    }
    unresolvedKeys.add(key);
  }

  /** Waits as the answer's Retry-After says, or 200-700 ms when it says nothing. */
  private static void pause(HttpResponse<String> r) {
    long ms = 200 + (long) (Math.random() * 500);
    if (r != null) {
      ms =
          r.headers()
              .firstValue("Retry-After")
              .map(v -> Math.min(5_000L, Long.parseLong(v.strip()) * 1000))
              .orElse(ms);
    }
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The counting

  private Report count(long enrollingNanos) throws InterruptedException {
    for (Service s : Service.values()) {
      system.restart(s);
    }
    if (settings.targets().contains(Target.POSTGRES)) {
      Postgres.start();
    }
    if (settings.targets().contains(Target.MILVUS)) {
      Milvus.start();
    }
    Client police =
        system.as(
            system.token("crash-pol-0", "crash-police", "POLICE_INVESTIGATOR"), "IDENTIFICATION");
    long backlog = pendingRows();
    if (backlog < 0) {
      // H2: the file is the gateway's alone; its gauge (refreshed every 2 s) says instead.
      backlog =
          Math.round(
              gatewayMetrics().getOrDefault("homeward_gateway_outbox_pending", -1.0).doubleValue());
    }
    long drainStart = System.nanoTime();
    boolean drained = awaitIndexed(police);
    double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
    String outboxFigures = outboxFigures();
    // Two reconciler passes at least (every 2 s): an unreferenced image goes on its second sight.
    Thread.sleep(7_000);
    Client officer =
        system.as(system.token("crash-po", "crash-police", "PRIVACY_OFFICER"), "PRIVACY_AUDIT");
    JsonNode chain = Fixtures.json(officer.get("/api/v1/oversight/audit/verification"), 200);
    Map<String, Long> index = indexCounts();

    system.stopGateway();
    Map<String, String[]> rows = new HashMap<>();
    Set<String> storedCases = new HashSet<>();
    system.sql(
        c -> {
          try (Statement st = c.createStatement();
              ResultSet rs = st.executeQuery("select id from cases")) {
            while (rs.next()) {
              storedCases.add(rs.getString(1));
            }
          }
          return null;
        });
    long pendingOutbox =
        system.sql(
            c -> {
              try (Statement st = c.createStatement()) {
                try (ResultSet rs =
                    st.executeQuery(
                        "select p.id, p.request_key, p.state, p.image_ref, k.side, k.status"
                            + " from photos p join cases k on k.id = p.case_id")) {
                  while (rs.next()) {
                    rows.put(
                        rs.getString(1),
                        new String[] {
                          rs.getString(2),
                          rs.getString(3),
                          rs.getString(4),
                          rs.getString(5),
                          rs.getString(6)
                        });
                  }
                }
                try (ResultSet rs =
                    st.executeQuery("select count(*) from outbox where done_at is null")) {
                  rs.next();
                  return rs.getLong(1);
                }
              }
            });
    Set<String> files = sealedImages(system.dataDir().resolve("gateway/images"));

    Report.Builder b = new Report.Builder(settings, enrollingNanos);
    b.acknowledged = acks.size();
    b.replayedAcks = (int) acks.values().stream().filter(Ack::replayed).count();
    b.refused = refusedKeys.size();
    b.unresolved = unresolvedKeys.size();
    b.lostAnswers = lostAnswers.get();
    b.retried = new java.util.TreeMap<>();
    retriedStatuses.forEach((k, v) -> b.retried.put(k, v.get()));
    b.conflictingReplays = conflictingReplays.get();
    b.casesOpened = caseIds.size();
    b.casesLost = (int) caseIds.stream().filter(id -> !storedCases.contains(id)).count();
    b.refusals = new java.util.TreeMap<>();
    refusals.forEach((k, v) -> b.refusals.put(k, v.get()));
    for (Ack a : acks.values()) {
      String[] row = rows.get(a.photoId());
      if (row == null || "ERASED".equals(row[1])) {
        b.acknowledgedLost++;
      }
    }
    Map<String, Integer> perKey = new HashMap<>();
    for (String[] row : rows.values()) {
      if (row[0] != null) {
        perKey.merge(row[0], 1, Integer::sum);
      }
    }
    b.storedTwice = (int) perKey.values().stream().filter(c -> c > 1).count();
    b.storedUnacknowledged =
        (int) rows.values().stream().filter(r -> r[0] == null || !acks.containsKey(r[0])).count();
    b.photoRows = rows.size();
    Map<String, Long> indexedPerSide = new HashMap<>();
    Set<String> liveRefs = new HashSet<>();
    for (String[] row : rows.values()) {
      boolean live = !"ERASED".equals(row[1]) && !"PROBE".equals(row[1]) && row[2] != null;
      if (live) {
        liveRefs.add(row[2]);
      }
      if (live && "OPEN".equals(row[4]) && !"INDEXED".equals(row[1])) {
        b.livePhotosWithoutVector++;
      }
      if ("INDEXED".equals(row[1])) {
        indexedPerSide.merge(row[3], 1L, Long::sum);
      }
    }
    b.pendingOutbox = pendingOutbox;
    b.drained = drained;
    b.drainSeconds = drainSeconds;
    b.backlog = backlog;
    b.outboxFigures = outboxFigures;
    for (String side : List.of("MISSING", "FOUND")) {
      long held = index.getOrDefault(side, 0L);
      long indexed = indexedPerSide.getOrDefault(side, 0L);
      b.vectorsWithoutLivePhoto += Math.max(0, held - indexed);
      b.livePhotosWithoutVector += Math.max(0, indexed - held);
    }
    b.indexVectors = index.values().stream().mapToLong(Long::longValue).sum();
    b.imageFiles = files.size();
    b.imagesWithoutRow = (int) files.stream().filter(f -> !liveRefs.contains(f)).count();
    b.rowsWithoutImage = (int) liveRefs.stream().filter(r -> !files.contains(r)).count();
    b.auditIntact = chain.path("intact").asBoolean(false);
    b.auditRecords = chain.path("records").asLong();
    for (Kill k : kills) {
      b.readySeconds
          .computeIfAbsent(k.target(), t -> new ArrayList<>())
          .add((k.readyNanos() - k.atNanos()) / 1e9);
      long firstAck =
          timings.stream()
              .filter(t -> t.sentNanos() > k.atNanos())
              .mapToLong(Timing::answeredNanos)
              .min()
              .orElse(-1);
      if (firstAck > 0) {
        b.servingSeconds
            .computeIfAbsent(k.target(), t -> new ArrayList<>())
            .add((firstAck - k.atNanos()) / 1e9);
      }
    }
    Report report = b.build();
    write(report);
    return report;
  }

  /** Waits until every photo of the campaign's cases is indexed; false if it took too long. */
  /**
   * Waits until every photo is indexed, as long as the outbox makes progress: it fails when the
   * gateway has acknowledged no row for {@link #STALL} (its {@code outbox_delivered} counter, which
   * works on H2 too, whose file is the gateway's alone while it runs), or after {@link
   * #DRAIN_LIMIT}. How long the drain takes is a figure (it grows with the backlog the kills left,
   * and a gateway that started again must embed each photo of its backlog once more), not the
   * guarantee; that every acknowledged photo becomes searchable without help is.
   */
  private boolean awaitIndexed(Client police) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + DRAIN_LIMIT.toNanos();
    double delivered = -1;
    long progressAt = start;
    while (System.nanoTime() < deadline) {
      double now = gatewayMetrics().getOrDefault("homeward_gateway_outbox_delivered_total", -1.0);
      if (now != delivered) {
        delivered = now;
        progressAt = System.nanoTime();
      }
      if (sweepIndexed(police)) {
        return true;
      }
      if (System.nanoTime() - progressAt > STALL.toNanos()) {
        return false;
      }
      Thread.sleep(1_000);
    }
    return false;
  }

  /** Whether every photo of every case the campaign opened is INDEXED (read through the API). */
  private boolean sweepIndexed(Client police) {
    for (String caseId : caseIds) {
      HttpResponse<String> r;
      try {
        r = police.get("/api/v1/cases/" + caseId + "/photos?limit=200");
      } catch (UncheckedIOException e) {
        return false;
      }
      if (r.statusCode() == 404) {
        // A case whose creation was acknowledged and then lost: counted below, not waited for.
        continue;
      }
      if (r.statusCode() != 200) {
        return false;
      }
      for (JsonNode p : Fixtures.json(r, 200)) {
        if (!"INDEXED".equals(p.path("state").asText())) {
          return false;
        }
      }
    }
    return true;
  }

  /** Outbox rows not yet acknowledged, read from the database. */
  private long pendingRows() {
    try {
      return system.sql(
          c -> {
            try (Statement st = c.createStatement();
                ResultSet rs =
                    st.executeQuery("select count(*) from outbox where done_at is null")) {
              rs.next();
              return rs.getLong(1);
            }
          });
    } catch (RuntimeException e) {
      return -1;
    }
  }

  /**
   * What the gateway's outbox metrics say since it last started (the drain after the last kill, and
   * whatever came before it in that process): rows per index write, the time of a write and of
   * embedding a photo again.
   */
  private String outboxFigures() {
    Map<String, Double> m = gatewayMetrics();
    if (m.isEmpty()) {
      return "unknown (the gateway's metrics did not answer)";
    }
    double writes = m.getOrDefault("homeward_gateway_outbox_write_seconds_count", 0.0);
    double embedded = m.getOrDefault("homeward_gateway_outbox_embedding_seconds_count", 0.0);
    return String.format(
        Locale.ROOT,
        "%.0f rows in %.0f writes, a write %.3f s on average (max %.3f); %.0f photos embedded"
            + " again, %.3f s each on average",
        m.getOrDefault("homeward_gateway_outbox_write_rows_sum", 0.0),
        writes,
        writes == 0 ? 0 : m.getOrDefault("homeward_gateway_outbox_write_seconds_sum", 0.0) / writes,
        m.getOrDefault("homeward_gateway_outbox_write_seconds_max", 0.0),
        embedded,
        embedded == 0
            ? 0
            : m.getOrDefault("homeward_gateway_outbox_embedding_seconds_sum", 0.0) / embedded);
  }

  /** The gateway's outbox metrics (summed over tags); empty when they do not answer. */
  private Map<String, Double> gatewayMetrics() {
    return system.gatewayMetrics("homeward_gateway_outbox_");
  }

  /** The vectors the search service holds, per side, over every space it reports. */
  private Map<String, Long> indexCounts() {
    ManagedChannel ch = InternalChannels.asGateway(system.searchGrpcPort(), RunningSystem.tlsDir());
    try {
      GetStatsResponse stats =
          SearchServiceGrpc.newBlockingStub(ch)
              .withDeadlineAfter(30, TimeUnit.SECONDS)
              .getStats(GetStatsRequest.getDefaultInstance());
      Map<String, Long> counts = new LinkedHashMap<>();
      for (SpaceStats s : stats.getSpacesList()) {
        counts.merge("MISSING", s.getMissing(), Long::sum);
        counts.merge("FOUND", s.getFound(), Long::sum);
      }
      return counts;
    } finally {
      ch.shutdownNow();
    }
  }

  private static Set<String> sealedImages(Path dir) {
    if (!Files.isDirectory(dir)) {
      return Set.of();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> p.getFileName().toString().endsWith(".sealed"))
          .map(p -> p.getFileName().toString().replace(".sealed", ""))
          .collect(Collectors.toSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void write(Report report) {
    Path out =
        Path.of(System.getProperty("homeward.project.dir", ".."))
            .toAbsolutePath()
            .normalize()
            .resolve("consent-gateway/target/crash-campaign");
    try {
      Files.createDirectories(out);
      Files.writeString(
          out.resolve(
              settings.db().name().toLowerCase(Locale.ROOT)
                  + (settings.milvus() ? "-milvus" : "")
                  + "-report.txt"),
          report.text());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.out.println(report.text());
  }

  /** What a campaign counted. {@link #holds()} when nothing was lost, doubled or left behind. */
  public record Report(String text, boolean holds) {
    static final class Builder {
      final Settings settings;
      final long enrollingNanos;
      int acknowledged;
      int replayedAcks;
      int refused;
      int unresolved;
      int lostAnswers;
      Map<Integer, Integer> retried = Map.of();
      int conflictingReplays;
      int casesOpened;
      int casesLost;
      Map<String, Integer> refusals = Map.of();
      int acknowledgedLost;
      int storedTwice;
      int storedUnacknowledged;
      int photoRows;
      int livePhotosWithoutVector;
      long vectorsWithoutLivePhoto;
      long indexVectors;
      long pendingOutbox;
      boolean drained;
      double drainSeconds;
      long backlog;
      String outboxFigures;
      int imageFiles;
      int imagesWithoutRow;
      int rowsWithoutImage;
      boolean auditIntact;
      long auditRecords;
      final Map<Target, List<Double>> readySeconds = new EnumMap<>(Target.class);
      final Map<Target, List<Double>> servingSeconds = new EnumMap<>(Target.class);

      Builder(Settings settings, long enrollingNanos) {
        this.settings = settings;
        this.enrollingNanos = enrollingNanos;
      }

      Report build() {
        boolean holds =
            acknowledgedLost == 0
                && casesLost == 0
                && storedTwice == 0
                && storedUnacknowledged == 0
                && conflictingReplays == 0
                && unresolved == 0
                && livePhotosWithoutVector == 0
                && vectorsWithoutLivePhoto == 0
                && pendingOutbox == 0
                && imagesWithoutRow == 0
                && rowsWithoutImage == 0
                && auditIntact;
        StringBuilder t = new StringBuilder();
        t.append(
            String.format(
                Locale.ROOT,
                "crash campaign, %s, %s: %d kills, %d clients, seed %d, %.0f s of enrolling%n",
                Instant.now(),
                (settings.db() == Db.H2 ? "H2" : "PostgreSQL")
                    + (settings.milvus() ? " + Milvus" : " + embedded index"),
                settings.kills(),
                settings.clients(),
                settings.seed(),
                enrollingNanos / 1e9));
        Map<Target, Long> byTarget = new EnumMap<>(Target.class);
        readySeconds.forEach((k, v) -> byTarget.put(k, (long) v.size()));
        t.append("  kills by process:                 ").append(byTarget).append('\n');
        line(t, "enrolments acknowledged", acknowledged + " (" + replayedAcks + " by a repeat)");
        line(t, "enrolments refused (4xx)", refused + " " + refusals);
        line(t, "answers lost, request repeated", lostAnswers);
        line(t, "answers 'retry' (status: count)", retried);
        line(t, "cases opened", casesOpened);
        t.append("  -- what must be zero --\n");
        line(t, "acknowledged enrolments lost", acknowledgedLost);
        line(t, "acknowledged cases lost", casesLost);
        line(t, "enrolments stored twice", storedTwice);
        line(t, "photos stored, never acknowledged", storedUnacknowledged);
        line(t, "repeats answered with another photo", conflictingReplays);
        line(t, "enrolments unresolved after 3 min", unresolved);
        line(
            t,
            "live photos without a vector",
            livePhotosWithoutVector
                + " (outbox pending "
                + pendingOutbox
                + (drained ? "" : "; the outbox stalled or did not drain in 15 min")
                + ")");
        line(t, "vectors without a live photo", vectorsWithoutLivePhoto);
        line(t, "images without a row", imagesWithoutRow);
        line(t, "rows without an image", rowsWithoutImage);
        line(t, "audit chain intact", auditIntact ? "yes (" + auditRecords + " records)" : "NO");
        t.append("  -- totals --\n");
        line(
            t,
            "photo rows / vectors / image files",
            photoRows + " / " + indexVectors + " / " + imageFiles);
        line(
            t,
            "outbox drained after the last kill",
            String.format(Locale.ROOT, "%.1f s (%d rows pending then)", drainSeconds, backlog));
        line(t, "outbox since the gateway last started", outboxFigures);
        t.append(
            "  -- recovery after a kill (s): process ready again; an enrolment sent after the kill acknowledged --\n");
        for (Target target : readySeconds.keySet()) {
          List<Double> ready = readySeconds.get(target);
          List<Double> serving = servingSeconds.getOrDefault(target, List.of());
          t.append(
              String.format(
                  Locale.ROOT,
                  "  %-9s ready p50 %5.1f p99 %5.1f | serving p50 %5.1f p99 %5.1f (n=%d)%n",
                  target,
                  percentile(ready, 0.50),
                  percentile(ready, 0.99),
                  percentile(serving, 0.50),
                  percentile(serving, 0.99),
                  ready.size()));
        }
        List<Double> allReady = readySeconds.values().stream().flatMap(List::stream).toList();
        List<Double> allServing = servingSeconds.values().stream().flatMap(List::stream).toList();
        t.append(
            String.format(
                Locale.ROOT,
                "  all       ready p50 %5.1f p99 %5.1f | serving p50 %5.1f p99 %5.1f (n=%d)%n",
                percentile(allReady, 0.50),
                percentile(allReady, 0.99),
                percentile(allServing, 0.50),
                percentile(allServing, 0.99),
                allReady.size()));
        t.append(holds ? "verdict: nothing lost\n" : "verdict: THE GUARANTEE DID NOT HOLD\n");
        return new Report(t.toString(), holds);
      }

      private static void line(StringBuilder t, String what, Object value) {
        t.append(String.format(Locale.ROOT, "  %-33s %s%n", what + ":", value));
      }

      /** The nearest-rank percentile; NaN for no values. */
      private static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
          return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
      }
    }
  }

  /**
   * Runs a helper command (its error output joins its output, wherever that goes) and returns its
   * exit status, or -1 when it did not finish in time or the wait was interrupted.
   */
  private static int exec(ProcessBuilder command, Duration timeout) {
    try {
      Process p = command.redirectErrorStream(true).start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        return -1;
      }
      return p.exitValue();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /**
   * The Milvus server of {@code scripts/milvus.sh}, its data in a folder of the campaign's own
   * (started empty, so that every vector it holds is the campaign's): killed with SIGKILL as a
   * process group (the launcher and its standalone server), started again by the script, which
   * waits until every component answers.
   */
  static final class Milvus {
    private Milvus() {}

    private static Path data() {
      return RunningSystem.projectRoot().resolve("consent-gateway/target/attack/crash-milvus-data");
    }

    static void startEmpty() {
      script("stop");
      Path data = data();
      try {
        if (Files.exists(data)) {
          try (var walk = Files.walk(data)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      start();
    }

    static void start() {
      if (script("start") != 0) {
        throw new IllegalStateException(
            "Milvus did not start (see consent-gateway/target/attack/milvus.log and"
                + " .cache/milvus.log)");
      }
    }

    static void stop() {
      script("stop");
    }

    static void kill() {
      Path pidFile = RunningSystem.projectRoot().resolve(".cache/milvus.pid");
      try {
        String pid = Files.readAllLines(pidFile).get(0).strip();
        // The launcher runs in its own process group (setsid): the server dies with it.
        exec(new ProcessBuilder("kill", "-KILL", "--", "-" + pid), Duration.ofMinutes(1));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (Files.exists(Path.of("/proc", pid)) && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private static int script(String command) {
      Path log = RunningSystem.projectRoot().resolve("consent-gateway/target/attack/milvus.log");
      try {
        Files.createDirectories(log.getParent());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      ProcessBuilder pb =
          new ProcessBuilder("bash", "scripts/milvus.sh", command)
              .directory(RunningSystem.projectRoot().toFile())
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      pb.environment().put("HOMEWARD_MILVUS_DATA", data().toString());
      return exec(pb, Duration.ofMinutes(5));
    }
  }

  /**
   * The PostgreSQL server the tests' database lives on (Debian's cluster, {@code pg_ctlcluster}):
   * its postmaster killed with SIGKILL, and started again (crash recovery replays its WAL).
   */
  static final class Postgres {
    private Postgres() {}

    static void kill() {
      String[] cluster = cluster();
      Path pidFile = Path.of(cluster[5], "postmaster.pid");
      try {
        String pid = Files.readAllLines(pidFile).get(0).strip();
        run(List.of("kill", "-9", pid));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (Files.exists(Path.of("/proc", pid)) && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    static void start() {
      String[] cluster = cluster();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (System.nanoTime() < deadline) {
        // Its backends notice the postmaster's death and leave; until then a start may refuse.
        run(
            privileged(
                "pg_ctlcluster", "--skip-systemctl-redirect", cluster[0], cluster[1], "start"));
        if (run(List.of("pg_isready", "-q", "-h", "127.0.0.1", "-p", cluster[2])) == 0) {
          return;
        }
        try {
          Thread.sleep(500);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      throw new IllegalStateException("PostgreSQL did not start again within 120 s");
    }

    /**
     * {@code pg_lsclusters -h}'s first line: version, name, port, status, owner, data directory.
     */
    private static String[] cluster() {
      try {
        Process p = new ProcessBuilder("pg_lsclusters", "-h").redirectErrorStream(true).start();
        String line =
            new String(p.getInputStream().readAllBytes()).lines().findFirst().orElseThrow();
        p.waitFor();
        return line.strip().split("\\s+");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    private static List<String> privileged(String... cmd) {
      List<String> all = new ArrayList<>();
      if (!"root".equals(System.getProperty("user.name"))) {
        all.add("sudo");
      }
      all.addAll(List.of(cmd));
      return all;
    }

    private static int run(List<String> cmd) {
      return exec(
          new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD),
          Duration.ofMinutes(1));
    }
  }
}
