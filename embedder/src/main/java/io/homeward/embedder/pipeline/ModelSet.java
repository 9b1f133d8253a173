package io.homeward.embedder.pipeline;

import io.homeward.embedder.error.EmbedderException;
import io.homeward.embedder.error.Reason;
import io.homeward.embedder.inference.OnnxModel;
import io.homeward.embedder.projection.FusedSpace;
import io.homeward.embedder.projection.FusionFile;
import io.homeward.embedder.projection.Projection;
import io.homeward.models.ManifestReader;
import io.homeward.models.ModelFiles;
import io.homeward.models.ModelManifest;
import io.homeward.models.ModelTask;
import io.homeward.models.ModelUnavailableException;
import java.util.Optional;

/**
 * The three models of the chain (and the optional age model and, for a fused space, the second
 * embedding model), read, verified and loaded once at start-up. Any problem fails here, with a
 * message naming the file and how to fetch it, never at the first request.
 */
final class ModelSet implements AutoCloseable {
  final OnnxModel detector;
  final OnnxModel landmarks;
  final OnnxModel embedding;
  final Projection projection;
  // The model's own space, served beside the configured projection for re-embedding jobs.
  final Projection identity;
  // Absent unless an age model is configured.
  final Optional<OnnxModel> age;
  // Both present when a fused space is configured: its second embedding model and the space.
  final Optional<OnnxModel> second;
  final Optional<FusedSpace> fusion;
  // The configured space: the fused one, else the projection's; and the two a request may name
  // besides it.
  final VectorSpace space;
  private final VectorSpace projected;
  private final VectorSpace own;

  private ModelSet(
      OnnxModel detector,
      OnnxModel landmarks,
      OnnxModel embedding,
      Projection projection,
      Optional<OnnxModel> age,
      Optional<OnnxModel> second,
      Optional<FusedSpace> fusion) {
    this.detector = detector;
    this.landmarks = landmarks;
    this.embedding = embedding;
    this.projection = projection;
    this.identity =
        Projection.identity(
            embedding.manifest().id(),
            embedding.manifest().version(),
            embedding.manifest().dimension());
    this.age = age;
    this.second = second;
    this.fusion = fusion;
    this.space = new VectorSpace(projection, fusion);
    this.projected = new VectorSpace(projection, Optional.empty());
    this.own = new VectorSpace(identity, Optional.empty());
  }

  static ModelSet load(EngineSettings settings) {
    ModelFiles files = new ModelFiles(settings.modelsDir());
    ModelManifest d = read(settings.detector(), ModelTask.DETECTOR);
    ModelManifest l = read(settings.landmarks(), ModelTask.LANDMARKS);
    ModelManifest e = read(settings.embedding(), ModelTask.EMBEDDING);
    // Checked before any weights load: a refused projection stops start-up with its own message.
    Projection projection = settings.projection().load(e.id(), e.version(), e.dimension());
    Optional<FusedSpace> fusion =
        settings
            .fusion()
            .map(
                location ->
                    fusion(location, projection, settings.projection().allowResearchOnly()));
    Optional<ModelManifest> s =
        fusion.map(f -> read(f.secondary().manifest(), ModelTask.EMBEDDING));
    if (fusion.isPresent()) {
      try {
        fusion.get().checkSecondary(s.get().id(), s.get().version(), s.get().dimension());
      } catch (IllegalArgumentException ex) {
        throw new IllegalStateException(ex.getMessage(), ex);
      }
    }
    // Verify every file before loading any, so one message lists the first missing file without
    // partial loads.
    var vd = files.verify(d);
    var vl = files.verify(l);
    var ve = files.verify(e);
    var va = settings.age().map(location -> files.verify(read(location, ModelTask.AGE)));
    var vs = s.map(files::verify);
    OnnxModel detector = OnnxModel.load(vd, settings.device(), settings.detectorOptimization());
    OnnxModel landmarks = null;
    OnnxModel embedding = null;
    Optional<OnnxModel> second = Optional.empty();
    try {
      landmarks = OnnxModel.load(vl, settings.device(), settings.landmarkOptimization());
      embedding = OnnxModel.load(ve, settings.device(), settings.embeddingOptimization());
      // The age model is a MobileNet like the embedding model: the same (measured) level.
      second = vs.map(v -> OnnxModel.load(v, settings.device(), settings.embeddingOptimization()));
      Optional<OnnxModel> age =
          va.map(v -> OnnxModel.load(v, settings.device(), settings.embeddingOptimization()));
      return new ModelSet(detector, landmarks, embedding, projection, age, second, fusion);
    } catch (RuntimeException ex) {
      second.ifPresent(OnnxModel::close);
      detector.close();
      if (landmarks != null) {
        landmarks.close();
      }
      if (embedding != null) {
        embedding.close();
      }
      throw ex;
    }
  }

  /**
   * The fused space at {@code location}, checked against the engine's model and projection. Its
   * parameters were fitted like a projection's, so research-only ones load only where the
   * projection policy allows them.
   */
  private static FusedSpace fusion(
      String location, Projection projection, boolean allowResearchOnly) {
    FusedSpace f;
    try {
      f = FusionFile.read(location);
      f.checkPrimary(
          projection.modelId(), projection.vectorVersion(), projection.outputDimension());
    } catch (IllegalArgumentException ex) {
      throw new IllegalStateException(
          ex.getMessage()
              + " (homeward.embedder.fusion.location="
              + location
              + "; set it to 'none' to serve the projected vectors of the one model, or fit a fused"
              + " space for this projection with `homeward eval --configs fused`)",
          ex);
    }
    if (f.provenance().researchOnly() && !allowResearchOnly) {
      throw new IllegalStateException(
          "fused space "
              + f.id()
              + " ("
              + location
              + ") was fitted on research-only data ("
              + f.provenance().dataset()
              + "; terms: "
              + f.provenance().terms()
              + ") and this deployment does not allow research-only parameters"
              + " (homeward.embedder.projection.allow-research-only=false). Fit one on data you may"
              + " use, or set homeward.embedder.fusion.location=none (another vector space, so"
              + " re-embed).");
    }
    return f;
  }

  static ModelManifest read(String location, ModelTask task) {
    ModelManifest m = ManifestReader.read(location);
    if (m.task() != task) {
      throw new ModelUnavailableException(
          "model manifest " + location + " describes a " + m.task() + " model, not a " + task);
    }
    return m;
  }

  /**
   * The space a request names: the configured one when it names none (or its id); with a fused
   * space configured, the projection's id names the projected vectors of the first model alone;
   * {@value Projection#IDENTITY_ID} names that model's own space. These are what a re-embedding job
   * can move between without restarting the embedder; any other id is refused.
   *
   * @throws EmbedderException INVALID_REQUEST for an id the embedder does not serve
   */
  VectorSpace space(Optional<String> requested) {
    if (requested.isEmpty() || requested.get().isEmpty() || requested.get().equals(space.id())) {
      return space;
    }
    if (requested.get().equals(projection.id())) {
      return projected;
    }
    if (requested.get().equals(Projection.IDENTITY_ID)) {
      return own;
    }
    throw new EmbedderException(
        Reason.INVALID_REQUEST,
        "the embedder serves the spaces '"
            + space.id()
            + (space.fused() ? "', '" + projection.id() : "")
            + "' and 'identity' only");
  }

  @Override
  public void close() {
    detector.close();
    landmarks.close();
    embedding.close();
    age.ifPresent(OnnxModel::close);
    second.ifPresent(OnnxModel::close);
  }
}
