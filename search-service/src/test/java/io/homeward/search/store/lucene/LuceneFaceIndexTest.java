package io.homeward.search.store.lucene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.homeward.search.domain.CaseStatus;
import io.homeward.search.domain.Side;
import io.homeward.search.domain.VectorSpace;
import io.homeward.search.index.FaceIndex;
import io.homeward.search.index.FaceIndexContract;
import io.homeward.search.index.FaceIndexFactory;
import io.homeward.search.index.IndexSchemaException;
import io.homeward.search.index.IndexUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

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
      List<io.homeward.search.domain.FaceRecord> faces = new java.util.ArrayList<>();
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
    var open = io.homeward.search.index.SearchFilter.open(Side.FOUND);
    assertThat(wide.search(probe, open, 1).get(0).attributes().faceId()).isEqualTo(10_000);
    assertThat(wide.count(Side.FOUND)).isEqualTo(601);

    LuceneFaceIndexFactory.Merged forced = lucene.forceMerge(space, 1);
    assertThat(forced.segmentsAfter()).isEqualTo(1);
    assertThat(index.search(probe, open, 1).get(0).attributes().faceId()).isEqualTo(10_000);
    assertThat(index.count(Side.FOUND)).isEqualTo(601);
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
