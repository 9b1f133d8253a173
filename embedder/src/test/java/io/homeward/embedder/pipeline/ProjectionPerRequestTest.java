package io.homeward.embedder.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

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
 * The projection a request names (issue 14, model change): one engine serves its configured
 * (bundled) projection and the model's own space side by side, on real photos, so a re-embedding
 * job fills a new space while searches keep the old one. The two spaces' vectors are told apart by
 * their version, and the configured space's vector is exactly the projection of the identity one.
 */
class ProjectionPerRequestTest {
  private static EmbedderEngine engine;
  private static Projection configured;

  @BeforeAll
  static void load() {
    engine = TestEngine.shared();
    configured = engine.projection();
  }

  @Test
  void theBundledEngineIsNotTheIdentity() {
    assertThat(configured.isIdentity())
        .as("the default engine uses the bundled projection")
        .isFalse();
    assertThat(engine.projection(Optional.empty())).isSameAs(configured);
    assertThat(engine.projection(Optional.of(configured.id()))).isSameAs(configured);
    assertThat(engine.projection(Optional.of(Projection.IDENTITY_ID)).isIdentity()).isTrue();
  }

  @Test
  void identityVectorsAreTheModelsOwnAndProjectIntoTheConfiguredSpace() {
    byte[] photo = SharedData.fixtureBytes("people/obama_obama.jpg");
    EmbedResult projected = embed(photo, Optional.empty());
    EmbedResult named = embed(photo, Optional.of(configured.id()));
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

    // Naming the configured projection is the same as naming none.
    assertThat(named.faces().get(0).vector().modelVersion()).isEqualTo(p.modelVersion());
    assertThat(dot(named.faces().get(0).vector().copyValues(), p.copyValues()))
        .isGreaterThan(0.9999f);

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
            catchThrowableOfType(
                    () -> engine.projection(Optional.of("other")), EmbedderException.class)
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
