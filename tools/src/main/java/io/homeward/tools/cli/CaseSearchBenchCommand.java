package io.homeward.tools.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.homeward.proto.search.v1.ModelRef;
import io.homeward.tools.cli.BenchSystem.UserCase;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
  private static final ObjectMapper JSON = BenchSystem.JSON;

  @Option(
      names = "--tokens",
      required = true,
      description =
          "A file of bearer tokens, one a line as KIND TOKEN: one 'caseworker' and one 'verifier'"
              + " (NGO caseworkers of one organisation) and a 'police' token per user.")
  Path tokens;

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

  @Option(names = "--out", description = "The JSON written (default ${DEFAULT-VALUE}).")
  Path out = Path.of("eval-out/case-search-figures.json");

  @Mixin SystemOptions where = new SystemOptions();

  private final PrintStream err = System.err;

  @Override
  public Integer call() throws Exception {
    Map<String, List<String>> byKind = BenchSystem.readTokens(tokens);
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
    BenchSystem system = where.open(err);
    ModelRef space = system.liveSpace();
    long galleryStart = System.nanoTime();
    system.fillGallery(space, gallery);
    double gallerySeconds = (System.nanoTime() - galleryStart) / 1e9;
    double settleSeconds = gallery > 0 ? system.awaitSettled("case-search-bench") : 0;

    long foundBefore = system.foundFaces(space);
    List<UserCase> cases =
        system.register(
            byKind.get("caseworker").get(0),
            byKind.get("verifier").get(0),
            police.subList(0, users),
            system.matchingIdentities(BenchSystem.identities(where.datasets), users),
            null);
    int probes = cases.stream().mapToInt(UserCase::photos).sum();
    system.awaitIndexed(space, foundBefore + probes);

    err.printf("case-search-bench: warming up for %d s%n", warmup);
    run(system, cases, warmup);
    err.printf("case-search-bench: measuring %d users for %d s%n", users, seconds);
    Measured m = run(system, cases, seconds);

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

  private record Measured(
      long[] latenciesMicros, double meanCandidates, Map<Integer, Long> failures) {}

  /** Each user searches their own case back to back for {@code secs} seconds. */
  private Measured run(BenchSystem system, List<UserCase> cases, int secs) throws Exception {
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
                        system.post(
                            c.token(),
                            "IDENTIFICATION",
                            "/api/v1/cases/" + c.foundCase() + "/searches",
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
}
