package io.homeward.gateway.client;

import com.google.protobuf.ByteString;
import io.grpc.StatusRuntimeException;
import io.homeward.gateway.config.ClientConfig;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.proto.embedder.v1.EmbedRequest;
import io.homeward.proto.embedder.v1.EmbedResponse;
import io.homeward.proto.embedder.v1.EmbedderServiceGrpc;
import io.homeward.proto.embedder.v1.FacePolicy;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;

/** The embedder, seen from the gateway: one photo in, one face's vector out (quality gated). */
@ApplicationScoped
public class EmbedderClient {
  private final EmbedderServiceGrpc.EmbedderServiceBlockingStub stub;
  private final ClientConfig config;

  public EmbedderClient(
      @GrpcClient("embedder") EmbedderServiceGrpc.EmbedderServiceBlockingStub stub,
      ClientConfig config) {
    this.stub = stub;
    this.config = config;
  }

  /**
   * Embeds the single face of a photo. Several faces, no face, a face of too low quality and bad
   * images are refused with their specific problem.
   */
  public EmbeddedFace embedSingleFace(byte[] image) {
    if (image == null || image.length == 0) {
      throw new GatewayException(ProblemType.IMAGE_EMPTY, "the image is empty");
    }
    EmbedResponse response;
    try {
      response =
          stub.withDeadlineAfter(config.embedderDeadline().toMillis(), TimeUnit.MILLISECONDS)
              .embed(
                  EmbedRequest.newBuilder()
                      .setImage(ByteString.copyFrom(image))
                      .setFacePolicy(FacePolicy.FACE_POLICY_SINGLE)
                      .build());
    } catch (StatusRuntimeException e) {
      throw GrpcFailures.translate("embedder", e);
    }
    if (response.getFacesCount() == 0) {
      if (response.getRejectedCount() > 0) {
        throw new GatewayException(
            ProblemType.QUALITY_TOO_LOW, "the face is not clear enough to search with");
      }
      throw new GatewayException(ProblemType.NO_FACE, "no face was found in the image");
    }
    var face = response.getFaces(0);
    float[] vector = new float[face.getEmbedding().getValuesCount()];
    for (int i = 0; i < vector.length; i++) {
      vector[i] = face.getEmbedding().getValues(i);
    }
    var quality = face.getFace().getQuality();
    float summary = Math.min(1f, Math.max(0f, quality.getDetectorScore()));
    if (!face.getFace().hasAge()) {
      return new EmbeddedFace(
          vector,
          face.getEmbedding().getModel().getId(),
          face.getEmbedding().getModel().getVersion(),
          summary);
    }
    var age = face.getFace().getAge();
    return new EmbeddedFace(
        vector,
        face.getEmbedding().getModel().getId(),
        face.getEmbedding().getModel().getVersion(),
        summary,
        age.getYears(),
        age.getLow(),
        age.getHigh(),
        ageClass(age.getAgeClass()));
  }

  /** An unspecified class (an older embedder) is uncertain: treated as a minor's. */
  static AgeClass ageClass(io.homeward.proto.embedder.v1.AgeClass c) {
    return switch (c) {
      case AGE_CLASS_MINOR -> AgeClass.MINOR;
      case AGE_CLASS_ADULT -> AgeClass.ADULT;
      default -> AgeClass.UNCERTAIN;
    };
  }
}
