package io.homeward.gateway.client;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.Status;
import io.homeward.gateway.domain.FaceArea;
import io.homeward.gateway.domain.FaceIssue;
import io.homeward.gateway.domain.PhotoVerdict;
import io.homeward.gateway.error.ProblemType;
import io.homeward.proto.embedder.v1.AgeEstimate;
import io.homeward.proto.embedder.v1.AlignFaceRequest;
import io.homeward.proto.embedder.v1.Box;
import io.homeward.proto.embedder.v1.DetectResponse;
import io.homeward.proto.embedder.v1.DetectedFace;
import io.homeward.proto.embedder.v1.EmbedRequest;
import io.homeward.proto.embedder.v1.EmbedResponse;
import io.homeward.proto.embedder.v1.ErrorReason;
import io.homeward.proto.embedder.v1.FacePolicy;
import io.homeward.proto.embedder.v1.QualityIssue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Gateway records to and from the embedder's proto messages, and the embedder's reasons. */
final class EmbedderMapper {
  // The embedder names a reason in ErrorInfo as its enum value without this prefix (AIP-193 style).
  private static final String REASON_PREFIX = "ERROR_REASON_";

  private EmbedderMapper() {}

  static EmbedRequest singleFace(byte[] image) {
    return singleFace(image, Optional.empty());
  }

  /** One face, from the box a person drew when the embedder's detector finds none. */
  static EmbedRequest singleFace(byte[] image, Optional<FaceArea> hint) {
    return singleFace(image, hint, "");
  }

  /** One face, into the space of a projection ("": the embedder's configured one). */
  static EmbedRequest singleFace(byte[] image, Optional<FaceArea> hint, String projection) {
    EmbedRequest.Builder b =
        EmbedRequest.newBuilder()
            .setImage(ByteString.copyFrom(image))
            .setFacePolicy(FacePolicy.FACE_POLICY_SINGLE)
            .setProjection(projection);
    hint.ifPresent(h -> b.setFaceHint(box(h)));
    return b.build();
  }

  /** The aligned face of a photo, {@code side} pixels square, with the box a person drew. */
  static AlignFaceRequest alignFace(byte[] image, Optional<FaceArea> hint, int side) {
    AlignFaceRequest.Builder b =
        AlignFaceRequest.newBuilder().setImage(ByteString.copyFrom(image)).setSize(side);
    hint.ifPresent(h -> b.setFaceHint(box(h)));
    return b.build();
  }

  private static Box box(FaceArea h) {
    return Box.newBuilder()
        .setX1(h.x())
        .setY1(h.y())
        .setX2(h.x() + h.width())
        .setY2(h.y() + h.height())
        .build();
  }

  /** What the gate saw in an answered photo: its accepted and its refused faces. */
  static PhotoVerdict verdict(EmbedResponse response, boolean manualBox) {
    List<PhotoVerdict.Face> faces = new ArrayList<>();
    response.getFacesList().forEach(f -> faces.add(face(f.getFace())));
    response.getRejectedList().forEach(f -> faces.add(face(f)));
    return new PhotoVerdict(
        response.getImage().getWidth(), response.getImage().getHeight(), faces, manualBox);
  }

  /**
   * What the gate saw in a refused photo: the embedder attaches its size and refused faces to a
   * refusal about its faces (a DetectResponse detail); none for other refusals.
   */
  static Optional<PhotoVerdict> refusedFaces(Status status) {
    if (status == null) {
      return Optional.empty();
    }
    for (Any detail : status.getDetailsList()) {
      if (detail.is(DetectResponse.class)) {
        try {
          DetectResponse r = detail.unpack(DetectResponse.class);
          return Optional.of(
              new PhotoVerdict(
                  r.getImage().getWidth(),
                  r.getImage().getHeight(),
                  r.getFacesList().stream().map(EmbedderMapper::face).toList(),
                  false));
        } catch (InvalidProtocolBufferException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /** A face's box (rounded to whole pixels, clipped to none below zero) and its issues. */
  private static PhotoVerdict.Face face(DetectedFace f) {
    Box b = f.getBox();
    int x = Math.round(b.getX1());
    int y = Math.round(b.getY1());
    FaceArea area = new FaceArea(x, y, Math.round(b.getX2()) - x, Math.round(b.getY2()) - y);
    List<FaceIssue> issues = new ArrayList<>();
    for (QualityIssue i : f.getQuality().getIssuesList()) {
      issue(i).ifPresent(issues::add);
    }
    return new PhotoVerdict.Face(area, issues);
  }

  /** The gateway's name for an issue; none for one this gateway does not know yet. */
  static Optional<FaceIssue> issue(QualityIssue i) {
    return Optional.ofNullable(
        switch (i) {
          case QUALITY_ISSUE_FACE_TOO_SMALL -> FaceIssue.FACE_TOO_SMALL;
          case QUALITY_ISSUE_LOW_DETECTOR_SCORE -> FaceIssue.LOW_DETECTOR_SCORE;
          case QUALITY_ISSUE_BLURRY -> FaceIssue.BLURRY;
          case QUALITY_ISSUE_POSE_TOO_EXTREME -> FaceIssue.POSE_TOO_EXTREME;
          case QUALITY_ISSUE_UNDEREXPOSED -> FaceIssue.UNDEREXPOSED;
          case QUALITY_ISSUE_OVEREXPOSED -> FaceIssue.OVEREXPOSED;
          case QUALITY_ISSUE_LOW_CONTRAST -> FaceIssue.LOW_CONTRAST;
          case QUALITY_ISSUE_FACE_CUT_OFF -> FaceIssue.FACE_CUT_OFF;
          case QUALITY_ISSUE_UNSPECIFIED, UNRECOGNIZED -> null;
        });
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
          case ERROR_REASON_FACE_HINT_INVALID -> ProblemType.FACE_BOX_INVALID;
          case ERROR_REASON_QUALITY_TOO_LOW -> ProblemType.QUALITY_TOO_LOW;
          case ERROR_REASON_OVERLOADED -> ProblemType.OVERLOADED;
          case ERROR_REASON_UNAVAILABLE, ERROR_REASON_CANCELLED ->
              ProblemType.DEPENDENCY_UNAVAILABLE;
          case ERROR_REASON_INVALID_REQUEST, ERROR_REASON_INTERNAL -> ProblemType.INTERNAL;
          case ERROR_REASON_UNSPECIFIED, UNRECOGNIZED -> null;
        });
  }
}
