package io.homeward.embedder.pipeline;

import io.homeward.embedder.error.EmbedderException;
import io.homeward.embedder.error.Reason;
import io.homeward.embedder.inference.OnnxModel;
import io.homeward.embedder.projection.Projection;
import io.homeward.models.ManifestReader;
import io.homeward.models.ModelFiles;
import io.homeward.models.ModelManifest;
import io.homeward.models.ModelTask;
import io.homeward.models.ModelUnavailableException;
import java.util.Optional;

/**
 * The three models of the chain (and the optional age model), read, verified and loaded once at
 * start-up. Any problem fails here, with a message naming the file and how to fetch it, never at
 * the first request.
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

  private ModelSet(
      OnnxModel detector,
      OnnxModel landmarks,
      OnnxModel embedding,
      Projection projection,
      Optional<OnnxModel> age) {
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
  }

  static ModelSet load(EngineSettings settings) {
    ModelFiles files = new ModelFiles(settings.modelsDir());
    ModelManifest d = read(settings.detector(), ModelTask.DETECTOR);
    ModelManifest l = read(settings.landmarks(), ModelTask.LANDMARKS);
    ModelManifest e = read(settings.embedding(), ModelTask.EMBEDDING);
    // Checked before any weights load: a refused projection stops start-up with its own message.
    Projection projection = settings.projection().load(e.id(), e.version(), e.dimension());
    // Verify every file before loading any, so one message lists the first missing file without
    // partial loads.
    var vd = files.verify(d);
    var vl = files.verify(l);
    var ve = files.verify(e);
    var va = settings.age().map(location -> files.verify(read(location, ModelTask.AGE)));
    OnnxModel detector = OnnxModel.load(vd, settings.device(), settings.detectorOptimization());
    OnnxModel landmarks = null;
    OnnxModel embedding = null;
    try {
      landmarks = OnnxModel.load(vl, settings.device(), settings.landmarkOptimization());
      embedding = OnnxModel.load(ve, settings.device(), settings.embeddingOptimization());
      // The age model is a MobileNet like the embedding model: the same (measured) level.
      Optional<OnnxModel> age =
          va.map(v -> OnnxModel.load(v, settings.device(), settings.embeddingOptimization()));
      return new ModelSet(detector, landmarks, embedding, projection, age);
    } catch (RuntimeException ex) {
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

  static ModelManifest read(String location, ModelTask task) {
    ModelManifest m = ManifestReader.read(location);
    if (m.task() != task) {
      throw new ModelUnavailableException(
          "model manifest " + location + " describes a " + m.task() + " model, not a " + task);
    }
    return m;
  }

  /**
   * The projection a request names: the configured one when it names none (or the configured id),
   * the model's own space for {@value Projection#IDENTITY_ID}. These two are what a re-embedding
   * job can move between without restarting the embedder; any other id is refused.
   *
   * @throws EmbedderException INVALID_REQUEST for an id the embedder does not serve
   */
  Projection projection(Optional<String> requested) {
    if (requested.isEmpty()
        || requested.get().isEmpty()
        || requested.get().equals(projection.id())) {
      return projection;
    }
    if (requested.get().equals(Projection.IDENTITY_ID)) {
      return identity;
    }
    throw new EmbedderException(
        Reason.INVALID_REQUEST,
        "the embedder serves the projections '" + projection.id() + "' and 'identity' only");
  }

  @Override
  public void close() {
    detector.close();
    landmarks.close();
    embedding.close();
    age.ifPresent(OnnxModel::close);
  }
}
