package io.homeward.tools.cli;

import io.homeward.embedder.domain.EmbedResult;
import io.homeward.embedder.domain.FacePolicy;
import io.homeward.embedder.error.EmbedderException;
import io.homeward.embedder.pipeline.EmbedOptions;
import io.homeward.embedder.pipeline.EmbedderEngine;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.UnaryOperator;

/**
 * Embeds many files through the engine with bounded concurrency (never more in flight than the
 * queue holds) and progress on stderr. One vector per file: the largest face, gate bypassed, as
 * evaluation protocols expect; files with no face get none and are counted by reason.
 */
final class BatchEmbedder {
  private BatchEmbedder() {}

  /** Vectors by file (null where no face was embedded), and how many failed for each reason. */
  record Outcome(Map<Path, float[]> vectors, Map<String, Integer> failures) {}

  static Outcome embedAll(
      EmbedderEngine engine, List<Path> files, String label, PrintStream progressOut) {
    return embedAll(engine, files, label, progressOut, UnaryOperator.identity());
  }

  /**
   * The same, each file's bytes passed through {@code transform} first (a degraded copy made in
   * memory, for instance: nothing derived from the faces is written).
   */
  static Outcome embedAll(
      EmbedderEngine engine,
      List<Path> files,
      String label,
      PrintStream progressOut,
      UnaryOperator<byte[]> transform) {
    Map<Path, float[]> vectors = new ConcurrentHashMap<>();
    Map<String, Integer> failures = new ConcurrentHashMap<>();
    Semaphore slots = new Semaphore(Math.max(1, engine.settings().queueCapacity() / 2));
    Progress progress = new Progress(label, files.size(), progressOut);
    EmbedOptions options = new EmbedOptions(FacePolicy.LARGEST, true);
    CompletableFuture<?>[] all = new CompletableFuture<?>[files.size()];
    for (int i = 0; i < files.size(); i++) {
      Path file = files.get(i);
      byte[] bytes;
      try {
        bytes = transform.apply(Files.readAllBytes(file));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
      slots.acquireUninterruptibly();
      all[i] =
          engine
              .embed(bytes, options)
              .handle(
                  (EmbedResult r, Throwable t) -> {
                    if (t == null && !r.faces().isEmpty()) {
                      vectors.put(file, r.faces().get(0).vector().copyValues());
                    } else {
                      failures.merge(reason(t), 1, Integer::sum);
                    }
                    slots.release();
                    progress.step();
                    return null;
                  });
    }
    CompletableFuture.allOf(all).join();
    Map<Path, float[]> ordered = new LinkedHashMap<>();
    files.forEach(f -> ordered.put(f, vectors.get(f)));
    return new Outcome(ordered, new TreeMap<>(failures));
  }

  private static String reason(Throwable t) {
    Throwable cause = t;
    while (cause != null && !(cause instanceof EmbedderException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause instanceof EmbedderException e ? e.reason().name() : "NO_FACE";
  }
}
