package io.homeward.gateway.client;

import com.google.protobuf.ByteString;
import io.homeward.gateway.error.ProblemType;
import io.homeward.proto.embedder.v1.AgeEstimate;
import io.homeward.proto.embedder.v1.EmbedRequest;
import io.homeward.proto.embedder.v1.EmbedResponse;
import io.homeward.proto.embedder.v1.ErrorReason;
import io.homeward.proto.embedder.v1.FacePolicy;
import java.util.Optional;

/** Gateway records to and from the embedder's proto messages, and the embedder's reasons. */
final class EmbedderMapper {
  // The embedder names a reason in ErrorInfo as its enum value without this prefix (AIP-193 style).
  private static final String REASON_PREFIX = "ERROR_REASON_";

  private EmbedderMapper() {}

  static EmbedRequest singleFace(byte[] image) {
    return EmbedRequest.newBuilder()
        .setImage(ByteString.copyFrom(image))
        .setFacePolicy(FacePolicy.FACE_POLICY_SINGLE)
        .build();
  }

  /** The first face of a response that has one. */
  static EmbeddedFace firstFace(EmbedResponse response) {
    var face = response.getFaces(0);
    float[] vector = Vectors.toArray(face.getEmbedding().getValuesList());
    String modelId = face.getEmbedding().getModel().getId();
    String modelVersion = face.getEmbedding().getModel().getVersion();
    float summary = Math.min(1f, Math.max(0f, face.getFace().getQuality().getDetectorScore()));
    if (!face.getFace().hasAge()) {
      return new EmbeddedFace(vector, modelId, modelVersion, summary);
    }
    var age = face.getFace().getAge();
    return new EmbeddedFace(
        vector,
        modelId,
        modelVersion,
        summary,
        age.getYears(),
        age.getLow(),
        age.getHigh(),
        ageClass(age));
  }

  /** An unspecified class (an older embedder) is uncertain: treated as a minor's. */
  static AgeClass ageClass(AgeEstimate age) {
    return switch (age.getAgeClass()) {
      case AGE_CLASS_MINOR -> AgeClass.MINOR;
      case AGE_CLASS_ADULT -> AgeClass.ADULT;
      default -> AgeClass.UNCERTAIN;
    };
  }

  /** The generated enum value of an ErrorInfo reason; UNRECOGNIZED when it names none. */
  static ErrorReason reason(String errorInfoReason) {
    try {
      return ErrorReason.valueOf(REASON_PREFIX + errorInfoReason);
    } catch (IllegalArgumentException e) {
      return ErrorReason.UNRECOGNIZED;
    }
  }

  /**
   * The gateway's problem for each of the embedder's reasons: its refusals of the caller's image
   * pass through as they are; its requests that the gateway built wrong, and its own failures, are
   * the gateway's internal error. Exhaustive, so a new reason in the proto fails the build here.
   */
  static Optional<ProblemType> problem(ErrorReason reason) {
    return Optional.ofNullable(
        switch (reason) {
          case ERROR_REASON_IMAGE_EMPTY -> ProblemType.IMAGE_EMPTY;
          case ERROR_REASON_IMAGE_TRUNCATED -> ProblemType.IMAGE_TRUNCATED;
          case ERROR_REASON_IMAGE_UNDECODABLE -> ProblemType.IMAGE_UNDECODABLE;
          case ERROR_REASON_IMAGE_UNSUPPORTED_FORMAT -> ProblemType.IMAGE_UNSUPPORTED_FORMAT;
          case ERROR_REASON_IMAGE_TOO_LARGE -> ProblemType.IMAGE_TOO_LARGE;
          case ERROR_REASON_IMAGE_DIMENSIONS_TOO_LARGE -> ProblemType.IMAGE_DIMENSIONS_TOO_LARGE;
          case ERROR_REASON_IMAGE_TOO_SMALL -> ProblemType.IMAGE_TOO_SMALL;
          case ERROR_REASON_NO_FACE -> ProblemType.NO_FACE;
          case ERROR_REASON_FACE_TOO_SMALL -> ProblemType.FACE_TOO_SMALL;
          case ERROR_REASON_MULTIPLE_FACES -> ProblemType.MULTIPLE_FACES;
          case ERROR_REASON_QUALITY_TOO_LOW -> ProblemType.QUALITY_TOO_LOW;
          case ERROR_REASON_OVERLOADED -> ProblemType.OVERLOADED;
          case ERROR_REASON_UNAVAILABLE, ERROR_REASON_CANCELLED ->
              ProblemType.DEPENDENCY_UNAVAILABLE;
          case ERROR_REASON_INVALID_REQUEST, ERROR_REASON_INTERNAL -> ProblemType.INTERNAL;
          case ERROR_REASON_UNSPECIFIED, UNRECOGNIZED -> null;
        });
  }
}
