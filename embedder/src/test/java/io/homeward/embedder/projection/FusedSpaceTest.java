package io.homeward.embedder.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.homeward.embedder.pipeline.EngineSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fused space (issue 16, goal 5): its vectors are unit length, their cosine is the weighted
 * average of the two models' cosines (the second centred), and its file round-trips and refuses
 * what does not fit; the bundled one belongs to the bundled projection.
 */
class FusedSpaceTest {
  private static final FusedSpace.Member PRIMARY =
      new FusedSpace.Member("classpath:p.json", "model-a", "1", "1_proj", 6);
  private static final FusedSpace.Member SECONDARY =
      new FusedSpace.Member("classpath:s.json", "model-b", "2", "2", 4);
  private static final Provenance FITTED =
      new Provenance(
          "test data", "none", false, "2026-12-06T00:00:00Z", "test", "", 3, 1, "by hand", "");

  @Test
  void theCosineOfFusedVectorsIsTheWeightedAverageOfTheModelsCosines() {
    Random r = new Random(16);
    float[] centre = {0.4f, 0.3f, -0.2f, 0.5f};
    FusedSpace f = new FusedSpace("fused-ab", "v1", PRIMARY, SECONDARY, 0.7, centre, FITTED);
    for (int trial = 0; trial < 50; trial++) {
      float[] p1 = unit(r, 6);
      float[] p2 = unit(r, 6);
      float[] s1 = unit(r, 4);
      float[] s2 = unit(r, 4);
      float[] a = f.fuse(p1, s1);
      float[] b = f.fuse(p2, s2);
      assertThat(a).hasSize(10);
      assertThat(dot(a, a)).isCloseTo(1.0, within(1e-5));
      double expected = 0.7 * dot(p1, p2) + 0.3 * dot(centred(s1, centre), centred(s2, centre));
      assertThat(dot(a, b)).isCloseTo(expected, within(1e-5));
    }
  }

  @Test
  void centringSpreadsAModelWhoseVectorsShareOneLargeDirection() {
    // Two different faces of a model whose vectors all lean one way: 0.9 apart raw, not centred.
    float[] common = {0.9f, 0f, 0f, 0f};
    float[] s1 = normalise(new float[] {0.9f, 0.3f, 0.1f, 0f});
    float[] s2 = normalise(new float[] {0.9f, -0.1f, 0.3f, 0f});
    FusedSpace f =
        new FusedSpace(
            "fused-ab", "v1", PRIMARY, SECONDARY, 0.5, normalise(common.clone()), FITTED);
    float[] p = unit(new Random(1), 6);
    double raw = dot(s1, s2);
    double fusedSecond = (dot(f.fuse(p, s1), f.fuse(p, s2)) - 0.5) / 0.5;
    assertThat(raw).isGreaterThan(0.8);
    assertThat(fusedSecond).as("the centred cosine of the two faces").isLessThan(0.2);
  }

  @Test
  void whatDoesNotFitIsRefused() {
    float[] centre = new float[4];
    assertThatThrownBy(
            () -> new FusedSpace("fused-ab", "v1", PRIMARY, SECONDARY, 1.0, centre, FITTED))
        .hasMessageContaining("weight");
    assertThatThrownBy(
            () -> new FusedSpace("fused-ab", "v1", PRIMARY, SECONDARY, 0, centre, FITTED))
        .hasMessageContaining("weight");
    assertThatThrownBy(
            () -> new FusedSpace("fused-ab", "v1", PRIMARY, SECONDARY, 0.5, new float[3], FITTED))
        .hasMessageContaining("dimension 4");
    assertThatThrownBy(
            () -> new FusedSpace("Fused AB", "v1", PRIMARY, SECONDARY, 0.5, centre, FITTED))
        .hasMessageContaining("id");
    FusedSpace f = new FusedSpace("fused-ab", "v1", PRIMARY, SECONDARY, 0.5, centre, FITTED);
    assertThatThrownBy(() -> f.fuse(new float[5], new float[4])).hasMessageContaining("6 and 4");
    // A second vector equal to the centre has no direction left.
    assertThatThrownBy(() -> f.fuse(new float[6], new float[4]))
        .hasMessageContaining("zero or not finite");
    assertThatThrownBy(() -> f.checkPrimary("model-a", "1", 6)).hasMessageContaining("1_proj");
    assertThatThrownBy(() -> f.checkSecondary("model-b", "3", 4)).hasMessageContaining("model-b@2");
    f.checkPrimary("model-a", "1_proj", 6);
    f.checkSecondary("model-b", "2", 4);
  }

  @Test
  void theFileRoundTrips(@TempDir Path dir) throws Exception {
    float[] centre = {0.25f, -0.125f, 1e-7f, 3f};
    FusedSpace f = new FusedSpace("fused-ab", "v1", PRIMARY, SECONDARY, 0.65, centre, FITTED);
    Path file = dir.resolve("f.json");
    FusionFile.write(f, file);
    FusedSpace back = FusionFile.read(file.toString());
    assertThat(back.id()).isEqualTo("fused-ab");
    assertThat(back.version()).isEqualTo("v1");
    assertThat(back.primary()).isEqualTo(PRIMARY);
    assertThat(back.secondary()).isEqualTo(SECONDARY);
    assertThat(back.primaryWeight()).isEqualTo(0.65);
    assertThat(back.copyCentre()).containsExactly(centre);
    assertThat(back.provenance()).isEqualTo(FITTED);
    assertThat(Files.readString(file)).contains("\"dimension\" : 10");

    Files.writeString(
        file, Files.readString(file).replace("\"dimension\" : 10", "\"dimension\" : 11"));
    assertThatThrownBy(() -> FusionFile.read(file.toString()))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("dimension 11");
    Files.writeString(file, "{\"format\": \"homeward-fusion/0\"}");
    assertThatThrownBy(() -> FusionFile.read(file.toString()))
        .hasMessageContaining("homeward-fusion/1");
  }

  @Test
  void theBundledFusedSpaceBelongsToTheBundledProjection() {
    FusedSpace f = FusionFile.read(EngineSettings.FUSION_BUNDLED);
    Projection p = ProjectionFile.read(ProjectionPolicy.BUNDLED);
    f.checkPrimary(p.modelId(), p.vectorVersion(), p.outputDimension());
    assertThat(f.secondary().modelId()).isEqualTo("dlib-resnet128");
    assertThat(f.dimension()).isEqualTo(640);
    assertThat(f.primaryWeight()).isBetween(0.05, 0.95);
    assertThat(f.provenance().researchOnly()).as("fitted on LAG, like the projection").isTrue();
    assertThat(f.provenance().split()).isEqualTo(p.provenance().split());
    // The centre is dlib's mean vector: long (its vectors share one large direction), not unit.
    float[] c = f.copyCentre();
    assertThat(Math.sqrt(dot(c, c))).isBetween(0.5, 1.0);
  }

  private static float[] unit(Random r, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return normalise(v);
  }

  private static float[] normalise(float[] v) {
    double s = Math.sqrt(dot(v, v));
    for (int i = 0; i < v.length; i++) {
      v[i] /= (float) s;
    }
    return v;
  }

  private static float[] centred(float[] s, float[] c) {
    float[] d = new float[s.length];
    for (int i = 0; i < s.length; i++) {
      d[i] = s[i] - c[i];
    }
    return normalise(d);
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
