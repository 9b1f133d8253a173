package io.homeward.embedder.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import io.homeward.embedder.domain.EmbedResult;
import io.homeward.embedder.domain.FacePolicy;
import io.homeward.embedder.domain.FaceVector;
import io.homeward.embedder.error.EmbedderException;
import io.homeward.embedder.error.Reason;
import io.homeward.embedder.projection.Projection;
import io.homeward.embedder.support.TestEngine;
import io.homeward.support.testing.SharedData;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The space a request names (issue 14, model change; issue 16, the fused space): one engine serves
 * its configured fused space, the bundled projection's space of the first model alone and that
 * model's own space side by side, on real photos, so a re-embedding job fills a new space while
 * searches keep the old one. The spaces' vectors are told apart by their reference; the projected
 * vector is exactly the projection of the identity one, and the fused vector holds it, weighted.
 */
class ProjectionPerRequestTest {
  private static EmbedderEngine engine;
  private static Projection configured;
  private static VectorSpace fused;

  @BeforeAll
  static void load() {
    engine = TestEngine.shared();
    configured = engine.projection();
    fused = engine.space();
  }

  @Test
  void theBundledEngineServesTheFusedSpace() {
    assertThat(configured.isIdentity())
        .as("the default engine uses the bundled projection")
        .isFalse();
    assertThat(fused.fused()).as("the default engine serves the fused space").isTrue();
    assertThat(fused.modelId()).isEqualTo("fused-mfn-dlib");
    assertThat(fused.dimension()).isEqualTo(configured.outputDimension() + 128);
    assertThat(engine.space(Optional.empty())).isSameAs(fused);
    assertThat(engine.space(Optional.of(fused.id()))).isSameAs(fused);
    VectorSpace projected = engine.space(Optional.of(configured.id()));
    assertThat(projected.fused()).isFalse();
    assertThat(projected.projection()).isSameAs(configured);
    assertThat(projected.version()).isEqualTo(configured.vectorVersion());
    VectorSpace identity = engine.space(Optional.of(Projection.IDENTITY_ID));
    assertThat(identity.fused()).isFalse();
    assertThat(identity.projection().isIdentity()).isTrue();
  }

  @Test
  void theFusedVectorHoldsTheProjectedOneWeightedAndTheSecondModelsCentred() {
    byte[] photo = SharedData.fixtureBytes("people/obama_obama.jpg");
    FaceVector f = embed(photo, Optional.empty()).faces().get(0).vector();
    FaceVector p = embed(photo, Optional.of(configured.id())).faces().get(0).vector();
    assertThat(f.modelId()).isEqualTo(fused.modelId());
    assertThat(f.modelVersion()).isEqualTo(fused.version());
    assertThat(f.dimension()).isEqualTo(fused.dimension());
    float[] v = f.copyValues();
    float[] q = p.copyValues();
    double w = fused.fusion().orElseThrow().primaryWeight();
    double first = 0;
    double second = 0;
    double along = 0;
    for (int i = 0; i < v.length; i++) {
      if (i < q.length) {
        first += v[i] * v[i];
        along += v[i] * q[i];
      } else {
        second += v[i] * v[i];
      }
    }
    assertThat(first).as("the first model's share of the length").isCloseTo(w, within(1e-4));
    assertThat(second).isCloseTo(1 - w, within(1e-4));
    assertThat(along)
        .as("the first part is the projected vector, weighted")
        .isCloseTo(Math.sqrt(w), within(1e-4));
  }

  @Test
  void theFusedSpaceTellsPeopleApart() {
    float[] obama = vector("people/obama_obama.jpg", Optional.empty());
    float[] obamaAgain = vector("people/obama_obama2.jpg", Optional.empty());
    float[] biden = vector("people/biden_biden.jpg", Optional.empty());
    assertThat(dot(obama, obamaAgain)).isGreaterThan(dot(obama, biden) + 0.2f);
  }

  @Test
  void identityVectorsAreTheModelsOwnAndProjectIntoTheConfiguredSpace() {
    byte[] photo = SharedData.fixtureBytes("people/obama_obama.jpg");
    EmbedResult projected = embed(photo, Optional.of(configured.id()));
    EmbedResult named = embed(photo, Optional.of(fused.id()));
    EmbedResult identity = embed(photo, Optional.of(Projection.IDENTITY_ID));

    FaceVector p = projected.faces().get(0).vector();
    FaceVector i = identity.faces().get(0).vector();
    assertThat(p.modelVersion())
        .isEqualTo(configured.vectorVersion())
        .endsWith(Projection.VERSION_SEPARATOR + configured.id());
    assertThat(i.modelVersion())
        .as("the identity space's version is the model's own")
        .isEqualTo(configured.modelVersion());
    assertThat(i.modelId()).isEqualTo(p.modelId());
    assertThat(i.dimension()).isEqualTo(configured.inputDimension());
    assertThat(p.dimension()).isEqualTo(configured.outputDimension());
    assertThat(identity.faces().get(0).face().box().iou(projected.faces().get(0).face().box()))
        .as("the same face, whatever the projection")
        .isGreaterThan(0.99f);

    // Naming the fused space is the same as naming none.
    assertThat(named.faces().get(0).vector().modelVersion()).isEqualTo(fused.version());

    // The configured space's vector is the projection of the model's own (same face, same model).
    float[] again = configured.apply(i.copyValues());
    assertThat(dot(again, p.copyValues())).isGreaterThan(0.9999f);
    // ...and the two spaces differ: comparing across them would be meaningless.
    assertThat(dot(i.copyValues(), p.copyValues())).isLessThan(0.99f);
  }

  @Test
  void theIdentitySpaceStillTellsPeopleApart() {
    Optional<String> identity = Optional.of(Projection.IDENTITY_ID);
    float[] obama = vector("people/obama_obama.jpg", identity);
    float[] obamaAgain = vector("people/obama_obama2.jpg", identity);
    float[] biden = vector("people/biden_biden.jpg", identity);
    assertThat(dot(obama, obamaAgain)).isGreaterThan(dot(obama, biden));
  }

  @Test
  void aProjectionTheEngineDoesNotServeIsRefusedBeforeAnyWork() {
    byte[] photo = SharedData.fixtureBytes("people/obama_obama.jpg");
    int queuedBefore = engine.queued();
    EmbedderException e =
        catchThrowableOfType(
            () -> embed(photo, Optional.of("lag-agewccn-v9")), EmbedderException.class);
    assertThat(e.reason()).isEqualTo(Reason.INVALID_REQUEST);
    assertThat(e.getMessage()).contains("identity").doesNotContain("obama");
    assertThat(engine.queued()).isEqualTo(queuedBefore);
    assertThat(
            catchThrowableOfType(() -> engine.space(Optional.of("other")), EmbedderException.class)
                .reason())
        .isEqualTo(Reason.INVALID_REQUEST);
  }

  private static float[] vector(String fixture, Optional<String> projection) {
    return embed(SharedData.fixtureBytes(fixture), projection).faces().get(0).vector().copyValues();
  }

  private static EmbedResult embed(byte[] photo, Optional<String> projection) {
    try {
      return engine
          .embed(photo, new EmbedOptions(FacePolicy.LARGEST, false, Optional.empty(), projection))
          .join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof EmbedderException ee) {
        throw ee;
      }
      throw e;
    }
  }

  private static float dot(float[] a, float[] b) {
    float s = 0;
    for (int k = 0; k < a.length; k++) {
      s += a[k] * b[k];
    }
    return s;
  }
}
