package io.homeward.tools.cli;

import io.homeward.embedder.domain.EmbedResult;
import io.homeward.embedder.domain.FacePolicy;
import io.homeward.embedder.inference.GraphOptimization;
import io.homeward.embedder.inference.InferenceDevice;
import io.homeward.embedder.pipeline.EmbedOptions;
import io.homeward.embedder.pipeline.EmbedderEngine;
import io.homeward.embedder.pipeline.EngineSettings;
import io.homeward.embedder.pipeline.Stage;
import io.homeward.embedder.pipeline.StageTimings;
import io.homeward.embedder.pipeline.Timed;
import io.homeward.embedder.projection.ProjectionPolicy;
import io.homeward.models.DefaultModels;
import io.homeward.models.ManifestReader;
import io.homeward.models.ModelFiles;
import io.homeward.models.ModelManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Embedder speed over a fixed set of photos, every figure from this one run: per-stage
 * milliseconds, each model inside the pipeline against a bare ONNX Runtime loop of the same calls,
 * the embedding model's variants and levers side by side, and faces per second with each worker
 * count. Prints figures; asserts nothing.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Per-stage ms (decode, detect, landmarks, align, embed) with one worker and one intra-op",
      "thread; each model inside the pipeline against a bare ONNX Runtime loop of the same calls",
      "(ratio per model); the embedding variants (published fp32, the derived fp32 with a dynamic",
      "batch, int8) and levers (mirror image as a second batch row, graph optimisation level) per",
      "face; faces/s with each worker count. Prints the load average with the figures."
    })
final class BenchCommand implements Callable<Integer> {
  @Mixin EngineOptions engineOptions;

  @Option(names = "--images", description = "Folder of photos (default: ${DEFAULT-VALUE}).")
  Path images = Path.of("..", "shared", "fixtures", "people");

  @Option(
      names = "--passes",
      description = "Timed passes over the photos (default: ${DEFAULT-VALUE}).")
  int passes = 5;

  @Option(names = "--warmup", description = "Untimed passes first (default: ${DEFAULT-VALUE}).")
  int warmup = 2;

  @Option(
      names = "--worker-counts",
      split = ",",
      description = "Worker counts to measure (default: 1 and one per core).")
  List<Integer> workerCounts;

  @Option(
      names = "--variants",
      split = ",",
      description = {
        "Embedding manifests to run through the whole pipeline side by side (default: the",
        "published MobileFaceNet as the embedder ran it before (graph optimisation basic), the",
        "--embedding manifest, then the int8 variant)."
      })
  List<String> variants;

  @Option(
      names = "--bare-calls",
      description =
          "Calls per bare-loop figure of the embedding levers (default: ${DEFAULT-VALUE}).")
  int bareCalls = 60;

  @Override
  public Integer call() throws Exception {
    List<byte[]> photos = load(images);
    EngineSettings base = engineOptions.settings();
    int cores = Runtime.getRuntime().availableProcessors();
    List<Integer> counts = workerCounts != null ? workerCounts : List.of(1, cores);
    List<String> runs =
        variants != null
            ? variants
            : List.of(DefaultModels.EMBEDDING, base.embedding(), DefaultModels.EMBEDDING_INT8);
    System.out.printf(
        Locale.ROOT,
        "bench: %d photos from %s, %d passes after %d warm-up, flip averaging %s, %d cores,"
            + " one intra-op thread per model%n",
        photos.size(),
        images,
        passes,
        warmup,
        base.flipAveraging() ? "on" : "off",
        cores);
    System.out.println("load at start: " + Load.now());

    List<String> summary = new ArrayList<>();
    List<String> fusedRuns = new ArrayList<>();
    // The configured embedding runs alone and, when a fused space is configured, fused too.
    if (base.fusion().isPresent() && runs.contains(base.embedding())) {
      fusedRuns.add(base.embedding());
    }
    List<String> all = new ArrayList<>(runs);
    all.addAll(fusedRuns);
    for (int run = 0; run < all.size(); run++) {
      String variant = all.get(run);
      boolean fused = run >= runs.size();
      ModelManifest m = ManifestReader.read(variant);
      EngineSettings settings =
          base.toBuilder()
              .manifests(base.detector(), base.landmarks(), variant)
              // The published graph's denormal weights make it four times slower at `all`: it ran
              // at `basic`, and is measured as it ran.
              .graphOptimization(
                  base.detectorOptimization(),
                  base.landmarkOptimization(),
                  variant.equals(DefaultModels.EMBEDDING)
                      ? GraphOptimization.BASIC
                      : base.embeddingOptimization())
              // The bundled projection belongs to the fp32 space; another space runs unprojected
              // (a 512 x 512 product, about 0.1 ms a face, is all the difference).
              .projection(
                  m.version().equals(ManifestReader.read(DefaultModels.EMBEDDING).version())
                      ? base.projection()
                      : ProjectionPolicy.identity())
              .fusion(fused ? base.fusion() : Optional.empty())
              .build();
      summary.add(pipeline(settings, m, photos, counts));
    }

    levers(base);

    System.out.println();
    System.out.println("Summary (embedding model per face, flip averaging, one worker):");
    summary.forEach(System.out::println);
    System.out.println("load at end: " + Load.now());
    return 0;
  }

  /** One embedding variant through the whole pipeline; returns its summary line. */
  private String pipeline(
      EngineSettings settings, ModelManifest embedding, List<byte[]> photos, List<Integer> counts) {
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "== %s%s (%s, maxBatch %d, graph optimisation %s) ==%n",
        embedding.ref(),
        settings.fusion().map(f -> ", fused space " + f).orElse(""),
        embedding.file(),
        embedding.input().maxBatch(),
        settings.embeddingOptimization().name().toLowerCase(Locale.ROOT));
    // 1. One worker, one request at a time: latency and where it goes. Each pass over the photos is
    // followed by the same model calls in bare ONNX Runtime loops, so that the two see the same
    // load on this shared machine; ratios are medians of the per-pass ratios.
    StageTimings stages = new StageTimings();
    long[] wall = new long[photos.size() * passes];
    int[] facesPerPhoto = new int[photos.size()];
    int facesTotal = 0;
    double[][] inside = new double[3][passes];
    double[][] bare = new double[3][passes];
    EmbedOptions options = new EmbedOptions(FacePolicy.ALL, true);
    try (EmbedderEngine engine = EmbedderEngine.start(settings.withWorkers(1));
        BareLoops loops = new BareLoops(settings)) {
      for (int w = 0; w < warmup; w++) {
        for (int i = 0; i < photos.size(); i++) {
          facesPerPhoto[i] = engine.embed(photos.get(i), options).join().faces().size();
        }
        loops.replay(facesPerPhoto);
      }
      int n = 0;
      for (int pass = 0; pass < passes; pass++) {
        StageTimings passStages = new StageTimings();
        for (int i = 0; i < photos.size(); i++) {
          long t0 = System.nanoTime();
          Timed<EmbedResult> r = engine.embedTimed(photos.get(i), options).join();
          wall[n++] = System.nanoTime() - t0;
          passStages.addAll(r.timings());
          facesPerPhoto[i] = r.value().faces().size();
          facesTotal += r.value().faces().size();
        }
        stages.addAll(passStages);
        long[] b = loops.replay(facesPerPhoto);
        Stage[] models = {Stage.DETECT_MODEL, Stage.LANDMARK_MODEL, Stage.EMBED_MODEL};
        for (int m = 0; m < 3; m++) {
          inside[m][pass] = ms(passStages.nanos(models[m])) / photos.size();
          bare[m][pass] = ms(b[m]) / photos.size();
        }
      }
    }
    int requests = photos.size() * passes;
    double faces = facesTotal / (double) requests;
    System.out.println("Per-stage time, one worker, mean per photo (ms):");
    for (Stage s : Stage.values()) {
      if (s == Stage.AGE || s == Stage.AGE_MODEL) {
        continue;
      }
      System.out.printf(
          Locale.ROOT,
          "  %-20s %7.2f%s%n",
          s.name().toLowerCase(Locale.ROOT),
          ms(stages.nanos(s)) / requests,
          s.isModel() ? "  (model)" : "");
    }
    double pipelineMs = ms(Arrays.stream(wall).sum()) / requests;
    double decodeMs = ms(stages.nanos(Stage.DECODE)) / requests;
    long[] sorted = wall.clone();
    Arrays.sort(sorted);
    System.out.printf(
        Locale.ROOT,
        "  whole request        %7.2f  (p50 %.2f, p95 %.2f)%n",
        pipelineMs,
        ms(sorted[sorted.length / 2]),
        ms(sorted[(int) (sorted.length * 0.95)]));
    System.out.printf(Locale.ROOT, "  faces per photo      %7.2f%n", faces);

    // 2. Each model inside the pipeline against bare ONNX Runtime: the same calls, same shapes.
    String[] names = {"detector", "landmarks", "embedding"};
    System.out.println(
        "Each model, pipeline vs bare ONNX Runtime (ms per photo, same calls; medians of "
            + passes
            + " interleaved passes):");
    double bareAll = 0;
    double[] embedMs = new double[2];
    for (int m = 0; m < 3; m++) {
      double[] ratios = new double[passes];
      for (int p = 0; p < passes; p++) {
        ratios[p] = inside[m][p] / bare[m][p];
      }
      double in = median(inside[m]);
      double b = median(bare[m]);
      bareAll += b;
      if (m == 2) {
        embedMs[0] = in;
        embedMs[1] = b;
      }
      System.out.printf(
          Locale.ROOT,
          "  %-10s pipeline %7.2f  bare %7.2f  ratio %.3f%n",
          names[m],
          in,
          b,
          median(ratios));
    }
    // The fused space's second model has no bare loop: its time is left out of both sides.
    double secondModelMs =
        ms(stages.nanos(Stage.SECOND_EMBED_MODEL) + stages.nanos(Stage.SECOND_EMBED)) / requests;
    System.out.printf(
        Locale.ROOT,
        "  whole request, no decoding%s %7.2f against the bare models' %.2f: ratio %.3f (the rest is"
            + " pre- and post-processing)%n",
        secondModelMs > 0
            ? String.format(Locale.ROOT, " nor the second model (%.2f)", secondModelMs)
            : "",
        pipelineMs - decodeMs - secondModelMs,
        bareAll,
        (pipelineMs - decodeMs - secondModelMs) / bareAll);

    // 3. Throughput with each worker count: every photo of every pass in flight, bounded by the
    // queue.
    System.out.println("Throughput:");
    StringBuilder throughput = new StringBuilder();
    for (int workers : counts) {
      try (EmbedderEngine engine = EmbedderEngine.start(settings.withWorkers(workers))) {
        run(engine, photos, warmup);
        long t0 = System.nanoTime();
        int n = run(engine, photos, passes);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
            Locale.ROOT,
            "  %d worker%s  %7.1f photos/s  %7.1f faces/s%n",
            workers,
            workers == 1 ? " " : "s",
            photos.size() * passes / seconds,
            n / seconds);
        throughput.append(
            String.format(Locale.ROOT, ", %d workers %.1f faces/s", workers, n / seconds));
      }
    }
    double secondMs = ms(stages.nanos(Stage.SECOND_EMBED_MODEL)) / requests;
    return String.format(
        Locale.ROOT,
        "  %-44s %6.2f ms a face (bare %.2f)%s; whole request %.2f ms a face%s",
        embedding.file() + (settings.fusion().isPresent() ? " + fused" : ""),
        embedMs[0] / faces,
        embedMs[1] / faces,
        settings.fusion().isPresent()
            ? String.format(Locale.ROOT, ", second model %.2f ms a face", secondMs / faces)
            : "",
        pipelineMs / faces,
        throughput);
  }

  /**
   * The calls each model made in the pipeline (detector once a photo, landmarks once a face, the
   * embedding model once per batch of face views), in bare loops.
   */
  private static final class BareLoops implements AutoCloseable {
    private final BareModelLoop detector;
    private final BareModelLoop landmarks;
    private final BareModelLoop embedding;
    private final int views;

    BareLoops(EngineSettings settings) {
      ModelFiles files = new ModelFiles(settings.modelsDir());
      InferenceDevice device = settings.device();
      this.views = settings.flipAveraging() ? 2 : 1;
      this.detector =
          new BareModelLoop(
              files,
              ManifestReader.read(settings.detector()),
              device,
              settings.detectorOptimization());
      this.landmarks =
          new BareModelLoop(
              files,
              ManifestReader.read(settings.landmarks()),
              device,
              settings.landmarkOptimization());
      this.embedding =
          new BareModelLoop(
              files,
              ManifestReader.read(settings.embedding()),
              device,
              settings.embeddingOptimization());
    }

    /** One pass; nanoseconds per model. */
    long[] replay(int[] facesPerPhoto) {
      int maxBatch = embedding.manifest().input().maxBatch();
      long[] nanos = new long[3];
      for (int f : facesPerPhoto) {
        long t0 = System.nanoTime();
        detector.run(1);
        long t1 = System.nanoTime();
        for (int i = 0; i < f; i++) {
          landmarks.run(1);
        }
        long t2 = System.nanoTime();
        int total = f * views;
        for (int start = 0; start < total; start += maxBatch) {
          embedding.run(Math.min(maxBatch, total - start));
        }
        long t3 = System.nanoTime();
        nanos[0] += t1 - t0;
        nanos[1] += t2 - t1;
        nanos[2] += t3 - t2;
      }
      return nanos;
    }

    @Override
    public void close() {
      detector.close();
      landmarks.close();
      embedding.close();
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /**
   * The embedding model's levers, bare, per face with flip averaging (two views): the published
   * weights, the derived fp32 graph (two calls of one, or one call of two), int8; at each graph
   * optimisation level that matters.
   */
  private void levers(EngineSettings settings) {
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "Embedding levers, bare ONNX Runtime, one thread, ms per face with its mirror image (median"
            + " of %d calls; load %s):%n",
        bareCalls,
        Load.now());
    ModelFiles files = new ModelFiles(settings.modelsDir());
    record Lever(String manifest, GraphOptimization level, int batch) {}
    List<Lever> levers =
        List.of(
            new Lever(DefaultModels.EMBEDDING, GraphOptimization.BASIC, 1),
            new Lever(DefaultModels.EMBEDDING, GraphOptimization.ALL, 1),
            new Lever(DefaultModels.EMBEDDING_FP32, GraphOptimization.BASIC, 1),
            new Lever(DefaultModels.EMBEDDING_FP32, GraphOptimization.ALL, 1),
            new Lever(DefaultModels.EMBEDDING_FP32, GraphOptimization.BASIC, 2),
            new Lever(DefaultModels.EMBEDDING_FP32, GraphOptimization.ALL, 2),
            new Lever(DefaultModels.EMBEDDING_INT8, GraphOptimization.BASIC, 2),
            new Lever(DefaultModels.EMBEDDING_INT8, GraphOptimization.ALL, 1),
            new Lever(DefaultModels.EMBEDDING_INT8, GraphOptimization.ALL, 2));
    for (Lever lever : levers) {
      ModelManifest m = ManifestReader.read(lever.manifest());
      try (BareModelLoop loop = new BareModelLoop(files, m, settings.device(), lever.level())) {
        double perCall = loop.msPerCall(lever.batch(), Math.max(5, bareCalls / 10), bareCalls);
        double perFace = lever.batch() == 2 ? perCall : 2 * perCall;
        System.out.printf(
            Locale.ROOT,
            "  %-44s %-5s %s  %7.2f ms a face%n",
            m.file(),
            lever.level().name().toLowerCase(Locale.ROOT),
            lever.batch() == 2 ? "one call of 2 " : "two calls of 1",
            perFace);
      }
    }
  }

  private static int run(EmbedderEngine engine, List<byte[]> photos, int passes) {
    Semaphore slots = new Semaphore(Math.max(1, engine.settings().queueCapacity() / 2));
    List<CompletableFuture<Integer>> all = new ArrayList<>();
    EmbedOptions options = new EmbedOptions(FacePolicy.ALL, true);
    for (int pass = 0; pass < passes; pass++) {
      for (byte[] p : photos) {
        slots.acquireUninterruptibly();
        all.add(
            engine
                .embed(p, options)
                .thenApply(r -> r.faces().size())
                .whenComplete((r, t) -> slots.release()));
      }
    }
    return all.stream().mapToInt(CompletableFuture::join).sum();
  }

  private static List<byte[]> load(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException("no folder of photos at " + folder);
    }
    List<byte[]> photos = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.matches(".*\\.(jpe?g|png|webp|bmp|tiff?)")) {
          photos.add(Files.readAllBytes(f));
        }
      }
    }
    if (photos.isEmpty()) {
      throw new IllegalArgumentException("no photos in " + folder);
    }
    return photos;
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  /**
   * The load average, as {@code uptime} prints it, so each figure says how busy the machine was.
   */
  private static final class Load {
    static String now() {
      try {
        String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
        return f[0] + ", " + f[1] + ", " + f[2];
      } catch (IOException | RuntimeException e) {
        return "unknown";
      }
    }
  }
}
