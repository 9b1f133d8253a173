package io.homeward.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import io.homeward.search.domain.Side;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The realistic vectors without the models: a Gaussian fitted to synthetic "faces" whose spread is
 * known, and the planting of real faces as queries and matches.
 */
class RealisticVectorsTest {
  private static final int DIM = 16;

  @Test
  void theFittedGaussianDrawsVectorsSpreadLikeTheFaces() {
    // Faces that vary along two directions only (plus a little noise), around a common mean.
    Random r = new Random(5);
    List<float[]> faces = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      float[] v = new float[DIM];
      v[0] = 1f;
      v[1] = (float) (0.5 * r.nextGaussian());
      v[2] = (float) (0.3 * r.nextGaussian());
      for (int d = 3; d < DIM; d++) {
        v[d] = (float) (0.01 * r.nextGaussian());
      }
      VectorSource.normalise(v, 0, DIM);
      faces.add(v);
    }
    FaceVectors.Gaussian g = FaceVectors.Gaussian.fit(faces);

    assertThat(g.dimension()).isEqualTo(DIM);
    assertThat(g.effectiveDimensions()).isBetween(1.0, 2.5);
    assertThat(g.meanNorm()).isGreaterThan(0.7);
    double outside = 0;
    double first = 0;
    SplittableRandom s = new SplittableRandom(1);
    float[] v = new float[DIM];
    for (int i = 0; i < 2_000; i++) {
      g.sample(s, v, 0);
      double norm = 0;
      for (int d = 0; d < DIM; d++) {
        norm += v[d] * v[d];
        outside += d >= 3 ? v[d] * v[d] : 0;
      }
      assertThat(norm).isCloseTo(1.0, offset(1e-4));
      first += v[0];
    }
    // Drawn vectors stay in the faces' plane, on the mean's side.
    assertThat(outside / 2_000).isLessThan(0.01);
    assertThat(first / 2_000).isGreaterThan(0.7);

    // Isotropic faces spread over every dimension.
    List<float[]> uniform = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      float[] u = new float[DIM];
      for (int d = 0; d < DIM; d++) {
        u[d] = (float) r.nextGaussian();
      }
      VectorSource.normalise(u, 0, DIM);
      uniform.add(u);
    }
    assertThat(FaceVectors.Gaussian.fit(uniform).effectiveDimensions()).isGreaterThan(DIM * 0.8);
  }

  @Test
  void realFacesAreTheQueriesAndTheirSubjectsOtherPhotosArePlanted() {
    Random r = new Random(9);
    List<FaceVectors.Face> faces = new ArrayList<>();
    for (int s = 0; s < 40; s++) {
      float[] person = randomUnit(r);
      faces.add(new FaceVectors.Face("s" + s, true, near(person, r)));
      faces.add(new FaceVectors.Face("s" + s, false, near(person, r)));
      faces.add(new FaceVectors.Face("s" + s, false, near(person, r)));
    }
    faces.add(new FaceVectors.Face("only-young", true, randomUnit(r)));
    for (int i = 0; i < 200; i++) {
      faces.add(new FaceVectors.Face(null, false, randomUnit(r)));
    }
    List<float[]> vectors = faces.stream().map(FaceVectors.Face::vector).toList();
    FaceVectors real = new FaceVectors(faces, "test", FaceVectors.Gaussian.fit(vectors));

    VectorSource source = real.source(3, 2_000, 12, 8);

    assertThat(source.queries()).isEqualTo(12);
    assertThat(source.planted()).isEqualTo(8);
    assertThat(source.plantedMatches()).isEqualTo(16); // two adult photos each
    ExactSearch.Truth truth = ExactSearch.topK(source, Side.FOUND, 5, done -> {});
    for (int j = 0; j < 8; j++) {
      // The query's own subject's photos are the nearest: planted, on the searched side.
      assertThat(source.isPlantedMatch(j, truth.top1(j))).as("query %d", j).isTrue();
      assertThat(VectorSource.side(truth.top1(j) - 1)).isEqualTo(Side.FOUND);
    }
    for (int j = 8; j < 12; j++) {
      assertThat(source.plantedFaceId(j)).isEqualTo(-1);
      assertThat(source.isPlantedMatch(j, truth.top1(j))).isFalse();
    }
    // Deterministic for a seed; another seed picks other queries.
    VectorSource again = real.source(3, 2_000, 12, 8);
    assertThat(again.query(5)).containsExactly(source.query(5));
    assertThat(again.base(777)).containsExactly(source.base(777));
    assertThat(real.source(4, 2_000, 12, 8).query(0)).isNotEqualTo(source.query(0));
    // More queries than subjects with both kinds of photo: refused, named.
    assertThatThrownBy(() -> real.source(3, 2_000, 41, 8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("40 LAG subjects");
  }

  private static float[] randomUnit(Random r) {
    float[] v = new float[DIM];
    for (int d = 0; d < DIM; d++) {
      v[d] = (float) r.nextGaussian();
    }
    VectorSource.normalise(v, 0, DIM);
    return v;
  }

  private static float[] near(float[] v, Random r) {
    float[] out = v.clone();
    for (int d = 0; d < DIM; d++) {
      out[d] += (float) (0.05 * r.nextGaussian());
    }
    VectorSource.normalise(out, 0, DIM);
    return out;
  }
}
