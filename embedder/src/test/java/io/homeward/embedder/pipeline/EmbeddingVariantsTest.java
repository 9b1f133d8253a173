package io.homeward.embedder.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.homeward.embedder.domain.EmbedResult;
import io.homeward.embedder.domain.FacePolicy;
import io.homeward.embedder.domain.FaceVector;
import io.homeward.embedder.inference.GraphOptimization;
import io.homeward.embedder.projection.ProjectionPolicy;
import io.homeward.embedder.support.TestEngine;
import io.homeward.models.DefaultModels;
import io.homeward.support.testing.SharedData;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The default embedding model (the published MobileFaceNet with a dynamic batch: a face and its
 * mirror image as two rows of one call, denormal weights flushed, graph optimisation {@code all})
 * gives the vectors the published graph gives with two calls of one at {@code basic}, on real
 * photos; the int8 variant stays close to them and is labelled as its own space.
 */
class EmbeddingVariantsTest {
  // Photos with one face and one with two, so that a batch holds one face's views or several.
  private static final List<String> PHOTOS =
      List.of(
          "people/obama_obama.jpg",
          "people/biden_biden.jpg",
          "people/rose_leslie_img1.jpg",
          "people/lin-manuel-miranda.png",
          "people/two_people.jpg");

  private static EmbedderEngine published;
  private static EmbedderEngine int8;

  @BeforeAll
  static void start() {
    EngineSettings defaults = EngineSettings.defaults(SharedData.modelsDir());
    // What the embedder ran before: the published file, batch of one, basic optimisation.
    published =
        EmbedderEngine.start(
            defaults.toBuilder()
                .manifests(defaults.detector(), defaults.landmarks(), DefaultModels.EMBEDDING)
                .graphOptimization(
                    GraphOptimization.ALL, GraphOptimization.ALL, GraphOptimization.BASIC)
                .workers(1)
                .build());
    int8 =
        EmbedderEngine.start(
            defaults.toBuilder()
                .manifests(defaults.detector(), defaults.landmarks(), DefaultModels.EMBEDDING_INT8)
                .projection(ProjectionPolicy.identity())
                .fusion(Optional.empty())
                .workers(1)
                .build());
  }

  @AfterAll
  static void stop() {
    published.close();
    int8.close();
  }

  @Test
  void theBatchOfTwoGivesTodaysVectors() throws Exception {
    assertThat(TestEngine.shared().embeddingModel().input().maxBatch()).isEqualTo(2);
    assertThat(TestEngine.shared().settings().flipAveraging()).isTrue();
    int faces = 0;
    for (String photo : PHOTOS) {
      List<FaceVector> before = vectors(published, photo);
      List<FaceVector> after = vectors(TestEngine.shared(), photo);
      assertThat(after).as(photo).hasSameSizeAs(before);
      for (int i = 0; i < before.size(); i++) {
        FaceVector b = before.get(i);
        FaceVector a = after.get(i);
        assertThat(a.modelId()).isEqualTo(b.modelId());
        assertThat(a.modelVersion()).isEqualTo(b.modelVersion());
        float[] x = b.copyValues();
        float[] y = a.copyValues();
        float worst = 0;
        for (int d = 0; d < x.length; d++) {
          worst = Math.max(worst, Math.abs(x[d] - y[d]));
        }
        // Float rounding only: a different summation order inside the convolutions, and
        // weights below 1.2e-38 set to 0.
        assertThat(worst).as(photo + " face " + i).isLessThan(1e-5f);
        faces++;
      }
    }
    assertThat(faces).isGreaterThan(PHOTOS.size());
  }

  @Test
  void int8VectorsStayCloseAndNameTheirOwnSpace() throws Exception {
    EngineSettings d = EngineSettings.defaults(SharedData.modelsDir());
    try (EmbedderEngine fp32 =
        EmbedderEngine.start(
            d.toBuilder()
                .projection(ProjectionPolicy.identity())
                .fusion(Optional.empty())
                .workers(1)
                .build())) {
      List<Float> cosines = new ArrayList<>();
      for (String photo : PHOTOS) {
        List<FaceVector> reference = vectors(fp32, photo);
        List<FaceVector> quantised = vectors(int8, photo);
        assertThat(quantised).as(photo).hasSameSizeAs(reference);
        for (int i = 0; i < reference.size(); i++) {
          assertThat(quantised.get(i).modelVersion()).isEqualTo("faceplugin-1.0.3-int8");
          assertThat(reference.get(i).modelVersion()).isEqualTo("faceplugin-1.0.3");
          FaceVector q = quantised.get(i);
          FaceVector r = reference.get(i);
          // Vectors of two spaces are never compared by the embedder's own API...
          assertThatThrownBy(() -> q.cosine(r)).isInstanceOf(IllegalArgumentException.class);
          // ...so the test compares the values itself.
          cosines.add(dot(q.copyValues(), r.copyValues()));
        }
      }
      // Measured 0.97-0.99 on aligned LAG faces; same-person pairs across photos score 0.5-0.8.
      assertThat(cosines).allSatisfy(c -> assertThat(c).isGreaterThan(0.93f));
    }
  }

  private static float dot(float[] a, float[] b) {
    float sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  private static List<FaceVector> vectors(EmbedderEngine engine, String photo) throws Exception {
    EmbedResult r =
        engine.embed(SharedData.fixtureBytes(photo), new EmbedOptions(FacePolicy.ALL, true)).get();
    return r.faces().stream().map(f -> f.vector()).toList();
  }
}
