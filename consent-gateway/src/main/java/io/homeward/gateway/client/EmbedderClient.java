package io.homeward.gateway.client;

import io.homeward.gateway.config.ClientConfig;
import io.homeward.gateway.domain.FaceArea;
import io.homeward.gateway.domain.PhotoVerdict;
import io.homeward.gateway.domain.SpaceRef;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.proto.embedder.v1.AlignFaceRequest;
import io.homeward.proto.embedder.v1.AlignFaceResponse;
import io.homeward.proto.embedder.v1.EmbedRequest;
import io.homeward.proto.embedder.v1.EmbedResponse;
import io.homeward.proto.embedder.v1.EmbedderServiceGrpc;
import io.homeward.proto.embedder.v1.GetModelInfoRequest;
import io.homeward.proto.embedder.v1.GetModelInfoResponse;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The embedder, seen from the gateway: one photo in, one face's vector out (quality gated). Owns
 * its faults: a deadline per attempt, retries, a circuit breaker, and the translation of the
 * embedder's reasons into the gateway's problems.
 */
@ApplicationScoped
public class EmbedderClient {
  private final EmbedderServiceGrpc.EmbedderServiceBlockingStub stub;
  private final ClientConfig config;
  private final Resilience resilience;

  public EmbedderClient(
      @GrpcClient("embedder") EmbedderServiceGrpc.EmbedderServiceBlockingStub stub,
      ClientConfig config) {
    this.stub = stub;
    this.config = config;
    // Embedding is a pure function of the image, so a repeat is safe; but only an unreachable
    // embedder is retried. A call that ran out of its deadline already spent the caller's wait
    // on an expensive model, and repeating it would double the load on a saturated embedder.
    this.resilience = new Resilience(Downstream.EMBEDDER, config, GrpcFailures::isUnavailable);
  }

  /**
   * Embeds the single face of a photo. Several faces, no face, a face of too low quality and bad
   * images are refused with their specific problem, at once (a refusal is never retried).
   */
  public EmbeddedFace embedSingleFace(byte[] image) {
    return embedForEnrolment(image, Optional.empty()).face();
  }

  /**
   * Embeds the single face of a stored photo again, with the box a person drew at enrolment if
   * there was one (the detector found no face on that photo then, and would not now).
   */
  public EmbeddedFace embedSingleFace(byte[] image, FaceArea drawnBox) {
    return embedForEnrolment(image, Optional.ofNullable(drawnBox)).face();
  }

  /**
   * {@link #embedSingleFace(byte[], FaceArea)} into a given vector space: the embedder applies the
   * space's projection, so a search, an index write or a re-embedding job gets vectors of exactly
   * the space it uses.
   */
  public EmbeddedFace embedSingleFace(byte[] image, FaceArea drawnBox, SpaceRef space) {
    return embedForEnrolment(image, Optional.ofNullable(drawnBox), space).face();
  }

  /** Into the recorded live space, or the embedder's configured one while none is recorded. */
  public EmbeddedFace embedSingleFace(byte[] image, FaceArea drawnBox, Optional<SpaceRef> space) {
    return embedForEnrolment(image, Optional.ofNullable(drawnBox), space).face();
  }

  /** Into the recorded live space, or the embedder's configured one while none is recorded. */
  public Enrolled embedForEnrolment(
      byte[] image, Optional<FaceArea> hint, Optional<SpaceRef> space) {
    return space.isPresent()
        ? embedForEnrolment(image, hint, space.get())
        : embedForEnrolment(image, hint);
  }

  /**
   * The embedder's configured space: its embedding model and projection, with the dimension (the
   * space the gateway starts with when it has none recorded).
   */
  public SpaceRef configuredSpace() {
    return space("");
  }

  /**
   * The space of a projection the embedder serves beside its configured one.
   *
   * @throws GatewayException PROJECTION_UNKNOWN when the embedder does not serve it
   */
  public SpaceRef spaceOf(String projection) {
    try {
      return space(projection);
    } catch (GatewayException e) {
      if (e.type() == ProblemType.INTERNAL) {
        throw new GatewayException(
            ProblemType.PROJECTION_UNKNOWN,
            "the embedder serves its configured projection and 'identity' only");
      }
      throw e;
    }
  }

  private SpaceRef space(String projection) {
    GetModelInfoRequest request =
        GetModelInfoRequest.newBuilder().setProjection(projection).build();
    GetModelInfoResponse info =
        resilience.idempotent(
            () ->
                stub.withDeadlineAfter(config.embedderDeadline().toMillis(), TimeUnit.MILLISECONDS)
                    .getModelInfo(request));
    return new SpaceRef(
        info.getEmbedding().getId(),
        info.getEmbedding().getVersion(),
        info.getProjection(),
        info.getEmbedding().getDimension());
  }

  /**
   * The side in pixels of an aligned face shown to examiners: the template of the model's 112-pixel
   * input scaled, large enough to compare features, small enough that two fit side by side.
   */
  public static final int ALIGNED_FACE_SIDE = 320;

  /**
   * The face of a stored photo aligned as the embedder aligns it for the model (same detection and
   * five points), at {@link #ALIGNED_FACE_SIDE} pixels for a person to look at, as PNG; with the
   * box a person drew at enrolment, if there was one. Not quality gated. Refusals come back as
   * their specific problem.
   */
  public byte[] alignedFace(byte[] image, FaceArea drawnBox) {
    if (image == null || image.length == 0) {
      throw new GatewayException(ProblemType.IMAGE_EMPTY, "the image is empty");
    }
    AlignFaceRequest request =
        EmbedderMapper.alignFace(image, Optional.ofNullable(drawnBox), ALIGNED_FACE_SIDE);
    AlignFaceResponse response =
        resilience.idempotent(
            () ->
                stub.withDeadlineAfter(config.embedderDeadline().toMillis(), TimeUnit.MILLISECONDS)
                    .alignFace(request));
    return response.getPng().toByteArray();
  }

  /** A face and what the quality gate saw, for the person who uploaded the photo. */
  public record Enrolled(EmbeddedFace face, PhotoVerdict verdict) {}

  /**
   * Embeds the single face of a photo, or, when the embedder's detector finds none, the face in the
   * box a person drew. Refusals about the photo's faces carry what the gate saw ({@link
   * GatewayException#verdict()}).
   */
  public Enrolled embedForEnrolment(byte[] image, Optional<FaceArea> hint) {
    return embedForEnrolment(image, hint, "");
  }

  /** {@link #embedForEnrolment(byte[], Optional)} into a given vector space. */
  public Enrolled embedForEnrolment(byte[] image, Optional<FaceArea> hint, SpaceRef space) {
    Enrolled e = embedForEnrolment(image, hint, space.projection());
    if (!space.holds(e.face().modelId(), e.face().modelVersion())) {
      // The embedder no longer serves this space (reconfigured): never pass its vector on.
      throw new GatewayException(
          ProblemType.INTERNAL, "the embedder answered in another vector space than asked");
    }
    return e;
  }

  private Enrolled embedForEnrolment(byte[] image, Optional<FaceArea> hint, String projection) {
    if (image == null || image.length == 0) {
      throw new GatewayException(ProblemType.IMAGE_EMPTY, "the image is empty");
    }
    EmbedRequest request = EmbedderMapper.singleFace(image, hint, projection);
    EmbedResponse response;
    try {
      response =
          resilience.idempotent(
              () ->
                  stub.withDeadlineAfter(
                          config.embedderDeadline().toMillis(), TimeUnit.MILLISECONDS)
                      .embed(request));
    } catch (GatewayException e) {
      if (hint.isPresent()) {
        e.verdict()
            .ifPresent(v -> e.verdict(new PhotoVerdict(v.width(), v.height(), v.faces(), true)));
      }
      throw e;
    }
    if (response.getFacesCount() == 0) {
      if (response.getRejectedCount() > 0) {
        throw new GatewayException(
            ProblemType.QUALITY_TOO_LOW, "the face is not clear enough to search with");
      }
      throw new GatewayException(ProblemType.NO_FACE, "no face was found in the image");
    }
    return new Enrolled(
        EmbedderMapper.firstFace(response), EmbedderMapper.verdict(response, hint.isPresent()));
  }

  /**
   * Whether the embedder answers a cheap call within {@code deadline}, past retries and the breaker
   * (for readiness: it says what is down, it does not wait for it).
   */
  public boolean answers(java.time.Duration deadline) {
    try {
      stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
          .getModelInfo(GetModelInfoRequest.getDefaultInstance());
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
