package io.homeward.tools.cli;

import io.homeward.embedder.domain.EmbedResult;
import io.homeward.embedder.domain.FacePolicy;
import io.homeward.embedder.inference.GraphOptimization;
import io.homeward.embedder.inference.InferenceDevice;
import io.homeward.embedder.inference.ModelRunner;
import io.homeward.embedder.inference.OnnxModel;
import io.homeward.embedder.inference.Tensor;
import io.homeward.embedder.pipeline.EmbedOptions;
import io.homeward.embedder.pipeline.EmbedderEngine;
import io.homeward.embedder.pipeline.EngineSettings;
import io.homeward.embedder.pipeline.Stage;
import io.homeward.embedder.pipeline.StageTimings;
import io.homeward.embedder.pipeline.Timed;
import io.homeward.models.InputSpec;
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
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Embedder speed over a fixed set of photos: per-stage milliseconds, faces per second with each
 * worker count, and the whole pipeline's time against bare model inference for the same model
 * calls. Prints figures; asserts nothing.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Per-stage ms (decode, detect, landmarks, align, embed), faces/s with 1 and 2 workers, and the ratio of",
      "whole-pipeline time to bare model inference (the same model calls on same-shaped tensors, nothing else)."
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
      description = "Worker counts to measure (default: ${DEFAULT-VALUE}).")
  List<Integer> workerCounts = List.of(1, 2);

  @Override
  public Integer call() throws Exception {
    List<byte[]> photos = load(images);
    EngineSettings base = engineOptions.settings();
    System.out.printf(
        Locale.ROOT,
        "bench: %d photos from %s, %d passes after %d warm-up, flip averaging %s, %d cores%n",
        photos.size(),
        images,
        passes,
        warmup,
        base.flipAveraging() ? "on" : "off",
        Runtime.getRuntime().availableProcessors());

    // 1. One worker, one request at a time: latency and where it goes.
    StageTimings stages = new StageTimings();
    long[] wall = new long[photos.size() * passes];
    int[] facesPerPhoto = new int[photos.size()];
    int facesTotal = 0;
    try (EmbedderEngine engine = EmbedderEngine.start(base.withWorkers(1))) {
      EmbedOptions options = new EmbedOptions(FacePolicy.ALL, true);
      for (int w = 0; w < warmup; w++) {
        for (byte[] p : photos) {
          engine.embed(p, options).get();
        }
      }
      int n = 0;
      for (int pass = 0; pass < passes; pass++) {
        for (int i = 0; i < photos.size(); i++) {
          long t0 = System.nanoTime();
          Timed<EmbedResult> r = engine.embedTimed(photos.get(i), options).get();
          wall[n++] = System.nanoTime() - t0;
          stages.addAll(r.timings());
          facesPerPhoto[i] = r.value().faces().size();
          facesTotal += r.value().faces().size();
        }
      }
    }
    int requests = photos.size() * passes;
    System.out.println();
    System.out.println("Per-stage time, one worker, mean per photo (ms):");
    for (Stage s : Stage.values()) {
      System.out.printf(
          Locale.ROOT,
          "  %-20s %7.2f%s%n",
          s.name().toLowerCase(Locale.ROOT),
          ms(stages.nanos(s)) / requests,
          s.isModel() ? "  (model)" : "");
    }
    double pipelineMs = ms(Arrays.stream(wall).sum()) / requests;
    double decodeMs = ms(stages.nanos(Stage.DECODE)) / requests;
    double insideModelsMs = ms(stages.modelNanos()) / requests;
    long[] sorted = wall.clone();
    Arrays.sort(sorted);
    System.out.printf(
        Locale.ROOT,
        "  whole request        %7.2f  (p50 %.2f, p95 %.2f)%n",
        pipelineMs,
        ms(sorted[sorted.length / 2]),
        ms(sorted[(int) (sorted.length * 0.95)]));
    System.out.printf(
        Locale.ROOT, "  faces per photo      %7.2f%n", facesTotal / (double) requests);

    // 2. Bare model inference: the same calls, same shapes, straight into ONNX Runtime.
    double bareMs = bare(base, facesPerPhoto);
    System.out.println();
    System.out.println("Pipeline vs bare model inference (one worker, mean ms per photo):");
    System.out.printf(Locale.ROOT, "  bare model inference %7.2f%n", bareMs);
    System.out.printf(Locale.ROOT, "  models inside pipeline %5.2f%n", insideModelsMs);
    System.out.printf(
        Locale.ROOT, "  pipeline, whole      %7.2f  ratio %.3f%n", pipelineMs, pipelineMs / bareMs);
    System.out.printf(
        Locale.ROOT,
        "  pipeline, no decode  %7.2f  ratio %.3f  (decoding is the codec's work, not inference overhead)%n",
        pipelineMs - decodeMs,
        (pipelineMs - decodeMs) / bareMs);

    // 3. Throughput with each worker count: every photo of every pass in flight, bounded by the
    // queue.
    System.out.println();
    System.out.println("Throughput:");
    for (int workers : workerCounts) {
      try (EmbedderEngine engine = EmbedderEngine.start(base.withWorkers(workers))) {
        run(engine, photos, warmup);
        long t0 = System.nanoTime();
        int faces = run(engine, photos, passes);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
            Locale.ROOT,
            "  %d worker%s  %7.1f photos/s  %7.1f faces/s%n",
            workers,
            workers == 1 ? " " : "s",
            photos.size() * passes / seconds,
            faces / seconds);
      }
    }
    return 0;
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

  /**
   * Mean ms per photo of the same model calls the pipeline made, on random tensors of the same
   * shapes.
   */
  private double bare(EngineSettings settings, int[] facesPerPhoto) {
    ModelFiles files = new ModelFiles(settings.modelsDir());
    InferenceDevice device = settings.device();
    int views = settings.flipAveraging() ? 2 : 1;
    try (OnnxModel detector =
            load(files, settings.detector(), device, settings.detectorOptimization());
        OnnxModel landmarks =
            load(files, settings.landmarks(), device, settings.landmarkOptimization());
        OnnxModel embedding =
            load(files, settings.embedding(), device, settings.embeddingOptimization());
        ModelRunner d = detector.newRunner();
        ModelRunner l = landmarks.newRunner();
        ModelRunner e = embedding.newRunner()) {
      Tensor dt = random(detector.manifest().input());
      Tensor lt = random(landmarks.manifest().input());
      Tensor et = random(embedding.manifest().input());
      for (int w = 0; w < warmup; w++) {
        replay(d, l, e, dt, lt, et, facesPerPhoto, views);
      }
      long t0 = System.nanoTime();
      for (int pass = 0; pass < passes; pass++) {
        replay(d, l, e, dt, lt, et, facesPerPhoto, views);
      }
      return ms(System.nanoTime() - t0) / (facesPerPhoto.length * (double) passes);
    }
  }

  private static void replay(
      ModelRunner d,
      ModelRunner l,
      ModelRunner e,
      Tensor dt,
      Tensor lt,
      Tensor et,
      int[] faces,
      int views) {
    for (int f : faces) {
      d.run(dt);
      for (int i = 0; i < f; i++) {
        l.run(lt);
        for (int v = 0; v < views; v++) {
          e.run(et);
        }
      }
    }
  }

  private static OnnxModel load(
      ModelFiles files, String location, InferenceDevice device, GraphOptimization optimization) {
    ModelManifest m = ManifestReader.read(location);
    return OnnxModel.load(files.verify(m), device, optimization);
  }

  private static Tensor random(InputSpec spec) {
    float[] data = new float[spec.channels() * spec.width() * spec.height()];
    Random random = new Random(1);
    for (int i = 0; i < data.length; i++) {
      data[i] = random.nextFloat() * 2 - 1;
    }
    return new Tensor(data, new long[] {1, spec.channels(), spec.height(), spec.width()});
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
}
