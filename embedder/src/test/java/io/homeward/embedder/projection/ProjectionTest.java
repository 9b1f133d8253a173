package io.homeward.embedder.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectionTest {
  private static final Provenance RESEARCH =
      new Provenance(
          "set", "research only", true, "2026-01-01T00:00:00Z", "cmd", "split", 7, 3, "c", "m");

  private static Projection swap(Provenance provenance) {
    // Swaps the two coordinates and drops the third: a 3 -> 3 matrix with a zero row.
    float[] m = {0, 1, 0, 1, 0, 0, 0, 0, 0};
    return Projection.builder()
        .id("test-v1")
        .model("model", "1.0")
        .kind(ProjectionKind.AGE_REMOVAL)
        .dimensions(3, 3)
        .matrix(m)
        .provenance(provenance)
        .build();
  }

  @Test
  void appliesTheMatrixAndNormalises() {
    float[] out = swap(RESEARCH).apply(new float[] {0.6f, 0.0f, 0.8f});
    assertThat(out[0]).isCloseTo(0f, within(1e-6f));
    assertThat(out[1]).isCloseTo(1f, within(1e-6f));
    assertThat(out[2]).isCloseTo(0f, within(1e-6f));
  }

  @Test
  void namesItselfInTheVectorVersion() {
    assertThat(swap(RESEARCH).vectorVersion()).isEqualTo("1.0_test-v1");
    assertThat(Projection.identity("model", "1.0", 3).vectorVersion()).isEqualTo("1.0");
  }

  @Test
  void refusesAVectorOnlyInRemovedDirections() {
    assertThatThrownBy(() -> swap(RESEARCH).apply(new float[] {0, 0, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("zero");
  }

  @Test
  void validatesWhenBuilt() {
    var b =
        Projection.builder()
            .id("x")
            .model("model", "1.0")
            .kind(ProjectionKind.WCCN)
            .dimensions(2, 2)
            .provenance(RESEARCH);
    assertThatThrownBy(() -> b.matrix(new float[] {1, 0, 0}).build()).hasMessageContaining("2 x 2");
    assertThatThrownBy(() -> b.matrix(new float[] {1, 0, 0, Float.NaN}).build())
        .hasMessageContaining("non-finite");
    assertThatThrownBy(() -> b.id("Bad Id").matrix(new float[] {1, 0, 0, 1}).build())
        .hasMessageContaining("lower-case");
  }

  @Test
  void roundTripsThroughItsFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("p.json");
    ProjectionFile.write(swap(RESEARCH), file);
    Projection back = ProjectionFile.read(file.toString());
    assertThat(back.id()).isEqualTo("test-v1");
    assertThat(back.kind()).isEqualTo(ProjectionKind.AGE_REMOVAL);
    assertThat(back.provenance()).isEqualTo(RESEARCH);
    assertThat(back.copyMatrix()).containsExactly(swap(RESEARCH).copyMatrix());
  }

  @Test
  void refusesResearchOnlyParametersWhereNotAllowed(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("p.json");
    ProjectionFile.write(swap(RESEARCH), file);
    assertThatThrownBy(() -> new ProjectionPolicy(file.toString(), false).load("model", "1.0", 3))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("research-only")
        .hasMessageContaining("fit-projection")
        .hasMessageContaining("identity");
    assertThat(new ProjectionPolicy(file.toString(), true).load("model", "1.0", 3).id())
        .isEqualTo("test-v1");
    Provenance consented =
        new Provenance("own", "consented", false, "2026", "cmd", "", 1, 1, "", "");
    ProjectionFile.write(swap(consented), file);
    assertThat(new ProjectionPolicy(file.toString(), false).load("model", "1.0", 3).id())
        .isEqualTo("test-v1");
  }

  @Test
  void refusesAnotherModelsProjection(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("p.json");
    ProjectionFile.write(swap(RESEARCH), file);
    assertThatThrownBy(() -> new ProjectionPolicy(file.toString(), true).load("model", "2.0", 3))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("model@1.0");
  }

  @Test
  void refusesATamperedFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("p.json");
    ProjectionFile.write(swap(RESEARCH), file);
    Files.writeString(
        file, Files.readString(file).replace("\"outputDimension\" : 3", "\"outputDimension\" : 2"));
    assertThatThrownBy(() -> ProjectionFile.read(file.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot be read");
  }

  @Test
  void identityNeedsNoFile() {
    Projection p = ProjectionPolicy.identity().load("model", "1.0", 3);
    assertThat(p.isIdentity()).isTrue();
    assertThat(p.apply(new float[] {0, 3, 4})).containsExactly(0f, 0.6f, 0.8f);
  }
}
