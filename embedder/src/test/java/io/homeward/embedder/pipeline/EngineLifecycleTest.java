package io.homeward.embedder.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import io.homeward.embedder.error.EmbedderException;
import io.homeward.embedder.error.Reason;
import io.homeward.support.testing.SharedData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.UnaryOperator;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** No request is ever left hanging: not at shutdown, not when the queue is full. */
class EngineLifecycleTest {
  private static final EmbedOptions ALL = EmbedOptions.all();

  @Test
  @Timeout(120)
  void closingCompletesEveryPendingRequest() {
    EmbedderEngine engine = start(b -> b.workers(1).queueCapacity(64));
    List<CompletableFuture<?>> pending = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      pending.add(engine.embed(photo(), ALL));
    }
    engine.close();

    for (CompletableFuture<?> f : pending) {
      assertThat(f).isDone();
      Reason reason = reasonOf(f);
      // Done before close (no face in a blank photo) or refused because the engine stopped.
      assertThat(reason).isIn(Reason.NO_FACE, Reason.UNAVAILABLE);
    }
  }

  @Test
  void requestsAfterCloseFailFastAsUnavailable() {
    EmbedderEngine engine = start(b -> b.workers(1));
    engine.close();

    CompletableFuture<?> late = engine.embed(photo(), ALL);

    assertThat(late).isDone();
    assertThat(reasonOf(late)).isEqualTo(Reason.UNAVAILABLE);
    assertThat(engine.isServing()).isFalse();
  }

  @Test
  @Timeout(120)
  void aFullQueueRefusesAtOnceAndTheRestComplete() {
    List<CompletableFuture<?>> all = new ArrayList<>();
    try (EmbedderEngine engine = start(b -> b.workers(1).queueCapacity(2).maxJobsPerBatch(1))) {
      for (int i = 0; i < 30; i++) {
        all.add(engine.embed(photo(), ALL));
      }
      CompletableFuture.allOf(
              all.stream().map(f -> f.exceptionally(t -> null)).toArray(CompletableFuture[]::new))
          .join();
    }
    List<Reason> reasons = all.stream().map(EngineLifecycleTest::reasonOf).toList();
    assertThat(reasons).contains(Reason.OVERLOADED).contains(Reason.NO_FACE);
    assertThat(reasons).containsOnly(Reason.OVERLOADED, Reason.NO_FACE);
  }

  private static EmbedderEngine start(UnaryOperator<EngineSettings.Builder> tweak) {
    return EmbedderEngine.start(
        tweak.apply(EngineSettings.builder(SharedData.modelsDir())).build());
  }

  /** A plain grey photo: decodes, runs the detector, has no face. */
  private static byte[] photo() {
    try (Mat m = new Mat(480, 640, CV_8UC3, Scalar.all(140));
        BytePointer buffer = new BytePointer()) {
      imencode(".png", m, buffer);
      byte[] bytes = new byte[(int) buffer.limit()];
      buffer.get(bytes);
      return bytes;
    }
  }

  private static Reason reasonOf(CompletableFuture<?> f) {
    try {
      f.join();
      return null;
    } catch (CompletionException e) {
      assertThat(e.getCause()).isInstanceOf(EmbedderException.class);
      return ((EmbedderException) e.getCause()).reason();
    }
  }
}
