package io.homeward.search.store.lucene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.homeward.search.domain.CaseStatus;
import io.homeward.search.domain.FaceRecord;
import io.homeward.search.domain.Side;
import io.homeward.search.domain.VectorSpace;
import io.homeward.search.index.Expunge;
import io.homeward.search.index.FaceIndex;
import io.homeward.search.index.FaceIndexContract;
import io.homeward.search.index.FaceIndexFactory;
import io.homeward.search.index.IndexHit;
import io.homeward.search.index.IndexSchemaException;
import io.homeward.search.index.IndexUnavailableException;
import io.homeward.search.index.SearchFilter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuceneFaceIndexTest extends FaceIndexContract {

  @Override
  protected FaceIndexFactory newFactory(Path tempDir) {
    return new LuceneFaceIndexFactory(tempDir, LuceneIndexSettings.defaults());
  }

  @Override
  protected void tamperSchema(Path tempDir, VectorSpace space) throws Exception {
    Path marker = markerOf(tempDir, space);
    String text = Files.readString(marker);
    Files.writeString(
        marker,
        text.replace("dimension=" + space.dimension(), "dimension=" + (space.dimension() + 1)));
  }

  private static Path markerOf(Path root, VectorSpace space) {
    return root.resolve(space.storageName()).resolve(SpaceMetadata.FILE_NAME);
  }

  /**
   * Erasure on disk (PRIVACY.md rule 18): a removal alone leaves the face's vector and case in the
   * segment files until a merge; after the expunge no file of the index holds them, while the other
   * faces' vectors are still there.
   */
  @Test
  void aRemovedFaceLeavesTheIndexFilesOnceExpunged() throws Exception {
    VectorSpace space = space(DIM);
    FaceIndex index = factory().open(space);
    Random random = new Random(21);
    long erasedFaceId = 7_654_321_987_654L;
    String erasedCase = "c-erased-subject-0077";
    List<FaceRecord> faces = new ArrayList<>();
    for (long id = 1; id <= 20; id++) {
      boolean erased = id == 7;
      faces.add(
          new FaceRecord(
              attributes(
                  erased ? erasedFaceId : id,
                  erased ? erasedCase : "case-" + id,
                  Side.MISSING,
                  CaseStatus.OPEN),
              unitVector(random, DIM)));
    }
    index.upsert(faces);
    Path dir = tempDir().resolve(space.storageName());
    byte[] erasedVector = littleEndian(faces.get(6).copyVector(), 16);
    byte[] keptVector = littleEndian(faces.get(11).copyVector(), 16);
    byte[] erasedId = Long.toString(erasedFaceId).getBytes(StandardCharsets.UTF_8);
    byte[] erasedCaseRef = erasedCase.getBytes(StandardCharsets.UTF_8);
    // Positive controls: the scan finds what is there.
    assertThat(filesHolding(dir, erasedVector)).isNotEmpty();
    assertThat(filesHolding(dir, erasedId)).isNotEmpty();
    assertThat(filesHolding(dir, erasedCaseRef)).isNotEmpty();

    assertThat(index.removeCase(erasedCase)).isEqualTo(1);
    // The finding: removed, unsearchable, and still on disk.
    assertThat(filesHolding(dir, erasedVector)).isNotEmpty();

    Expunge expunged = index.expungeRemoved();

    assertThat(expunged.removedFaces()).isEqualTo(1);
    assertThat(filesHolding(dir, erasedVector)).isEmpty();
    assertThat(filesHolding(dir, erasedId)).isEmpty();
    assertThat(filesHolding(dir, erasedCaseRef)).isEmpty();
    assertThat(filesHolding(dir, keptVector)).isNotEmpty();
    assertThat(index.count(Side.MISSING)).isEqualTo(19);
  }

  private static byte[] littleEndian(float[] vector, int floats) {
    ByteBuffer buffer = ByteBuffer.allocate(floats * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < floats; i++) {
      buffer.putFloat(vector[i]);
    }
    return buffer.array();
  }

  /** The files under {@code dir} whose bytes contain {@code needle}. */
  private static List<String> filesHolding(Path dir, byte[] needle) throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        byte[] bytes = Files.readAllBytes(f);
        outer:
        for (int i = 0; i <= bytes.length - needle.length; i++) {
          for (int j = 0; j < needle.length; j++) {
            if (bytes[i + j] != needle[j]) {
              continue outer;
            }
          }
          out.add(f.getFileName().toString());
          break;
        }
      }
    }
    return out;
  }

  @Test
  void kindIsEmbedded() {
    assertThat(factory().kind()).isEqualTo("embedded");
  }

  @Test
  void eachSpaceHasItsOwnDirectoryWithAMarkerFile() {
    VectorSpace space = space(DIM);
    factory().open(space);

    assertThat(markerOf(tempDir(), space)).exists();
    assertThat(space.storageName()).endsWith("_" + DIM);
  }

  @Test
  void anIndexWithoutItsMarkerFileIsRefused() throws Exception {
    VectorSpace space = space(SMALL_DIM);
    factory()
        .open(space)
        .upsert(
            List.of(face(1, Side.FOUND, CaseStatus.OPEN, unitVector(new Random(1), SMALL_DIM))));
    closeFactory();
    Files.delete(markerOf(tempDir(), space));

    openFactory();
    assertThatThrownBy(() -> factory().open(space)).isInstanceOf(IndexSchemaException.class);
  }

  @Test
  void anotherSpaceSharingAStorageNameIsRefused() {
    factory().open(new VectorSpace("arcface", "v1.0", SMALL_DIM));

    assertThatThrownBy(() -> factory().open(new VectorSpace("arcface", "v1_0", SMALL_DIM)))
        .isInstanceOf(IndexSchemaException.class);
  }

  @Test
  void dimensionsBeyondLucenesLimitAreRefused() {
    assertThatThrownBy(() -> factory().open(space(LuceneFaceIndex.MAX_DIMENSIONS + 1)))
        .isInstanceOf(IndexSchemaException.class);
  }

  @Test
  void aSecondFactoryOnTheSameRootFindsTheIndexInUse() {
    VectorSpace space = space(SMALL_DIM);
    factory().open(space);

    try (FaceIndexFactory second = newFactory(tempDir())) {
      assertThatThrownBy(() -> second.open(space)).isInstanceOf(IndexUnavailableException.class);
    }
  }

  @Test
  void aClosedIndexIsReopenedByTheFactory() {
    VectorSpace space = space(SMALL_DIM);
    FaceIndex first = factory().open(space);
    first.upsert(
        List.of(face(1, Side.MISSING, CaseStatus.OPEN, unitVector(new Random(2), SMALL_DIM))));
    first.close();

    assertThatThrownBy(() -> first.count(Side.MISSING)).isInstanceOf(IllegalStateException.class);
    FaceIndex second = factory().open(space);
    assertThat(second).isNotSameAs(first);
    assertThat(second.count(Side.MISSING)).isEqualTo(1);
    assertThat(factory().open(space)).isSameAs(second);
  }

  @Test
  void afterABulkLoadMergesSettleAndOtherCandidateCountsSearchTheSameIndex() {
    VectorSpace space = space(SMALL_DIM);
    FaceIndex index = factory().open(space);
    Random random = new Random(9);
    float[] probe = unitVector(random, SMALL_DIM);
    // One commit per upsert: one segment each, until merges join them.
    for (int batch = 0; batch < 12; batch++) {
      List<FaceRecord> faces = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        long id = batch * 50L + i + 1;
        faces.add(face(id, Side.FOUND, CaseStatus.OPEN, unitVector(random, SMALL_DIM)));
      }
      index.upsert(faces);
    }
    index.upsert(List.of(face(10_000, Side.FOUND, CaseStatus.OPEN, probe)));
    LuceneFaceIndexFactory lucene = (LuceneFaceIndexFactory) factory();

    LuceneFaceIndexFactory.Merged settled = lucene.awaitMerges(space, Duration.ofMinutes(1));
    assertThat(settled.complete()).isTrue();
    assertThat(settled.segmentsAfter()).isEqualTo(lucene.segments(space));
    FaceIndex wide = lucene.searchingWith(space, 500);
    var open = SearchFilter.open(Side.FOUND);
    assertThat(wide.search(probe, open, 1).get(0).attributes().faceId()).isEqualTo(10_000);
    assertThat(wide.count(Side.FOUND)).isEqualTo(601);

    LuceneFaceIndexFactory.Merged forced = lucene.forceMerge(space, 1);
    assertThat(forced.segmentsAfter()).isEqualTo(1);
    assertThat(index.search(probe, open, 1).get(0).attributes().faceId()).isEqualTo(10_000);
    assertThat(index.count(Side.FOUND)).isEqualTo(601);
  }

  /**
   * After a bulk load the index merges itself into one segment once writes pause (one HNSW graph to
   * search instead of one per segment), keeping every face; not while writes go on.
   */
  @Test
  void anIndexIdleAfterABulkLoadIsMergedIntoOneSegment(@TempDir Path root) {
    LuceneIndexSettings d = LuceneIndexSettings.defaults();
    Duration idle = Duration.ofHours(1); // the test moves the clock, not the scheduler
    try (LuceneFaceIndexFactory lucene =
        new LuceneFaceIndexFactory(
            root,
            new LuceneIndexSettings(
                16, 100, 400, d.writeTimeout(), LuceneIndexSettings.DEFAULT_VECTOR_FORMAT, idle))) {
      VectorSpace space = space(SMALL_DIM);
      LuceneFaceIndex index = (LuceneFaceIndex) lucene.open(space);
      Random random = new Random(3);
      List<float[]> vectors = new ArrayList<>();
      for (int batch = 0; batch < 5; batch++) {
        List<FaceRecord> faces = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          float[] v = unitVector(random, SMALL_DIM);
          vectors.add(v);
          faces.add(face(vectors.size(), Side.FOUND, CaseStatus.OPEN, v));
        }
        index.upsert(faces);
      }
      assertThat(index.segments()).isGreaterThan(1);
      long now = System.nanoTime();

      assertThat(index.mergeIfIdle(now)).as("writes just happened").isFalse();
      assertThat(index.mergeIfIdle(now + idle.toNanos() * 2)).isTrue();

      assertThat(index.segments()).isEqualTo(1);
      assertThat(index.count(Side.FOUND)).isEqualTo(100);
      var open = SearchFilter.open(Side.FOUND);
      assertThat(index.search(vectors.get(42), open, 1).get(0).attributes().faceId()).isEqualTo(43);
      assertThat(index.mergeIfIdle(now + idle.toNanos() * 3)).as("nothing changed").isFalse();
    }
  }

  /**
   * The quantized formats rank the graph's candidates again with the full vectors: with every face
   * among the candidates the order and the cosines are the exact ones. An index written with 32-bit
   * floats stays readable with a quantized format (the format is per segment).
   */
  @Test
  void quantizedFormatsReturnTheExactOrderAndCosinesOfTheirCandidates(@TempDir Path root) {
    Random random = new Random(11);
    List<float[]> vectors = new ArrayList<>();
    VectorSpace space = space(DIM);
    try (LuceneFaceIndexFactory floats =
        new LuceneFaceIndexFactory(root, settings(LuceneVectorFormat.FLOAT32))) {
      vectors.addAll(fillWith(floats.open(space), random, 0, 150));
    }
    for (LuceneVectorFormat format : List.of(LuceneVectorFormat.INT8, LuceneVectorFormat.INT4)) {
      try (LuceneFaceIndexFactory lucene = new LuceneFaceIndexFactory(root, settings(format))) {
        FaceIndex index = lucene.open(space);
        if (vectors.size() == 150) {
          vectors.addAll(fillWith(index, random, 150, 150));
        }
        assertThat(index.count(Side.FOUND)).isEqualTo(300);
        for (int q = 0; q < 5; q++) {
          float[] query = unitVector(random, DIM);
          List<Integer> exact = new ArrayList<>();
          for (int i = 0; i < vectors.size(); i++) {
            exact.add(i);
          }
          exact.sort(
              (a, b) -> Double.compare(dot(query, vectors.get(b)), dot(query, vectors.get(a))));
          List<IndexHit> hits = index.search(query, SearchFilter.open(Side.FOUND), 10);
          assertThat(hits)
              .as("%s query %d", format, q)
              .extracting(h -> h.attributes().faceId())
              .containsExactlyElementsOf(
                  exact.subList(0, 10).stream().map(i -> (long) i + 1).toList());
          assertThat(hits.get(0).score())
              .isCloseTo((float) dot(query, vectors.get(exact.get(0))), within(1e-5f));
        }
      }
    }
  }

  private static LuceneIndexSettings settings(LuceneVectorFormat format) {
    LuceneIndexSettings d = LuceneIndexSettings.defaults();
    return new LuceneIndexSettings(
        16, 100, 400, d.writeTimeout(), format, LuceneIndexSettings.DEFAULT_MERGE_WHEN_IDLE);
  }

  private static List<float[]> fillWith(FaceIndex index, Random random, int from, int n) {
    List<float[]> vectors = new ArrayList<>();
    List<FaceRecord> faces = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] v = unitVector(random, DIM);
      vectors.add(v);
      faces.add(face(from + i + 1, Side.FOUND, CaseStatus.OPEN, v));
    }
    index.upsert(faces);
    return vectors;
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  @Test
  void settingsAreValidated() {
    assertThatThrownBy(() -> new LuceneIndexSettings(1, 100, 100, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LuceneIndexSettings(16, 0, 100, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LuceneIndexSettings(16, 100, 0, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LuceneIndexSettings(16, 100, 100, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
