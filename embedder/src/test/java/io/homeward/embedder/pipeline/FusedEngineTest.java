package io.homeward.embedder.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.homeward.embedder.domain.EmbedResult;
import io.homeward.embedder.domain.FacePolicy;
import io.homeward.embedder.domain.FaceVector;
import io.homeward.embedder.projection.ProjectionPolicy;
import io.homeward.models.DefaultModels;
import io.homeward.support.config.Locations;
import io.homeward.support.testing.SharedData;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The second embedding model and the fused space at start-up (issue 16, goal 5): dlib's ResNet, as
 * the build converts it, tells people apart on real photos by itself; a fused space that does not
 * belong to the configured projection, or whose research-only parameters the deployment refuses,
 * stops start-up with a message naming the setting, before any request.
 */
class FusedEngineTest {

  @Test
  void theSecondModelAloneTellsPeopleApart() {
    EngineSettings settings =
        EngineSettings.builder(SharedData.modelsDir())
            .manifests(
                DefaultModels.DETECTOR, DefaultModels.LANDMARKS, DefaultModels.SECOND_EMBEDDING)
            .projection(ProjectionPolicy.identity())
            .fusion(Optional.empty())
            .workers(1)
            .build();
    try (EmbedderEngine engine = EmbedderEngine.start(settings)) {
      assertThat(engine.space().fused()).isFalse();
      FaceVector obama = vector(engine, "people/obama_obama.jpg");
      FaceVector obamaAgain = vector(engine, "people/obama_obama2.jpg");
      FaceVector biden = vector(engine, "people/biden_biden.jpg");
      FaceVector kit = vector(engine, "people/kit_harington_john1.jpeg");
      FaceVector kitAgain = vector(engine, "people/kit_harington_john2.jpeg");
      assertThat(obama.modelId()).isEqualTo("dlib-resnet128");
      assertThat(obama.modelVersion()).isEqualTo("face-api-1.7.15");
      assertThat(obama.dimension()).isEqualTo(128);
      // dlib's cosines sit in a narrow band: the same person is higher, but not by much.
      assertThat(dot(obama, obamaAgain)).isGreaterThan(dot(obama, biden));
      assertThat(dot(kit, kitAgain)).isGreaterThan(dot(kit, obama));
      assertThat(dot(kit, kitAgain)).isGreaterThan(dot(kit, biden));
    }
  }

  @Test
  void aFusedSpaceFittedOnAnotherProjectionStopsStartUp() {
    EngineSettings settings =
        EngineSettings.builder(SharedData.modelsDir())
            .projection(ProjectionPolicy.identity())
            .workers(1)
            .build();
    assertThat(settings.fusion()).contains(EngineSettings.FUSION_BUNDLED);
    assertThatThrownBy(() -> EmbedderEngine.start(settings).close())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("fused-mfn-dlib")
        .hasMessageContaining("faceplugin-1.0.3_lag-agewccn-v1")
        .hasMessageContaining("homeward.embedder.fusion.location")
        .hasMessageContaining("'none'");
  }

  @Test
  void researchOnlyFusionParametersLoadOnlyWhereAllowed(@TempDir Path dir) throws Exception {
    // The bundled projection, relabelled as fitted on data the deployment may use: the projection
    // loads, and the fused space (fitted on LAG) is what is refused.
    ObjectMapper json = new ObjectMapper();
    ObjectNode projection;
    try (InputStream in = Locations.open(ProjectionPolicy.BUNDLED, FusedEngineTest.class)) {
      projection = (ObjectNode) json.readTree(in);
    }
    ((ObjectNode) projection.get("provenance")).put("researchOnly", false);
    Path file = dir.resolve("projection.json");
    Files.writeString(file, json.writeValueAsString(projection));
    EngineSettings settings =
        EngineSettings.builder(SharedData.modelsDir())
            .projection(new ProjectionPolicy(file.toString(), false))
            .workers(1)
            .build();
    assertThatThrownBy(() -> EmbedderEngine.start(settings).close())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("research-only")
        .hasMessageContaining("homeward.embedder.fusion.location=none");
    // Without the fused space the same settings start, serving the projected vectors.
    try (EmbedderEngine engine = EmbedderEngine.start(settings.withoutFusion())) {
      assertThat(engine.space().fused()).isFalse();
      assertThat(engine.space().version()).isEqualTo("faceplugin-1.0.3_lag-agewccn-v1");
      assertThat(engine.secondEmbeddingModel()).isEmpty();
    }
  }

  @Test
  void requestsForEachSpaceBatchedTogetherGetTheirOwnVectors() throws Exception {
    // One worker taking up to 8 waiting requests at once: fused, projected and identity requests
    // share its model calls, and only the fused ones need the second model's crop.
    EngineSettings settings =
        EngineSettings.builder(SharedData.modelsDir()).workers(1).maxJobsPerBatch(8).build();
    byte[] photo = SharedData.fixtureBytes("people/obama_obama.jpg");
    List<Optional<String>> spaces =
        List.of(Optional.empty(), Optional.of("lag-agewccn-v1"), Optional.of("identity"));
    try (EmbedderEngine engine = EmbedderEngine.start(settings)) {
      List<float[]> alone = new ArrayList<>();
      for (Optional<String> space : spaces) {
        alone.add(embed(engine, photo, space).join().faces().get(0).vector().copyValues());
      }
      List<CompletableFuture<EmbedResult>> together = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        together.add(embed(engine, photo, spaces.get(i % 3)));
      }
      for (int i = 0; i < together.size(); i++) {
        FaceVector v = together.get(i).join().faces().get(0).vector();
        float[] want = alone.get(i % 3);
        assertThat(v.dimension()).as("request " + i).isEqualTo(want.length);
        assertThat(dot(v.copyValues(), want)).as("request " + i).isGreaterThan(0.9999);
      }
      assertThat(alone.get(0)).hasSize(640);
      assertThat(alone.get(1)).hasSize(512);
      assertThat(alone.get(2)).hasSize(512);
    }
  }

  private static CompletableFuture<EmbedResult> embed(
      EmbedderEngine engine, byte[] photo, Optional<String> space) {
    return engine.embed(
        photo, new EmbedOptions(FacePolicy.LARGEST, false, Optional.empty(), space));
  }

  private static double dot(float[] x, float[] y) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += x[i] * y[i];
    }
    return s;
  }

  private static FaceVector vector(EmbedderEngine engine, String fixture) {
    return engine
        .embed(SharedData.fixtureBytes(fixture), new EmbedOptions(FacePolicy.LARGEST, false))
        .join()
        .faces()
        .get(0)
        .vector();
  }

  private static double dot(FaceVector a, FaceVector b) {
    return dot(a.copyValues(), b.copyValues());
  }
}
