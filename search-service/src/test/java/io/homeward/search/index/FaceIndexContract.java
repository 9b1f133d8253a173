package io.homeward.search.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.homeward.search.domain.CaseStatus;
import io.homeward.search.domain.FaceAttributes;
import io.homeward.search.domain.FaceRecord;
import io.homeward.search.domain.Sex;
import io.homeward.search.domain.Side;
import io.homeward.search.domain.VectorSpace;
import io.homeward.search.domain.Vectors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guarantees of {@link FaceIndex} and {@link FaceIndexFactory}, run against every
 * implementation. A subclass provides {@link #newFactory(Path)} and {@link #tamperSchema(Path,
 * VectorSpace)}; a store with a server overrides {@link #restartStore()}.
 *
 * <p>Each test gets a fresh temporary directory and a factory from {@link #newFactory(Path)}. The
 * suite calls {@link #newFactory(Path)} again with the same directory after a restart or a schema
 * tamper: that second factory must see the first one's state (a Milvus subclass derives its
 * collection prefix from the directory).
 */
public abstract class FaceIndexContract {
  /** The dimension of production embeddings. */
  protected static final int DIM = 512;

  /** A small dimension where scores can be checked exactly. */
  protected static final int SMALL_DIM = 8;

  @TempDir private Path tempDir;
  private FaceIndexFactory factory;

  /**
   * A factory over an empty store for this test, or over the state left by an earlier factory of
   * the same {@code tempDir} in this test.
   */
  protected abstract FaceIndexFactory newFactory(Path tempDir);

  /**
   * Changes the stored shape of the space's index (dimension, fields, metric or metadata) so that
   * opening it again must fail with {@link IndexSchemaException}. Called while no factory is open,
   * after the space was created and holds faces.
   */
  protected abstract void tamperSchema(Path tempDir, VectorSpace space) throws Exception;

  /**
   * Restarts the store; faces acknowledged before must survive. Default: close the factory and open
   * a new one on the same state. Between {@link #closeFactory()} and {@link #openFactory()} a
   * server-backed store restarts its server.
   */
  protected void restartStore() throws Exception {
    closeFactory();
    openFactory();
  }

  /** The space a test uses; override to make names unique on a shared server. */
  protected VectorSpace space(int dimension) {
    return new VectorSpace("contract-model", "v1", dimension);
  }

  protected final FaceIndexFactory factory() {
    return factory;
  }

  protected final Path tempDir() {
    return tempDir;
  }

  protected final void closeFactory() {
    if (factory != null) {
      factory.close();
      factory = null;
    }
  }

  protected final void openFactory() {
    factory = newFactory(tempDir);
  }

  @BeforeEach
  final void openFreshFactory() {
    openFactory();
  }

  @AfterEach
  final void closeFactoryAfterTest() {
    closeFactory();
  }

  // ---- helpers ----

  /** A deterministic random unit vector. */
  protected static float[] unitVector(Random random, int dimension) {
    float[] v = new float[dimension];
    double sq = 0;
    for (int i = 0; i < dimension; i++) {
      v[i] = (float) random.nextGaussian();
      sq += v[i] * v[i];
    }
    return normalised(v, sq);
  }

  /** A unit vector near {@code base}: base plus Gaussian noise of norm about {@code noise}. */
  protected static float[] nearDuplicate(float[] base, Random random, double noise) {
    float[] v = new float[base.length];
    double scale = noise / Math.sqrt(base.length);
    double sq = 0;
    for (int i = 0; i < base.length; i++) {
      v[i] = (float) (base[i] + random.nextGaussian() * scale);
      sq += v[i] * v[i];
    }
    return normalised(v, sq);
  }

  private static float[] normalised(float[] v, double sq) {
    float norm = (float) Math.sqrt(sq);
    for (int i = 0; i < v.length; i++) {
      v[i] /= norm;
    }
    return v;
  }

  protected static FaceAttributes attributes(long faceId, Side side, CaseStatus status) {
    return attributes(faceId, "case-" + faceId, side, status);
  }

  protected static FaceAttributes attributes(
      long faceId, String caseRef, Side side, CaseStatus status) {
    return new FaceAttributes(
        faceId, caseRef, side, Sex.FEMALE, 2010, 2012, 6.5f, 2018, "KE-30", status);
  }

  protected static FaceRecord face(long faceId, Side side, CaseStatus status, float[] vector) {
    return new FaceRecord(attributes(faceId, side, status), vector);
  }

  private static List<Long> ids(List<IndexHit> hits) {
    return hits.stream().map(h -> h.attributes().faceId()).collect(Collectors.toList());
  }

  /** Upserts {@code n} random open faces with ids 1..n; returns their vectors, index i = id-1. */
  private static List<float[]> fill(FaceIndex index, Side side, int n, int dim, long seed) {
    Random random = new Random(seed);
    List<float[]> vectors = new ArrayList<>();
    List<FaceRecord> batch = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      float[] v = unitVector(random, dim);
      vectors.add(v);
      batch.add(face(i, side, CaseStatus.OPEN, v));
    }
    index.upsert(batch);
    return vectors;
  }

  // ---- tests ----

  @Test
  void searchOfAnEmptyIndexReturnsNothing() {
    FaceIndex index = factory().open(space(DIM));
    Random random = new Random(1);

    assertThat(index.search(unitVector(random, DIM), SearchFilter.open(Side.FOUND), 10)).isEmpty();
    assertThat(index.count(Side.FOUND)).isZero();
    assertThat(index.count(Side.MISSING)).isZero();
  }

  @Test
  void openedIndexReportsItsSpace() {
    VectorSpace space = space(DIM);
    assertThat(factory().open(space).space()).isEqualTo(space);
  }

  @Test
  void aDroppedSpaceIsGoneWithItsFacesAndOtherSpacesKeepTheirs() {
    // A retired vector space after its grace period (issue 14): its whole index goes.
    VectorSpace kept = space(DIM);
    VectorSpace dropped = space(SMALL_DIM);
    fill(factory().open(kept), Side.FOUND, 5, DIM, 21);
    fill(factory().open(dropped), Side.MISSING, 4, SMALL_DIM, 22);
    assertThat(factory().exists(dropped)).isTrue();

    assertThat(factory().drop(dropped)).isTrue();

    assertThat(factory().exists(dropped)).isFalse();
    assertThat(factory().drop(dropped)).as("dropping again removes nothing").isFalse();
    assertThat(factory().exists(kept)).isTrue();
    assertThat(factory().open(kept).count(Side.FOUND)).isEqualTo(5);
    // Asked for again later, the space starts empty.
    assertThat(factory().open(dropped).count(Side.MISSING)).isZero();
  }

  @Test
  void upsertedFaceIsFoundFirstWithScoreNearOne() {
    FaceIndex index = factory().open(space(DIM));
    List<float[]> vectors = fill(index, Side.FOUND, 30, DIM, 2);

    List<IndexHit> hits = index.search(vectors.get(6), SearchFilter.open(Side.FOUND), 5);

    assertThat(hits).hasSize(5);
    assertThat(hits.get(0).attributes().faceId()).isEqualTo(7L);
    assertThat(hits.get(0).score()).isCloseTo(1f, within(1e-3f));
    assertThat(hits)
        .extracting(IndexHit::score)
        .isSortedAccordingTo(Comparator.<Float>reverseOrder());
  }

  @Test
  void scoresAreCosineSimilaritiesAndOrderIsExactOnASmallIndex() {
    FaceIndex index = factory().open(space(SMALL_DIM));
    List<float[]> vectors = fill(index, Side.MISSING, 12, SMALL_DIM, 3);
    float[] query = unitVector(new Random(4), SMALL_DIM);

    List<IndexHit> hits = index.search(query, SearchFilter.open(Side.MISSING), 12);

    List<Long> expected =
        IntStream.rangeClosed(1, 12)
            .boxed()
            .sorted(
                Comparator.comparingDouble(
                    (Integer id) -> -Vectors.dot(query, vectors.get(id - 1))))
            .map(Integer::longValue)
            .collect(Collectors.toList());
    assertThat(ids(hits)).isEqualTo(expected);
    for (IndexHit hit : hits) {
      float exact = Vectors.dot(query, vectors.get((int) hit.attributes().faceId() - 1));
      assertThat(hit.score()).isCloseTo(exact, within(1e-3f));
    }
  }

  @Test
  void searchRespectsKAndReturnsFewerWhenFewerFaces() {
    FaceIndex index = factory().open(space(DIM));
    List<float[]> vectors = fill(index, Side.FOUND, 7, DIM, 5);

    assertThat(index.search(vectors.get(0), SearchFilter.open(Side.FOUND), 3)).hasSize(3);
    assertThat(index.search(vectors.get(0), SearchFilter.open(Side.FOUND), 50)).hasSize(7);
    assertThat(index.search(vectors.get(0), SearchFilter.open(Side.FOUND), 1))
        .extracting(h -> h.attributes().faceId())
        .containsExactly(1L);
  }

  @Test
  void searchAllAnswersEachQueryAsASearchDoesInQueryOrder() {
    FaceIndex index = factory().open(space(SMALL_DIM));
    List<float[]> vectors = fill(index, Side.FOUND, 40, SMALL_DIM, 21);
    // More queries than one store request carries, each the vector of a stored face.
    List<float[]> queries = new ArrayList<>();
    for (int i = 39; i >= 0; i--) {
      queries.add(vectors.get(i));
    }
    SearchFilter found = SearchFilter.open(Side.FOUND);

    List<List<IndexHit>> all = index.searchAll(queries, found, 40);

    assertThat(all).hasSize(40);
    for (int q = 0; q < queries.size(); q++) {
      // A small index is searched exactly, so both calls give the same ranking.
      assertThat(ids(all.get(q))).isEqualTo(ids(index.search(queries.get(q), found, 40)));
      assertThat(all.get(q).get(0).attributes().faceId()).isEqualTo(40L - q);
    }
    // The other side holds nothing: one empty list per query, not a shorter list.
    assertThat(index.searchAll(queries.subList(0, 3), SearchFilter.open(Side.MISSING), 5))
        .hasSize(3)
        .allSatisfy(hits -> assertThat(hits).isEmpty());
    assertThat(index.searchAll(List.of(), found, 5)).isEmpty();
    assertThatThrownBy(
            () -> index.searchAll(List.of(unitVector(new Random(1), SMALL_DIM + 1)), found, 5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void upsertIsIdempotentByFaceId() {
    FaceIndex index = factory().open(space(DIM));
    Random random = new Random(6);
    float[] first = unitVector(random, DIM);
    float[] second = unitVector(random, DIM);
    index.upsert(List.of(face(42, Side.MISSING, CaseStatus.OPEN, first)));
    index.upsert(List.of(face(42, Side.MISSING, CaseStatus.OPEN, first)));
    assertThat(index.count(Side.MISSING)).isEqualTo(1);

    FaceAttributes replaced =
        new FaceAttributes(
            42, "case-new", Side.MISSING, Sex.MALE, 2001, 2003, 3f, 2005, "UG", CaseStatus.OPEN);
    index.upsert(List.of(new FaceRecord(replaced, second)));

    assertThat(index.count(Side.MISSING)).isEqualTo(1);
    List<IndexHit> hits = index.search(second, SearchFilter.open(Side.MISSING), 10);
    assertThat(hits).hasSize(1);
    assertThat(hits.get(0).attributes()).isEqualTo(replaced);
    assertThat(hits.get(0).score()).isCloseTo(1f, within(1e-3f));
    assertThat(index.search(first, SearchFilter.open(Side.MISSING), 10).get(0).score())
        .isCloseTo(Vectors.dot(first, second), within(1e-3f));
  }

  @Test
  void storedFacesReadBackWithTheirAttributesAndVectorsAndAbsentIdsAreLeftOut() {
    FaceIndex index = factory().open(space(DIM));
    Random random = new Random(61);
    List<float[]> vectors = fill(index, Side.FOUND, 40, DIM, 62);
    float[] replacement = unitVector(random, DIM);
    FaceAttributes replaced =
        new FaceAttributes(
            7, "case-new", Side.MISSING, Sex.MALE, 2001, 2003, 3f, 2005, "UG", CaseStatus.PENDING);
    index.upsert(List.of(new FaceRecord(replaced, replacement)));
    index.removeFaces(List.of(9L));

    Map<Long, FaceRecord> stored = index.stored(List.of(3L, 7L, 9L, 40L, 3L, 999L));

    assertThat(stored).containsOnlyKeys(3L, 7L, 40L);
    assertThat(stored.get(3L).copyVector()).containsExactly(vectors.get(2), within(1e-6f));
    assertThat(stored.get(40L).copyVector()).containsExactly(vectors.get(39), within(1e-6f));
    assertThat(stored.get(40L).attributes()).isEqualTo(attributes(40, Side.FOUND, CaseStatus.OPEN));
    // The replacement, not the first write: one face per id.
    assertThat(stored.get(7L).attributes()).isEqualTo(replaced);
    assertThat(stored.get(7L).copyVector()).containsExactly(replacement, within(1e-6f));
    assertThat(index.stored(List.of())).isEmpty();
    List<Long> tooMany = new ArrayList<>();
    for (long id = 1; id <= FaceIndex.MAX_STORED_IDS + 1; id++) {
      tooMany.add(id);
    }
    assertThatThrownBy(() -> index.stored(tooMany)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sideFilterKeepsTheRegistriesApart() {
    FaceIndex index = factory().open(space(DIM));
    Random random = new Random(7);
    float[] shared = unitVector(random, DIM);
    index.upsert(
        List.of(
            face(1, Side.MISSING, CaseStatus.OPEN, shared),
            face(2, Side.FOUND, CaseStatus.OPEN, nearDuplicate(shared, random, 0.05)),
            face(3, Side.MISSING, CaseStatus.OPEN, unitVector(random, DIM)),
            face(4, Side.FOUND, CaseStatus.OPEN, unitVector(random, DIM))));

    assertThat(index.search(shared, SearchFilter.open(Side.FOUND), 10))
        .extracting(h -> h.attributes().faceId())
        .containsExactlyInAnyOrder(2L, 4L);
    assertThat(index.search(shared, SearchFilter.open(Side.MISSING), 10))
        .extracting(h -> h.attributes().faceId())
        .containsExactlyInAnyOrder(1L, 3L);
    assertThat(index.search(shared, SearchFilter.open(Side.FOUND), 10))
        .allSatisfy(h -> assertThat(h.attributes().side()).isEqualTo(Side.FOUND));
  }

  @Test
  void statusFilterReturnsOnlyTheStatusesAskedFor() {
    FaceIndex index = factory().open(space(DIM));
    Random random = new Random(8);
    float[] query = unitVector(random, DIM);
    index.upsert(
        List.of(
            face(1, Side.FOUND, CaseStatus.PENDING, nearDuplicate(query, random, 0.1)),
            face(2, Side.FOUND, CaseStatus.OPEN, nearDuplicate(query, random, 0.1)),
            face(3, Side.FOUND, CaseStatus.CLOSED, nearDuplicate(query, random, 0.1)),
            face(4, Side.FOUND, CaseStatus.REUNIFIED, nearDuplicate(query, random, 0.1))));

    assertThat(ids(index.search(query, SearchFilter.open(Side.FOUND), 10))).containsExactly(2L);
    assertThat(
            ids(index.search(query, new SearchFilter(Side.FOUND, Set.of(CaseStatus.PENDING)), 10)))
        .containsExactly(1L);
    assertThat(
            ids(
                index.search(
                    query,
                    new SearchFilter(Side.FOUND, EnumSet.of(CaseStatus.OPEN, CaseStatus.CLOSED)),
                    10)))
        .containsExactlyInAnyOrder(2L, 3L);
    assertThat(
            index.search(query, new SearchFilter(Side.FOUND, EnumSet.allOf(CaseStatus.class)), 10))
        .hasSize(4);
    assertThat(index.count(Side.FOUND)).isEqualTo(4);
  }

  @Test
  void removeFacesReturnsHowManyExistedAndTheyAreGone() {
    FaceIndex index = factory().open(space(DIM));
    List<float[]> vectors = fill(index, Side.FOUND, 10, DIM, 9);

    assertThat(index.removeFaces(List.of(2L, 5L, 999L))).isEqualTo(2);

    assertThat(index.count(Side.FOUND)).isEqualTo(8);
    assertThat(ids(index.search(vectors.get(1), SearchFilter.open(Side.FOUND), 10)))
        .hasSize(8)
        .doesNotContain(2L, 5L);
    assertThat(index.removeFaces(List.of(2L, 5L))).isZero();
    assertThat(index.removeFaces(List.of(12345L, 67890L))).isZero();
    assertThat(index.removeFaces(List.of())).isZero();
    assertThat(index.count(Side.FOUND)).isEqualTo(8);
  }

  @Test
  void expungingRemovedFacesKeepsEveryOtherFaceAndIsIdempotent() {
    FaceIndex index = factory().open(space(DIM));
    List<float[]> vectors = fill(index, Side.FOUND, 10, DIM, 11);
    assertThat(index.removeCase("case-3")).isEqualTo(1);
    assertThat(index.removeFaces(List.of(7L))).isEqualTo(1);

    Expunge first = index.expungeRemoved();

    assertThat(first.complete()).isTrue();
    assertThat(first.removedFaces()).isGreaterThanOrEqualTo(2);
    assertThat(index.count(Side.FOUND)).isEqualTo(8);
    assertThat(ids(index.search(vectors.get(2), SearchFilter.open(Side.FOUND), 10)))
        .hasSize(8)
        .doesNotContain(3L, 7L);
    assertThat(ids(index.search(vectors.get(0), SearchFilter.open(Side.FOUND), 1)))
        .containsExactly(1L);
    assertThat(index.expungeRemoved()).isEqualTo(Expunge.NOTHING);
  }

  @Test
  void removeCaseRemovesAllFacesOfTheCaseAndOnlyThose() {
    FaceIndex index = factory().open(space(DIM));
    Random random = new Random(10);
    float[] query = unitVector(random, DIM);
    List<FaceRecord> faces = new ArrayList<>();
    faces.add(new FaceRecord(attributes(1, "case-a", Side.MISSING, CaseStatus.OPEN), query));
    faces.add(
        new FaceRecord(
            attributes(2, "case-a", Side.MISSING, CaseStatus.OPEN), unitVector(random, DIM)));
    faces.add(
        new FaceRecord(
            attributes(3, "case-a", Side.MISSING, CaseStatus.PENDING), unitVector(random, DIM)));
    faces.add(
        new FaceRecord(
            attributes(4, "case-ab", Side.MISSING, CaseStatus.OPEN), unitVector(random, DIM)));
    faces.add(
        new FaceRecord(
            attributes(5, "case-b", Side.MISSING, CaseStatus.OPEN), unitVector(random, DIM)));
    faces.add(
        new FaceRecord(
            attributes(6, "case-b", Side.FOUND, CaseStatus.OPEN), unitVector(random, DIM)));
    index.upsert(faces);

    assertThat(index.removeCase("case-a")).isEqualTo(3);

    assertThat(index.count(Side.MISSING)).isEqualTo(2);
    assertThat(index.count(Side.FOUND)).isEqualTo(1);
    assertThat(
            ids(
                index.search(
                    query, new SearchFilter(Side.MISSING, EnumSet.allOf(CaseStatus.class)), 10)))
        .containsExactlyInAnyOrder(4L, 5L);
    assertThat(index.removeCase("case-a")).isZero();
    assertThat(index.removeCase("case-unknown")).isZero();
  }

  @Test
  void countCountsOneSideWhateverTheStatus() {
    FaceIndex index = factory().open(space(DIM));
    Random random = new Random(11);
    List<FaceRecord> faces = new ArrayList<>();
    for (int i = 1; i <= 9; i++) {
      Side side = i <= 6 ? Side.MISSING : Side.FOUND;
      CaseStatus status = CaseStatus.values()[i % CaseStatus.values().length];
      faces.add(face(i, side, status, unitVector(random, DIM)));
    }
    index.upsert(faces);

    assertThat(index.count(Side.MISSING)).isEqualTo(6);
    assertThat(index.count(Side.FOUND)).isEqualTo(3);
  }

  @Test
  void upsertOfAWrongDimensionIsRejectedAndWritesNothing() {
    FaceIndex index = factory().open(space(DIM));
    Random random = new Random(12);
    List<FaceRecord> batch =
        List.of(
            face(1, Side.FOUND, CaseStatus.OPEN, unitVector(random, DIM)),
            face(2, Side.FOUND, CaseStatus.OPEN, unitVector(random, DIM / 2)));

    assertThatThrownBy(() -> index.upsert(batch)).isInstanceOf(IllegalArgumentException.class);

    assertThat(index.count(Side.FOUND)).isZero();
  }

  @Test
  void searchWithAWrongDimensionIsRejected() {
    FaceIndex index = factory().open(space(DIM));
    fill(index, Side.FOUND, 3, DIM, 13);
    float[] query = unitVector(new Random(14), SMALL_DIM);

    assertThatThrownBy(() -> index.search(query, SearchFilter.open(Side.FOUND), 5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void attributesRoundTripExactlyIncludingUnknownMarkers() {
    FaceIndex index = factory().open(space(SMALL_DIM));
    Random random = new Random(15);
    FaceAttributes known =
        new FaceAttributes(
            9_007_199_254_740_993L,
            "Case_Ref-0042",
            Side.MISSING,
            Sex.MALE,
            1998,
            2001,
            4.25f,
            2003,
            "NP-3",
            CaseStatus.OPEN);
    FaceAttributes unknown =
        new FaceAttributes(2L, "c", Side.MISSING, Sex.UNKNOWN, 0, 0, -1f, 0, "", CaseStatus.OPEN);
    float[] v1 = unitVector(random, SMALL_DIM);
    float[] v2 = unitVector(random, SMALL_DIM);
    index.upsert(List.of(new FaceRecord(known, v1), new FaceRecord(unknown, v2)));

    assertThat(index.search(v1, SearchFilter.open(Side.MISSING), 1).get(0).attributes())
        .isEqualTo(known);
    FaceAttributes back = index.search(v2, SearchFilter.open(Side.MISSING), 1).get(0).attributes();
    assertThat(back).isEqualTo(unknown);
    assertThat(back.regionCode()).isEmpty();
    assertThat(back.ageKnown()).isFalse();
  }

  @Test
  void acknowledgedFacesSurviveARestart() throws Exception {
    VectorSpace space = space(DIM);
    List<float[]> vectors = fill(factory().open(space), Side.MISSING, 20, DIM, 16);
    factory().open(space).removeFaces(List.of(20L));

    restartStore();

    FaceIndex index = factory().open(space);
    assertThat(index.count(Side.MISSING)).isEqualTo(19);
    List<IndexHit> hits = index.search(vectors.get(3), SearchFilter.open(Side.MISSING), 3);
    assertThat(hits.get(0).attributes().faceId()).isEqualTo(4L);
    assertThat(hits.get(0).score()).isCloseTo(1f, within(1e-3f));
    assertThat(ids(index.search(vectors.get(19), SearchFilter.open(Side.MISSING), 30)))
        .doesNotContain(20L);
  }

  @Test
  void anotherDimensionOfTheSameModelIsAnotherStore() {
    VectorSpace big = space(DIM);
    VectorSpace small = new VectorSpace(big.modelId(), big.modelVersion(), SMALL_DIM);
    fill(factory().open(big), Side.FOUND, 5, DIM, 17);

    FaceIndex other = factory().open(small);

    assertThat(other.space()).isEqualTo(small);
    assertThat(other.count(Side.FOUND)).isZero();
    fill(other, Side.FOUND, 2, SMALL_DIM, 18);
    assertThat(factory().open(big).count(Side.FOUND)).isEqualTo(5);
    assertThat(factory().open(small).count(Side.FOUND)).isEqualTo(2);
  }

  @Test
  void twoSpacesKeepTheirFacesApart() {
    VectorSpace a = space(SMALL_DIM);
    VectorSpace b = new VectorSpace(a.modelId(), a.modelVersion() + "-next", SMALL_DIM);
    FaceIndex first = factory().open(a);
    FaceIndex second = factory().open(b);
    List<float[]> vectors = fill(first, Side.MISSING, 4, SMALL_DIM, 19);
    fill(second, Side.MISSING, 6, SMALL_DIM, 20);
    second.removeFaces(List.of(1L));

    assertThat(first.count(Side.MISSING)).isEqualTo(4);
    assertThat(second.count(Side.MISSING)).isEqualTo(5);
    List<IndexHit> hits = first.search(vectors.get(0), SearchFilter.open(Side.MISSING), 10);
    assertThat(hits.get(0).attributes().faceId()).isEqualTo(1L);
    assertThat(hits.get(0).score()).isCloseTo(1f, within(1e-3f));
    assertThat(second.search(vectors.get(0), SearchFilter.open(Side.MISSING), 10))
        .extracting(h -> h.attributes().faceId())
        .doesNotContain(1L);
  }

  @Test
  void aStoreWhoseSchemaDisagreesIsRefused() throws Exception {
    VectorSpace space = space(SMALL_DIM);
    fill(factory().open(space), Side.FOUND, 3, SMALL_DIM, 21);
    closeFactory();

    tamperSchema(tempDir(), space);

    openFactory();
    assertThatThrownBy(() -> factory().open(space)).isInstanceOf(IndexSchemaException.class);
  }

  @Test
  void plantedNearDuplicatesComeFirstAndRecallAtTenIsHigh() {
    int dim = 64;
    FaceIndex index = factory().open(space(dim));
    Random random = new Random(22);
    List<float[]> vectors = new ArrayList<>();
    List<FaceRecord> batch = new ArrayList<>();
    for (int i = 1; i <= 2_000; i++) {
      float[] v = unitVector(random, dim);
      vectors.add(v);
      batch.add(face(i, Side.FOUND, CaseStatus.OPEN, v));
      if (batch.size() == 500) {
        index.upsert(batch);
        batch.clear();
      }
    }
    List<float[]> planted = new ArrayList<>();
    for (int q = 0; q < 20; q++) {
      float[] query = unitVector(random, dim);
      planted.add(query);
      batch.add(face(10_000 + q, Side.FOUND, CaseStatus.OPEN, nearDuplicate(query, random, 0.3)));
      vectors.add(batch.get(batch.size() - 1).copyVector());
    }
    index.upsert(batch);

    for (int q = 0; q < 20; q++) {
      List<IndexHit> hits = index.search(planted.get(q), SearchFilter.open(Side.FOUND), 10);
      assertThat(hits.get(0).attributes().faceId()).isEqualTo(10_000L + q);
    }

    int found = 0;
    for (int q = 0; q < 50; q++) {
      float[] query = unitVector(random, dim);
      Set<Long> exact = new HashSet<>(bruteForceTop(query, vectors, 10));
      List<IndexHit> hits = index.search(query, SearchFilter.open(Side.FOUND), 10);
      assertThat(hits).hasSize(10);
      found += (int) hits.stream().filter(h -> exact.contains(h.attributes().faceId())).count();
    }
    assertThat(found / 500.0).isGreaterThanOrEqualTo(0.95);
  }

  /** Ids of the k nearest vectors; ids 1..2000 then 10000.. as planted by the recall test. */
  private static List<Long> bruteForceTop(float[] query, List<float[]> vectors, int k) {
    return IntStream.range(0, vectors.size())
        .boxed()
        .sorted(Comparator.comparingDouble((Integer i) -> -Vectors.dot(query, vectors.get(i))))
        .limit(k)
        .map(i -> i < 2_000 ? (long) i + 1 : 10_000L + (i - 2_000))
        .collect(Collectors.toList());
  }

  @Test
  void concurrentUpsertsAndSearchesAreSafe() throws Exception {
    FaceIndex index = factory().open(space(SMALL_DIM));
    int threads = 4;
    int facesPerThread = 25;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  Random random = new Random(100 + thread);
                  for (int i = 0; i < facesPerThread; i++) {
                    long id = 1 + thread * 1_000L + i;
                    float[] v = unitVector(random, SMALL_DIM);
                    index.upsert(List.of(face(id, Side.FOUND, CaseStatus.OPEN, v)));
                    List<IndexHit> hits = index.search(v, SearchFilter.open(Side.FOUND), 5);
                    // Our own acknowledged write must be visible to our next search.
                    assertThat(hits.get(0).score()).isCloseTo(1f, within(1e-3f));
                    index.count(Side.FOUND);
                  }
                  return null;
                }));
      }
      for (Future<?> future : futures) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(index.count(Side.FOUND)).isEqualTo((long) threads * facesPerThread);
  }
}
