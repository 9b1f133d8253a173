package io.homeward.search.store.milvus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.homeward.search.domain.CaseStatus;
import io.homeward.search.domain.FaceAttributes;
import io.homeward.search.domain.FaceRecord;
import io.homeward.search.domain.Sex;
import io.homeward.search.domain.Side;
import io.homeward.search.domain.VectorSpace;
import io.homeward.search.health.IndexReadiness;
import io.homeward.search.index.FaceIndex;
import io.homeward.search.index.IndexHit;
import io.homeward.search.index.IndexUnavailableException;
import io.homeward.search.index.SearchFilter;
import io.homeward.search.support.MilvusServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stopped Milvus fails calls fast and safely; a restarted one has lost nothing acknowledged. */
class MilvusUnavailableIT {
  /** Generous against the 5 s deadline on a loaded 2-core machine; a hang would take minutes. */
  private static final Duration WITHIN = Duration.ofSeconds(15);

  private static final int DIM = 16;
  private static MilvusServer server;

  @TempDir Path tempDir;

  @BeforeAll
  static void startServer() {
    server = MilvusServer.start();
  }

  @AfterEach
  void cleanUp() {
    MilvusServer.start();
    MilvusTestSupport.dropCollections(MilvusTestSupport.prefixFor(tempDir));
  }

  @Test
  void aStoppedServerFailsEveryCallWithinTheDeadlineAndARestartLosesNothing()
      throws InterruptedException {
    String prefix = MilvusTestSupport.prefixFor(tempDir);
    VectorSpace space = new VectorSpace("unavailable-model", "v1", DIM);
    Random random = new Random(1);
    List<float[]> vectors = new ArrayList<>();
    List<FaceRecord> faces = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      float[] v = unit(random);
      vectors.add(v);
      faces.add(new FaceRecord(attributes(i), v));
    }

    // Creating and loading the collection is slow DDL: done with the correctness-run deadline.
    try (MilvusFaceIndexFactory setup =
        new MilvusFaceIndexFactory(MilvusTestSupport.settings(prefix))) {
      FaceIndex index = setup.open(space);
      index.upsert(faces);
      index.removeFaces(List.of(10L));
    }

    try (MilvusFaceIndexFactory factory =
        new MilvusFaceIndexFactory(MilvusTestSupport.failFastSettings(prefix))) {
      FaceIndex index = factory.open(space);
      IndexReadiness readiness = new IndexReadiness(index, factory.kind());
      assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);

      server.stop();

      // The service's readiness says Milvus is what is missing, within its 3 s probe.
      Thread.sleep(2_100);
      long probed = System.nanoTime();
      HealthCheckResponse down = readiness.call();
      assertThat(Duration.ofNanos(System.nanoTime() - probed)).isLessThan(Duration.ofSeconds(5));
      assertThat(down.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
      assertThat(down.getData().orElseThrow()).containsEntry("milvus", "down");

      SearchFilter filter = SearchFilter.open(Side.MISSING);
      assertUnavailableWithin(() -> index.search(vectors.get(0), filter, 5));
      assertUnavailableWithin(
          () -> index.upsert(List.of(new FaceRecord(attributes(11), unit(random)))));
      assertUnavailableWithin(() -> index.count(Side.MISSING));
      assertUnavailableWithin(() -> index.removeFaces(List.of(1L)));
      assertUnavailableWithin(() -> index.removeCase("case-2"));
      assertUnavailableWithin(() -> factory.open(space));
      assertUnavailableWithin(
          () -> new MilvusFaceIndexFactory(MilvusTestSupport.failFastSettings(prefix)).close());

      MilvusServer.start();
      // Ready again once the restarted server answers, on the same client (no restart of ours).
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      HealthCheckResponse again = readiness.call();
      while (again.getStatus() != HealthCheckResponse.Status.UP && System.nanoTime() < deadline) {
        Thread.sleep(1_000);
        again = readiness.call();
      }
      assertThat(again.getData().orElseThrow()).containsEntry("milvus", "up");

      // After the restart nothing acknowledged is lost. A fresh factory with the correctness-run
      // deadline: a just-restarted server can be slower than 5 s to answer its first DDL calls.
      try (MilvusFaceIndexFactory after =
          new MilvusFaceIndexFactory(MilvusTestSupport.settings(prefix))) {
        FaceIndex reopened = after.open(space);
        assertThat(reopened.count(Side.MISSING)).isEqualTo(9);
        List<IndexHit> hits = reopened.search(vectors.get(2), filter, 3);
        assertThat(hits.get(0).attributes().faceId()).isEqualTo(3L);
        assertThat(hits.get(0).score()).isCloseTo(1f, within(1e-3f));
        assertThat(reopened.search(vectors.get(9), filter, 20))
            .extracting(h -> h.attributes().faceId())
            .doesNotContain(10L);
      }
    }
  }

  private static void assertUnavailableWithin(ThrowingCallable call) {
    long start = System.nanoTime();
    assertThatThrownBy(call)
        .isInstanceOf(IndexUnavailableException.class)
        .satisfies(
            e -> {
              // Safe message: no ids, no case references, no expressions.
              assertThat(e.getMessage()).doesNotContain("case-", "face_id", "[");
              assertThat(e.getCause().getMessage()).doesNotContain("case-", "face_id", "[");
            });
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WITHIN);
  }

  private static FaceAttributes attributes(long id) {
    return new FaceAttributes(
        id, "case-" + id, Side.MISSING, Sex.MALE, 2000, 2002, 5f, 2006, "KE", CaseStatus.OPEN);
  }

  private static float[] unit(Random random) {
    float[] v = new float[DIM];
    double sq = 0;
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) random.nextGaussian();
      sq += v[i] * v[i];
    }
    for (int i = 0; i < DIM; i++) {
      v[i] /= (float) Math.sqrt(sq);
    }
    return v;
  }
}
