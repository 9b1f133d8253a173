package io.homeward.embedder.grpc;

import com.google.protobuf.ByteString;
import io.homeward.embedder.domain.AgeClass;
import io.homeward.embedder.domain.AgeEstimate;
import io.homeward.embedder.domain.AlignedFace;
import io.homeward.embedder.domain.DetectResult;
import io.homeward.embedder.domain.DetectedFace;
import io.homeward.embedder.domain.DetectionPass;
import io.homeward.embedder.domain.EmbedResult;
import io.homeward.embedder.domain.EmbeddedFace;
import io.homeward.embedder.domain.FaceBox;
import io.homeward.embedder.domain.FacePolicy;
import io.homeward.embedder.domain.FaceQuality;
import io.homeward.embedder.domain.ImageInfo;
import io.homeward.embedder.domain.Landmarks;
import io.homeward.embedder.domain.QualityIssue;
import io.homeward.embedder.error.EmbedderException;
import io.homeward.embedder.error.Reason;
import io.homeward.embedder.pipeline.VectorSpace;
import io.homeward.models.ModelManifest;
import io.homeward.proto.embedder.v1.AlignFaceResponse;
import io.homeward.proto.embedder.v1.Box;
import io.homeward.proto.embedder.v1.DetectResponse;
import io.homeward.proto.embedder.v1.EmbedResponse;
import io.homeward.proto.embedder.v1.Embedding;
import io.homeward.proto.embedder.v1.ErrorReason;
import io.homeward.proto.embedder.v1.ModelRef;
import io.homeward.proto.embedder.v1.Point;
import io.homeward.proto.embedder.v1.Quality;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Domain records to and from the v1 proto messages. Proto types stay in this package. */
final class ProtoMapper {
  private ProtoMapper() {}

  static FacePolicy policy(io.homeward.proto.embedder.v1.FacePolicy p) {
    return switch (p) {
      case FACE_POLICY_SINGLE -> FacePolicy.SINGLE;
      case FACE_POLICY_LARGEST -> FacePolicy.LARGEST;
      case FACE_POLICY_ALL, FACE_POLICY_UNSPECIFIED -> FacePolicy.ALL;
      case UNRECOGNIZED ->
          throw new EmbedderException(Reason.INVALID_REQUEST, "unknown face policy");
    };
  }

  static ErrorReason reason(Reason r) {
    return ErrorReason.valueOf("ERROR_REASON_" + r.name());
  }

  static io.homeward.proto.embedder.v1.QualityIssue issue(QualityIssue i) {
    return io.homeward.proto.embedder.v1.QualityIssue.valueOf("QUALITY_ISSUE_" + i.name());
  }

  static ModelRef model(ModelManifest m) {
    return ModelRef.newBuilder()
        .setId(m.id())
        .setVersion(m.version())
        .setDimension(m.dimension())
        .build();
  }

  /** The vectors' space: the embedding model, with the projection's id in the version. */
  static ModelRef vectorModel(VectorSpace space) {
    return ModelRef.newBuilder()
        .setId(space.modelId())
        .setVersion(space.version())
        .setDimension(space.dimension())
        .build();
  }

  static DetectResponse detect(DetectResult r, ModelManifest detector) {
    DetectResponse.Builder b =
        DetectResponse.newBuilder().setImage(image(r.image())).setDetector(model(detector));
    r.faces().forEach(f -> b.addFaces(face(f)));
    return b.build();
  }

  static EmbedResponse embed(EmbedResult r, ModelRef ref) {
    EmbedResponse.Builder b = EmbedResponse.newBuilder().setImage(image(r.image())).setModel(ref);
    for (EmbeddedFace f : r.faces()) {
      float[] values = f.vector().copyValues();
      Embedding.Builder e = Embedding.newBuilder().setModel(ref);
      for (float v : values) {
        e.addValues(v);
      }
      Arrays.fill(values, 0f);
      b.addFacesBuilder().setFace(face(f.face())).setEmbedding(e);
    }
    r.rejected().forEach(f -> b.addRejected(face(f)));
    return b.build();
  }

  static AlignFaceResponse aligned(AlignedFace a) {
    List<io.homeward.embedder.domain.Point> t = a.template();
    return AlignFaceResponse.newBuilder()
        .setImage(image(a.image()))
        .setFace(face(a.face()))
        .setPng(ByteString.copyFrom(a.png()))
        .setSize(a.size())
        .setTemplate(landmarks(new Landmarks(t.get(0), t.get(1), t.get(2), t.get(3), t.get(4))))
        .build();
  }

  static io.homeward.proto.embedder.v1.ImageInfo image(ImageInfo i) {
    return io.homeward.proto.embedder.v1.ImageInfo.newBuilder()
        .setWidth(i.width())
        .setHeight(i.height())
        .setFormat(i.format())
        .setExifOrientation(i.exifOrientation())
        .build();
  }

  static io.homeward.proto.embedder.v1.DetectedFace face(DetectedFace f) {
    io.homeward.proto.embedder.v1.DetectedFace.Builder b =
        io.homeward.proto.embedder.v1.DetectedFace.newBuilder()
            .setBox(box(f.box()))
            .setLandmarks(landmarks(f.landmarks()))
            .setQuality(quality(f.quality()))
            .setPass(pass(f.pass()))
            .setUprightQuarterTurns(f.uprightTurns());
    f.age().ifPresent(a -> b.setAge(age(a)));
    return b.build();
  }

  static io.homeward.proto.embedder.v1.DetectionPass pass(DetectionPass p) {
    return switch (p) {
      case STANDARD -> io.homeward.proto.embedder.v1.DetectionPass.DETECTION_PASS_STANDARD;
      case PADDED -> io.homeward.proto.embedder.v1.DetectionPass.DETECTION_PASS_PADDED;
      case CONTRAST -> io.homeward.proto.embedder.v1.DetectionPass.DETECTION_PASS_CONTRAST;
      case TILED -> io.homeward.proto.embedder.v1.DetectionPass.DETECTION_PASS_TILED;
      case ROTATED_90 -> io.homeward.proto.embedder.v1.DetectionPass.DETECTION_PASS_ROTATED_90;
      case ROTATED_180 -> io.homeward.proto.embedder.v1.DetectionPass.DETECTION_PASS_ROTATED_180;
      case ROTATED_270 -> io.homeward.proto.embedder.v1.DetectionPass.DETECTION_PASS_ROTATED_270;
      case HINT -> io.homeward.proto.embedder.v1.DetectionPass.DETECTION_PASS_HINT;
    };
  }

  /** A caller's hand-drawn face box (no detector score: a person drew it). */
  static FaceBox hint(Box b) {
    return new FaceBox(b.getX1(), b.getY1(), b.getX2(), b.getY2(), 0f);
  }

  /** The faces a refusal is about, for the caller to show; empty when it is about none. */
  static Optional<DetectResponse> refusedFaces(EmbedderException e) {
    return e.image()
        .map(
            i ->
                DetectResponse.newBuilder()
                    .setImage(image(i))
                    .addAllFaces(e.faces().stream().map(ProtoMapper::face).toList())
                    .build());
  }

  private static Box box(FaceBox b) {
    return Box.newBuilder().setX1(b.x1()).setY1(b.y1()).setX2(b.x2()).setY2(b.y2()).build();
  }

  private static io.homeward.proto.embedder.v1.Landmarks landmarks(Landmarks l) {
    return io.homeward.proto.embedder.v1.Landmarks.newBuilder()
        .setLeftEye(point(l.leftEye()))
        .setRightEye(point(l.rightEye()))
        .setNose(point(l.nose()))
        .setMouthLeft(point(l.mouthLeft()))
        .setMouthRight(point(l.mouthRight()))
        .build();
  }

  private static Point point(io.homeward.embedder.domain.Point p) {
    return Point.newBuilder().setX(p.x()).setY(p.y()).build();
  }

  private static Quality quality(FaceQuality q) {
    Quality.Builder b =
        Quality.newBuilder()
            .setEyeDistancePx(q.eyeDistancePx())
            .setFaceSizePx(q.faceSizePx())
            .setDetectorScore(q.detectorScore())
            .setSharpness(q.sharpness())
            .setYawDegrees(q.yawDegrees())
            .setPitchDegrees(q.pitchDegrees())
            .setRollDegrees(q.rollDegrees())
            .setBrightness(q.brightness())
            .setContrast(q.contrast())
            .setPassed(q.passed());
    q.issues().forEach(i -> b.addIssues(issue(i)));
    return b.build();
  }

  static io.homeward.proto.embedder.v1.AgeEstimate age(AgeEstimate a) {
    var b =
        io.homeward.proto.embedder.v1.AgeEstimate.newBuilder()
            .setYears(a.years())
            .setLow(a.low())
            .setHigh(a.high())
            .setAgeClass(ageClass(a.ageClass()))
            .setModel(ModelRef.newBuilder().setId(a.modelId()).setVersion(a.modelVersion()));
    if (!Float.isNaN(a.minorProbability())) {
      b.setMinorProbability(a.minorProbability());
    }
    return b.build();
  }

  static io.homeward.proto.embedder.v1.AgeClass ageClass(AgeClass c) {
    return switch (c) {
      case MINOR -> io.homeward.proto.embedder.v1.AgeClass.AGE_CLASS_MINOR;
      case ADULT -> io.homeward.proto.embedder.v1.AgeClass.AGE_CLASS_ADULT;
      case UNCERTAIN -> io.homeward.proto.embedder.v1.AgeClass.AGE_CLASS_UNCERTAIN;
    };
  }
}
