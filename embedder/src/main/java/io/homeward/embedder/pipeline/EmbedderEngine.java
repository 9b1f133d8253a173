package io.homeward.embedder.pipeline;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import io.homeward.embedder.domain.AlignedFace;
import io.homeward.embedder.domain.DetectResult;
import io.homeward.embedder.domain.DetectedFace;
import io.homeward.embedder.domain.EmbedResult;
import io.homeward.embedder.domain.EmbeddedFace;
import io.homeward.embedder.domain.FaceBox;
import io.homeward.embedder.domain.FacePolicy;
import io.homeward.embedder.domain.FaceVector;
import io.homeward.embedder.domain.ImageInfo;
import io.homeward.embedder.domain.QualityIssue;
import io.homeward.embedder.error.EmbedderException;
import io.homeward.embedder.error.Reason;
import io.homeward.embedder.image.DecodedImage;
import io.homeward.embedder.image.ImageDecoder;
import io.homeward.embedder.inference.OnnxModel;
import io.homeward.embedder.projection.Projection;
import io.homeward.models.ModelManifest;
import io.homeward.models.ModelUnavailableException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The embedder's engine: a fixed set of worker threads, each with its own single-threaded
 * predictors, fed from one bounded queue. A request that finds the queue full fails at once with
 * {@link Reason#OVERLOADED} rather than wait; callers retry with back-off. A worker takes up to
 * {@code maxJobsPerBatch} waiting requests at once and embeds all their faces together, so models
 * that accept batches get them. Thread-safe.
 */
public final class EmbedderEngine implements AutoCloseable {
  private static final long START_TIMEOUT_SECONDS = 120;
  private static final System.Logger LOG = System.getLogger(EmbedderEngine.class.getName());

  private final EngineSettings settings;
  private final ModelSet models;
  private final ImageDecoder decoder;
  private final BlockingQueue<Job> queue;
  private final List<Thread> workers = new ArrayList<>();
  private final AtomicInteger liveWorkers = new AtomicInteger();
  private volatile boolean closed;

  private EmbedderEngine(EngineSettings settings, ModelSet models) {
    this.settings = settings;
    this.models = models;
    this.decoder = new ImageDecoder(settings.imageLimits());
    this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
  }

  /**
   * Verifies and loads the models and starts the workers.
   *
   * @throws ModelUnavailableException if a model is missing, corrupt or unloadable
   */
  public static EmbedderEngine start(EngineSettings settings) {
    // Each worker is one thread by design (one predictor per core). OpenCV's own thread pool on
    // top of that only adds contention: with two workers it spent half the CPU in the kernel.
    org.bytedeco.opencv.global.opencv_core.setNumThreads(0);
    ModelSet models = ModelSet.load(settings);
    EmbedderEngine engine = new EmbedderEngine(settings, models);
    CountDownLatch ready = new CountDownLatch(settings.workers());
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (int i = 0; i < settings.workers(); i++) {
      Thread t = new Thread(() -> engine.work(ready, failure), "embedder-worker-" + i);
      t.setDaemon(true);
      engine.workers.add(t);
      t.start();
    }
    boolean started;
    try {
      started = ready.await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      engine.close();
      throw new IllegalStateException("interrupted while starting the embedder", e);
    }
    if (!started || failure.get() != null) {
      engine.close();
      Throwable cause = failure.get();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(
          started ? "an embedder worker failed to start" : "embedder workers did not start in time",
          cause);
    }
    return engine;
  }

  /** Whether at least one worker is alive to take requests. */
  public boolean isServing() {
    return !closed && liveWorkers.get() > 0;
  }

  public EngineSettings settings() {
    return settings;
  }

  public ModelManifest embeddingModel() {
    return models.embedding.manifest();
  }

  /** The projection every vector of the embedding model goes through. */
  public Projection projection() {
    return models.projection;
  }

  /**
   * The space the vectors are in when a request names none: the fused space when one is configured,
   * else the projection's. Its model id and version are the vectors' reference.
   */
  public VectorSpace space() {
    return models.space;
  }

  /** The second embedding model of the fused space, when one is configured. */
  public Optional<ModelManifest> secondEmbeddingModel() {
    return models.second.map(OnnxModel::manifest);
  }

  public ModelManifest detectorModel() {
    return models.detector.manifest();
  }

  public ModelManifest landmarkModel() {
    return models.landmarks.manifest();
  }

  /** Requests waiting for a worker. */
  public int queued() {
    return queue.size();
  }

  public CompletableFuture<EmbedResult> embed(byte[] image, EmbedOptions options) {
    return embedTimed(image, options).thenApply(Timed::value);
  }

  public CompletableFuture<Timed<EmbedResult>> embedTimed(byte[] image, EmbedOptions options) {
    VectorSpace space;
    try {
      space = models.space(options.projection());
    } catch (EmbedderException e) {
      return CompletableFuture.failedFuture(e);
    }
    Job job = new Job(image, options, Kind.EMBED, space);
    submit(job);
    return job.embedResult;
  }

  /**
   * The space a request names (see {@link EmbedOptions#projection()}), for the model reference its
   * answer carries.
   */
  public VectorSpace space(Optional<String> requested) {
    return models.space(requested);
  }

  public CompletableFuture<DetectResult> detect(byte[] image, FacePolicy policy) {
    Job job = new Job(image, new EmbedOptions(policy, true), Kind.DETECT, null);
    submit(job);
    return job.detectResult;
  }

  /** The smallest side of a crop for a person to look at. */
  public static final int MIN_VIEW_SIDE = 64;

  /** The largest side of a crop for a person to look at (a larger one shows no more detail). */
  public static final int MAX_VIEW_SIDE = 512;

  /**
   * The largest face of an image (or the face in a hand-drawn box, as in {@link #embed}), aligned
   * onto the embedding template scaled to {@code side} pixels, as PNG. Not quality gated: the crop
   * is only shown to a person.
   *
   * <p>The future fails with INVALID_REQUEST when {@code side} is outside {@link #MIN_VIEW_SIDE} to
   * {@link #MAX_VIEW_SIDE}, with NO_FACE when no face is found, and as {@link #embed} does for a
   * bad image or hint.
   */
  public CompletableFuture<AlignedFace> align(byte[] image, Optional<FaceBox> hint, int side) {
    if (side < MIN_VIEW_SIDE || side > MAX_VIEW_SIDE) {
      return CompletableFuture.failedFuture(
          new EmbedderException(
              Reason.INVALID_REQUEST,
              "size is " + MIN_VIEW_SIDE + " to " + MAX_VIEW_SIDE + " pixels"));
    }
    Job job = new Job(image, new EmbedOptions(FacePolicy.LARGEST, true, hint), Kind.ALIGN, null);
    job.viewSide = side;
    submit(job);
    return job.alignResult;
  }

  private void submit(Job job) {
    if (closed || liveWorkers.get() == 0) {
      job.fail(
          new EmbedderException(Reason.UNAVAILABLE, "the embedder is not serving; retry later"));
    } else if (!queue.offer(job)) {
      job.fail(new EmbedderException(Reason.OVERLOADED, "the embedder is busy; retry later"));
    } else if (closed && queue.remove(job)) {
      // close() ran between the check and the offer, and may already have drained the queue.
      job.fail(new EmbedderException(Reason.UNAVAILABLE, "the embedder is shutting down"));
    }
  }

  private void work(CountDownLatch ready, AtomicReference<Throwable> failure) {
    FacePipeline pipeline;
    try {
      pipeline = new FacePipeline(models, settings);
      liveWorkers.incrementAndGet();
    } catch (Throwable t) {
      failure.compareAndSet(null, t);
      return;
    } finally {
      ready.countDown();
    }
    List<Job> batch = new ArrayList<>(settings.maxJobsPerBatch());
    try (pipeline) {
      while (!closed) {
        Job first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, settings.maxJobsPerBatch() - 1);
        try {
          process(pipeline, batch);
        } catch (Throwable t) {
          // Whatever went wrong stays with this batch: the worker lives on for the next one.
          LOG.log(Level.ERROR, "embedder worker failed on a batch", t);
          EmbedderException internal =
              new EmbedderException(Reason.INTERNAL, "the embedder failed on this image");
          batch.forEach(j -> j.fail(internal));
          if (t instanceof Error e && !(t instanceof OutOfMemoryError)) {
            throw e;
          }
        }
        batch.clear();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      liveWorkers.decrementAndGet();
      batch.forEach(
          j -> j.fail(new EmbedderException(Reason.UNAVAILABLE, "the embedder is shutting down")));
    }
  }

  /** Faces of one request waiting for their vectors. */
  /**
   * The models' own vectors in the job's space. The pipeline embeds in the models' spaces for a
   * whole batch, so jobs of one batch may go to different spaces.
   */
  private static FaceVector project(VectorSpace space, FacePipeline.RawVectors raw) {
    Projection p = space.projection();
    FaceVector v = raw.primary();
    if (space.fusion().isPresent()) {
      float[] projected = p.isIdentity() ? v.copyValues() : p.apply(v.copyValues());
      float[] fused = space.fusion().get().fuse(projected, raw.second().copyValues());
      return new FaceVector(fused, space.modelId(), space.version());
    }
    if (p.isIdentity()) {
      return v;
    }
    return new FaceVector(p.apply(v.copyValues()), v.modelId(), p.vectorVersion());
  }

  private record Pending(
      Job job,
      ImageInfo info,
      List<FacePipeline.Candidate> accepted,
      List<DetectedFace> rejected) {}

  private void process(FacePipeline pipeline, List<Job> batch) {
    List<Pending> pending = new ArrayList<>();
    try {
      for (Job job : batch) {
        if (job.isCancelled()) {
          continue;
        }
        try {
          Pending p = prepare(pipeline, job);
          if (p != null) {
            pending.add(p);
          }
        } catch (RuntimeException e) {
          job.fail(safe(e));
        }
      }
      if (pending.isEmpty()) {
        return;
      }
      List<FacePipeline.Candidate> faces = new ArrayList<>();
      pending.forEach(p -> faces.addAll(p.accepted()));
      StageTimings shared = new StageTimings();
      List<FacePipeline.RawVectors> vectors;
      try {
        vectors = pipeline.embed(faces, shared);
      } catch (RuntimeException e) {
        EmbedderException safe = safe(e);
        pending.forEach(p -> p.job().fail(safe));
        return;
      }
      int next = 0;
      for (Pending p : pending) {
        List<EmbeddedFace> embedded = new ArrayList<>();
        int first = next;
        next += p.accepted().size();
        try {
          for (int i = 0; i < p.accepted().size(); i++) {
            embedded.add(
                new EmbeddedFace(
                    p.accepted().get(i).face(), project(p.job().space, vectors.get(first + i))));
          }
        } catch (RuntimeException e) {
          p.job().fail(safe(e));
          continue;
        }
        // The batch's model time is shared out by face count, so per-request timings still add up.
        p.job().timings.addShare(shared, p.accepted().size(), faces.size());
        p.job()
            .embedResult
            .complete(
                new Timed<>(new EmbedResult(p.info(), embedded, p.rejected()), p.job().timings));
      }
    } finally {
      pending.forEach(p -> p.accepted().forEach(FacePipeline.Candidate::close));
    }
  }

  /**
   * Decodes and finds faces; completes detect jobs directly; returns what embed jobs still need.
   */
  private Pending prepare(FacePipeline pipeline, Job job) {
    StageTimings timings = job.timings;
    long t0 = System.nanoTime();
    try (DecodedImage image = decoder.decode(job.image)) {
      timings.add(Stage.DECODE, System.nanoTime() - t0);
      List<FacePipeline.Candidate> found =
          pipeline.find(
              image,
              job.options.policy(),
              job.options.faceHint(),
              job.kind == Kind.EMBED && job.space.fused(),
              timings);
      if (job.kind == Kind.ALIGN) {
        job.alignResult.complete(aligned(pipeline, image, found, job.viewSide));
        return null;
      }
      if (job.kind == Kind.DETECT) {
        found.forEach(FacePipeline.Candidate::close);
        job.detectResult.complete(
            new DetectResult(
                image.info(), found.stream().map(FacePipeline.Candidate::face).toList()));
        return null;
      }
      List<FacePipeline.Candidate> accepted = new ArrayList<>();
      List<DetectedFace> rejected = new ArrayList<>();
      for (FacePipeline.Candidate c : found) {
        if (job.options.bypassQualityGate() || c.face().quality().passed()) {
          accepted.add(c);
        } else {
          rejected.add(c.face());
          c.close();
        }
      }
      if (found.isEmpty()) {
        throw new EmbedderException(
            Reason.NO_FACE, "no face was found in the image", image.info(), List.of());
      }
      if (accepted.isEmpty()) {
        throw refusal(image.info(), rejected);
      }
      return new Pending(job, image.info(), accepted, rejected);
    }
  }

  private static AlignedFace aligned(
      FacePipeline pipeline, DecodedImage image, List<FacePipeline.Candidate> found, int side) {
    try {
      if (found.isEmpty()) {
        throw new EmbedderException(
            Reason.NO_FACE, "no face was found in the image", image.info(), List.of());
      }
      DetectedFace face = found.get(0).face();
      try (Mat view = pipeline.alignForView(image.bgr(), face.landmarks(), side);
          BytePointer out = new BytePointer()) {
        if (!imencode(".png", view, out)) {
          throw new IllegalStateException("PNG encoding failed");
        }
        byte[] png = new byte[(int) out.limit()];
        out.get(png);
        return new AlignedFace(image.info(), face, png, side, pipeline.templateFor(side));
      }
    } finally {
      found.forEach(FacePipeline.Candidate::close);
    }
  }

  private static EmbedderException refusal(ImageInfo info, List<DetectedFace> rejected) {
    boolean allTooSmall =
        rejected.stream().allMatch(f -> f.quality().issues().contains(QualityIssue.FACE_TOO_SMALL));
    if (allTooSmall) {
      return new EmbedderException(
          Reason.FACE_TOO_SMALL,
          "the face is too small to compare; use a larger or closer photo",
          info,
          rejected);
    }
    List<QualityIssue> issues = rejected.get(0).quality().issues();
    return new EmbedderException(
        Reason.QUALITY_TOO_LOW,
        "the face failed the quality check: " + describe(issues),
        info,
        rejected);
  }

  private static String describe(List<QualityIssue> issues) {
    List<String> words = new ArrayList<>();
    for (QualityIssue i : issues) {
      words.add(i.name().toLowerCase(Locale.ROOT).replace('_', ' '));
    }
    return String.join(", ", words);
  }

  private static EmbedderException safe(RuntimeException e) {
    if (e instanceof EmbedderException ee) {
      return ee;
    }
    // Internals stay in the application log (no image data reaches it); the caller gets a generic
    // message.
    LOG.log(Level.ERROR, "embedder pipeline failed", e);
    return new EmbedderException(Reason.INTERNAL, "the embedder failed on this image");
  }

  @Override
  public void close() {
    closed = true;
    // Fail what waits rather than run it: a worker still inside a model call must end before the
    // models are freed, and that should not wait for a whole queue.
    Job left;
    while ((left = queue.poll()) != null) {
      left.fail(new EmbedderException(Reason.UNAVAILABLE, "the embedder is shutting down"));
    }
    boolean allEnded = true;
    for (Thread t : workers) {
      try {
        t.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      allEnded &= !t.isAlive();
    }
    if (allEnded) {
      models.close();
    } else {
      // Freeing ONNX Runtime sessions under a running predictor would crash the process.
      LOG.log(Level.WARNING, "embedder workers still running at shutdown; models left open");
    }
  }

  /** What a job asks of a worker. */
  private enum Kind {
    DETECT,
    EMBED,
    ALIGN
  }

  private static final class Job {
    final byte[] image;
    final EmbedOptions options;
    final Kind kind;
    // The space the vectors go to; null unless an embedding.
    final VectorSpace space;
    final StageTimings timings = new StageTimings();
    final CompletableFuture<Timed<EmbedResult>> embedResult = new CompletableFuture<>();
    final CompletableFuture<DetectResult> detectResult = new CompletableFuture<>();
    final CompletableFuture<AlignedFace> alignResult = new CompletableFuture<>();
    int viewSide;

    Job(byte[] image, EmbedOptions options, Kind kind, VectorSpace space) {
      this.image = image;
      this.options = options;
      this.kind = kind;
      this.space = space;
    }

    private CompletableFuture<?> result() {
      return switch (kind) {
        case DETECT -> detectResult;
        case EMBED -> embedResult;
        case ALIGN -> alignResult;
      };
    }

    boolean isCancelled() {
      return result().isCancelled();
    }

    void fail(Throwable t) {
      result().completeExceptionally(t);
    }
  }
}
