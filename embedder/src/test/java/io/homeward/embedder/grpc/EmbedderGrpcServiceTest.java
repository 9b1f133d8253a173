package io.homeward.embedder.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.homeward.embedder.pipeline.FaceHintTest;
import io.homeward.proto.embedder.v1.AlignFaceRequest;
import io.homeward.proto.embedder.v1.AlignFaceResponse;
import io.homeward.proto.embedder.v1.Box;
import io.homeward.proto.embedder.v1.DetectRequest;
import io.homeward.proto.embedder.v1.DetectResponse;
import io.homeward.proto.embedder.v1.EmbedRequest;
import io.homeward.proto.embedder.v1.EmbedResponse;
import io.homeward.proto.embedder.v1.EmbedStreamRequest;
import io.homeward.proto.embedder.v1.EmbedStreamResponse;
import io.homeward.proto.embedder.v1.EmbedderService;
import io.homeward.proto.embedder.v1.EmbedderServiceGrpc.EmbedderServiceBlockingStub;
import io.homeward.proto.embedder.v1.ErrorReason;
import io.homeward.proto.embedder.v1.FacePolicy;
import io.homeward.proto.embedder.v1.GetModelInfoRequest;
import io.homeward.proto.embedder.v1.QualityIssue;
import io.homeward.support.testing.SharedData;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The embedder through its real gRPC server, with the real models. */
@QuarkusTest
class EmbedderGrpcServiceTest {
  @GrpcClient("embedder")
  EmbedderServiceBlockingStub blocking;

  @GrpcClient("embedder")
  EmbedderService client;

  @Test
  void embedsEveryFaceWithANormalisedTaggedVector() {
    EmbedResponse r =
        embed(SharedData.fixtureBytes("people/two_people.jpg"), FacePolicy.FACE_POLICY_ALL);

    assertThat(r.getFacesCount()).isEqualTo(2);
    assertThat(r.getModel().getId()).isEqualTo("fused-mfn-dlib");
    for (var face : r.getFacesList()) {
      assertThat(face.getEmbedding().getValuesCount()).isEqualTo(640);
      double norm = 0;
      for (float v : face.getEmbedding().getValuesList()) {
        norm += v * v;
      }
      assertThat(norm).isCloseTo(1.0, Offset.offset(1e-4));
      assertThat(face.getFace().getQuality().getPassed()).isTrue();
      assertThat(face.getFace().hasAge())
          .as("no age from a model that fails on children")
          .isFalse();
    }
    assertThat(r.getImage().getFormat()).isEqualTo("jpeg");
  }

  @Test
  void detectReturnsBoxesAndLandmarksWithoutVectors() {
    var r =
        blocking.detect(
            DetectRequest.newBuilder()
                .setImage(
                    ByteString.copyFrom(
                        SharedData.fixtureBytes("public-domain/grace_hopper_512x512.jpg")))
                .build());
    assertThat(r.getFacesCount()).isEqualTo(1);
    var face = r.getFaces(0);
    assertThat(face.getLandmarks().getLeftEye().getX())
        .isLessThan(face.getLandmarks().getRightEye().getX());
    assertThat(face.getLandmarks().getNose().getY())
        .isBetween(face.getBox().getY1(), face.getBox().getY2());
  }

  static List<Object[]> refusals() {
    return List.of(
        new Object[] {"empty", new byte[0], ErrorReason.ERROR_REASON_IMAGE_EMPTY},
        new Object[] {
          "malformed jpeg",
          new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0x00, 0x01, 0x02},
          ErrorReason.ERROR_REASON_IMAGE_UNDECODABLE
        },
        new Object[] {
          "gif", GrpcTestImages.gif(), ErrorReason.ERROR_REASON_IMAGE_UNSUPPORTED_FORMAT
        },
        new Object[] {
          "random bytes",
          GrpcTestImages.random(4096, 1),
          ErrorReason.ERROR_REASON_IMAGE_UNSUPPORTED_FORMAT
        },
        new Object[] {
          "png bomb", GrpcTestImages.pngBomb(), ErrorReason.ERROR_REASON_IMAGE_DIMENSIONS_TOO_LARGE
        },
        new Object[] {
          "tiny image", GrpcTestImages.blank(16, 16), ErrorReason.ERROR_REASON_IMAGE_TOO_SMALL
        },
        new Object[] {"no face", GrpcTestImages.noFace(), ErrorReason.ERROR_REASON_NO_FACE},
        new Object[] {
          "over the byte limit", oversized(), ErrorReason.ERROR_REASON_IMAGE_TOO_LARGE
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void badInputIsRefusedWithItsReason(String what, byte[] image, ErrorReason reason) {
    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class, () -> embed(image, FacePolicy.FACE_POLICY_ALL));
    assertRefused(e, Status.Code.INVALID_ARGUMENT, reason);
  }

  @Test
  void aTruncatedPhotoIsRefusedAsTruncated() {
    byte[] photo = SharedData.fixtureBytes("people/obama_obama.jpg");
    byte[] half = Arrays.copyOf(photo, photo.length / 2);
    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class, () -> embed(half, FacePolicy.FACE_POLICY_ALL));
    assertRefused(e, Status.Code.INVALID_ARGUMENT, ErrorReason.ERROR_REASON_IMAGE_TRUNCATED);
  }

  @Test
  void severalFacesWhereOneIsRequiredAreRefused() {
    byte[] photo = SharedData.fixtureBytes("people/two_people.jpg");
    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class, () -> embed(photo, FacePolicy.FACE_POLICY_SINGLE));
    assertRefused(e, Status.Code.INVALID_ARGUMENT, ErrorReason.ERROR_REASON_MULTIPLE_FACES);
    // The largest face is still available on request.
    assertThat(embed(photo, FacePolicy.FACE_POLICY_LARGEST).getFacesCount()).isEqualTo(1);
  }

  @Test
  void aFaceTooSmallToCompareIsRefusedAsSuch() {
    byte[] small =
        GrpcTestImages.shrunk(
            SharedData.fixtureBytes("public-domain/grace_hopper_512x512.jpg"), 80);
    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class, () -> embed(small, FacePolicy.FACE_POLICY_SINGLE));
    assertRefused(e, Status.Code.INVALID_ARGUMENT, ErrorReason.ERROR_REASON_FACE_TOO_SMALL);
    // Detect still reports it, with the issue named.
    var detected =
        blocking.detect(DetectRequest.newBuilder().setImage(ByteString.copyFrom(small)).build());
    assertThat(detected.getFaces(0).getQuality().getIssuesList())
        .contains(QualityIssue.QUALITY_ISSUE_FACE_TOO_SMALL);
  }

  @Test
  void alignFaceAnswersAPngOfTheAskedSizeAndRefusesOtherSizes() {
    byte[] photo = SharedData.fixtureBytes("public-domain/grace_hopper_512x512.jpg");
    AlignFaceResponse r =
        blocking.alignFace(
            AlignFaceRequest.newBuilder().setImage(ByteString.copyFrom(photo)).build());

    assertThat(r.getSize()).as("no size asked: 256").isEqualTo(256);
    // PNG signature, then the IHDR chunk's width and height (big-endian) at bytes 16 and 20.
    byte[] png = r.getPng().toByteArray();
    assertThat(Arrays.copyOf(png, 4)).containsExactly(0x89, 'P', 'N', 'G');
    assertThat(ByteBuffer.wrap(png, 16, 8).getInt()).isEqualTo(256);
    assertThat(r.getTemplate().getLeftEye().getX())
        .isCloseTo(38.2946f * 256 / 112, Offset.offset(0.01f));
    assertThat(r.getFace().getBox().getX2()).isGreaterThan(r.getFace().getBox().getX1());
    assertThat(r.getImage().getWidth()).isEqualTo(512);

    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                blocking.alignFace(
                    AlignFaceRequest.newBuilder()
                        .setImage(ByteString.copyFrom(photo))
                        .setSize(4096)
                        .build()));
    assertRefused(e, Status.Code.INVALID_ARGUMENT, ErrorReason.ERROR_REASON_INVALID_REQUEST);
    StatusRuntimeException none =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                blocking.alignFace(
                    AlignFaceRequest.newBuilder()
                        .setImage(ByteString.copyFrom(GrpcTestImages.noFace()))
                        .build()));
    assertRefused(none, Status.Code.INVALID_ARGUMENT, ErrorReason.ERROR_REASON_NO_FACE);
  }

  @Test
  void anUnknownFacePolicyIsAnInvalidRequest() {
    EmbedRequest bad =
        EmbedRequest.newBuilder()
            .setImage(ByteString.copyFrom(GrpcTestImages.noFace()))
            .setFacePolicyValue(99)
            .build();
    StatusRuntimeException e =
        catchThrowableOfType(StatusRuntimeException.class, () -> blocking.embed(bad));
    assertRefused(e, Status.Code.INVALID_ARGUMENT, ErrorReason.ERROR_REASON_INVALID_REQUEST);
  }

  @Test
  @Timeout(240)
  void mutatedPhotosNeverCrashOrHangTheService() {
    byte[] photo = SharedData.fixtureBytes("people/obama_obama2.jpg");
    Random random = new Random(42);
    int ok = 0;
    int refused = 0;
    for (int i = 0; i < 80; i++) {
      byte[] mutant = photo.clone();
      for (int e = 0, n = 1 + random.nextInt(12); e < n; e++) {
        int at =
            random.nextBoolean()
                ? random.nextInt(Math.min(600, mutant.length))
                : random.nextInt(mutant.length);
        mutant[at] = (byte) random.nextInt(256);
      }
      if (random.nextInt(5) == 0) {
        mutant = Arrays.copyOf(mutant, random.nextInt(mutant.length));
      }
      try {
        blocking
            .withDeadlineAfter(30, TimeUnit.SECONDS)
            .embed(EmbedRequest.newBuilder().setImage(ByteString.copyFrom(mutant)).build());
        ok++;
      } catch (StatusRuntimeException e) {
        assertThat(e.getStatus().getCode())
            .as("mutant %d", i)
            .isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertNoInternals(e);
        refused++;
      }
    }
    assertThat(ok + refused).isEqualTo(80);
    assertThat(embed(photo, FacePolicy.FACE_POLICY_SINGLE).getFacesCount()).isEqualTo(1);
  }

  @Test
  @Timeout(120)
  void aFullQueueFailsFastWithResourceExhausted() {
    byte[] photo = SharedData.fixtureBytes("people/test_obama1.jpg");
    EmbedRequest request = EmbedRequest.newBuilder().setImage(ByteString.copyFrom(photo)).build();
    List<Uni<Status.Code>> calls = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      calls.add(
          client
              .embed(request)
              .map(r -> Status.Code.OK)
              .onFailure(StatusRuntimeException.class)
              .recoverWithItem(t -> ((StatusRuntimeException) t).getStatus().getCode()));
    }
    List<Status.Code> codes =
        Uni.join().all(calls).andCollectFailures().await().atMost(Duration.ofSeconds(100));

    assertThat(codes).contains(Status.Code.RESOURCE_EXHAUSTED, Status.Code.OK);
    assertThat(codes).containsOnly(Status.Code.RESOURCE_EXHAUSTED, Status.Code.OK);
    // It recovers as soon as the queue drains.
    assertThat(blocking.embed(request).getFacesCount()).isEqualTo(1);
  }

  @Test
  void aStreamReportsEachItemAndGoesOnPastBadOnes() {
    byte[] good = SharedData.fixtureBytes("people/rose_leslie_img1.jpg");
    List<EmbedStreamRequest> items =
        List.of(
            item("a", good, FacePolicy.FACE_POLICY_SINGLE),
            item("b", new byte[0], FacePolicy.FACE_POLICY_ALL),
            item("c", GrpcTestImages.gif(), FacePolicy.FACE_POLICY_ALL),
            item(
                "d",
                SharedData.fixtureBytes("people/two_people.jpg"),
                FacePolicy.FACE_POLICY_SINGLE),
            item("e", good, FacePolicy.FACE_POLICY_ALL));

    List<EmbedStreamResponse> out =
        client
            .embedStream(Multi.createFrom().iterable(items))
            .collect()
            .asList()
            .await()
            .atMost(Duration.ofSeconds(60));

    assertThat(out)
        .extracting(EmbedStreamResponse::getRequestId)
        .containsExactlyInAnyOrder("a", "b", "c", "d", "e");
    for (EmbedStreamResponse r : out) {
      switch (r.getRequestId()) {
        case "a", "e" -> assertThat(r.getResponse().getFacesCount()).isEqualTo(1);
        case "b" ->
            assertThat(r.getFailure().getReason()).isEqualTo(ErrorReason.ERROR_REASON_IMAGE_EMPTY);
        case "c" ->
            assertThat(r.getFailure().getReason())
                .isEqualTo(ErrorReason.ERROR_REASON_IMAGE_UNSUPPORTED_FORMAT);
        case "d" ->
            assertThat(r.getFailure().getReason())
                .isEqualTo(ErrorReason.ERROR_REASON_MULTIPLE_FACES);
        default -> throw new AssertionError("unexpected id");
      }
    }
  }

  @Test
  void modelInfoNamesTheVectorSpace() {
    var info = blocking.getModelInfo(GetModelInfoRequest.getDefaultInstance());
    // The default vectors are in the fused space (the bundled projection's vectors and dlib's): a
    // vector space of its own, whose version names the projection it was fitted on.
    assertThat(info.getEmbedding().getId()).isEqualTo("fused-mfn-dlib");
    assertThat(info.getEmbedding().getDimension()).isEqualTo(640);
    assertThat(info.getEmbedding().getVersion()).isEqualTo("lag-fit-lag-agewccn-v1");
    assertThat(info.getProjection()).isEqualTo("fused-mfn-dlib");
    var projected =
        blocking.getModelInfo(
            GetModelInfoRequest.newBuilder().setProjection("lag-agewccn-v1").build());
    assertThat(projected.getEmbedding().getId()).isEqualTo("mobilefacenet-faceplugin");
    assertThat(projected.getEmbedding().getVersion()).isEqualTo("faceplugin-1.0.3_lag-agewccn-v1");
    assertThat(projected.getEmbedding().getDimension()).isEqualTo(512);
    assertThat(info.getDetector().getId()).isEqualTo("ultraface-rfb320");
  }

  @Test
  void aRequestNamesTheProjectionOfTheSpaceItFills() {
    // Issue 14: a re-embedding job fills the identity space while searches keep the bundled one.
    var identity =
        blocking.getModelInfo(GetModelInfoRequest.newBuilder().setProjection("identity").build());
    assertThat(identity.getProjection()).isEqualTo("identity");
    assertThat(identity.getEmbedding().getVersion()).isEqualTo("faceplugin-1.0.3");
    assertThat(identity.getEmbedding().getDimension()).isEqualTo(512);

    byte[] photo = SharedData.fixtureBytes("people/obama_obama.jpg");
    EmbedResponse own =
        blocking.embed(
            EmbedRequest.newBuilder()
                .setImage(ByteString.copyFrom(photo))
                .setFacePolicy(FacePolicy.FACE_POLICY_SINGLE)
                .setProjection("identity")
                .build());
    EmbedResponse configured = embed(photo, FacePolicy.FACE_POLICY_SINGLE);
    assertThat(own.getModel().getVersion()).isEqualTo(identity.getEmbedding().getVersion());
    assertThat(configured.getModel().getVersion()).isEqualTo("lag-fit-lag-agewccn-v1");
    assertThat(own.getFaces(0).getEmbedding().getValuesList())
        .isNotEqualTo(configured.getFaces(0).getEmbedding().getValuesList());

    StatusRuntimeException unknown =
        catchThrowableOfType(
            () ->
                blocking.embed(
                    EmbedRequest.newBuilder()
                        .setImage(ByteString.copyFrom(photo))
                        .setFacePolicy(FacePolicy.FACE_POLICY_SINGLE)
                        .setProjection("lag-agewccn-v9")
                        .build()),
            StatusRuntimeException.class);
    assertRefused(unknown, Status.Code.INVALID_ARGUMENT, ErrorReason.ERROR_REASON_INVALID_REQUEST);
    assertRefused(
        catchThrowableOfType(
            () ->
                blocking.getModelInfo(
                    GetModelInfoRequest.newBuilder().setProjection("lag-agewccn-v9").build()),
            StatusRuntimeException.class),
        Status.Code.INVALID_ARGUMENT,
        ErrorReason.ERROR_REASON_INVALID_REQUEST);
  }

  @Test
  void aDrawnFaceBoxEmbedsAFaceTheDetectorMissesAndRefusalsShowTheFaces() throws Exception {
    byte[] small =
        FaceHintTest.onCanvas(
            SharedData.fixtureBytes("public-domain/grace_hopper_512x512.jpg"), 160);
    StatusRuntimeException none =
        catchThrowableOfType(
            StatusRuntimeException.class, () -> embed(small, FacePolicy.FACE_POLICY_SINGLE));
    assertRefused(none, Status.Code.INVALID_ARGUMENT, ErrorReason.ERROR_REASON_NO_FACE);
    DetectResponse shown = null;
    for (var detail : StatusProto.fromThrowable(none).getDetailsList()) {
      if (detail.is(DetectResponse.class)) {
        shown = detail.unpack(DetectResponse.class);
      }
    }
    assertThat(shown).as("the refusal names the image's size for the caller's box").isNotNull();
    assertThat(shown.getImage().getWidth()).isEqualTo(4800);
    assertThat(shown.getFacesCount()).isZero();

    // Grace Hopper's face at 160/512 of its size, pasted at (2400, 2400): about (2450, 2435) to
    // (2515, 2500).
    EmbedResponse r =
        blocking
            .withDeadlineAfter(60, TimeUnit.SECONDS)
            .embed(
                EmbedRequest.newBuilder()
                    .setImage(ByteString.copyFrom(small))
                    .setFacePolicy(FacePolicy.FACE_POLICY_SINGLE)
                    .setFaceHint(Box.newBuilder().setX1(2450).setY1(2435).setX2(2515).setY2(2500))
                    .build());
    assertThat(r.getFacesCount()).isEqualTo(1);
    assertThat(r.getFaces(0).getEmbedding().getValuesCount()).isEqualTo(640);
    assertThat(r.getFaces(0).getFace().getBox().getX1()).isBetween(2430f, 2470f);

    StatusRuntimeException outside =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                blocking.embed(
                    EmbedRequest.newBuilder()
                        .setImage(ByteString.copyFrom(small))
                        .setFaceHint(Box.newBuilder().setX1(4780).setY1(0).setX2(4880).setY2(100))
                        .build()));
    assertRefused(
        outside, Status.Code.INVALID_ARGUMENT, ErrorReason.ERROR_REASON_FACE_HINT_INVALID);
  }

  @Test
  void aQualityRefusalShowsTheRefusedFaceWithItsIssues() throws Exception {
    byte[] small =
        GrpcTestImages.shrunk(
            SharedData.fixtureBytes("public-domain/grace_hopper_512x512.jpg"), 80);
    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class, () -> embed(small, FacePolicy.FACE_POLICY_SINGLE));
    assertThat(e).isNotNull();
    DetectResponse shown = null;
    for (var detail : StatusProto.fromThrowable(e).getDetailsList()) {
      if (detail.is(DetectResponse.class)) {
        shown = detail.unpack(DetectResponse.class);
      }
    }
    assertThat(shown).isNotNull();
    assertThat(shown.getImage().getWidth()).isEqualTo(80);
    assertThat(shown.getFacesCount()).isEqualTo(1);
    assertThat(shown.getFaces(0).getQuality().getIssuesList())
        .contains(QualityIssue.QUALITY_ISSUE_FACE_TOO_SMALL);
    assertThat(shown.getFaces(0).getBox().getX2())
        .isGreaterThan(shown.getFaces(0).getBox().getX1());
  }

  private EmbedResponse embed(byte[] image, FacePolicy policy) {
    return blocking
        .withDeadlineAfter(60, TimeUnit.SECONDS)
        .embed(
            EmbedRequest.newBuilder()
                .setImage(ByteString.copyFrom(image))
                .setFacePolicy(policy)
                .build());
  }

  private static EmbedStreamRequest item(String id, byte[] image, FacePolicy policy) {
    return EmbedStreamRequest.newBuilder()
        .setRequestId(id)
        .setRequest(
            EmbedRequest.newBuilder().setImage(ByteString.copyFrom(image)).setFacePolicy(policy))
        .build();
  }

  private static byte[] oversized() {
    byte[] big = new byte[21 * 1024 * 1024];
    big[0] = (byte) 0xFF;
    big[1] = (byte) 0xD8;
    return big;
  }

  static void assertRefused(StatusRuntimeException e, Status.Code code, ErrorReason reason) {
    assertThat(e).as("expected a refusal").isNotNull();
    assertThat(e.getStatus().getCode()).isEqualTo(code);
    var status = StatusProto.fromThrowable(e);
    assertThat(status).isNotNull();
    List<String> reasons = new ArrayList<>();
    for (var detail : status.getDetailsList()) {
      if (detail.is(ErrorInfo.class)) {
        try {
          ErrorInfo info = detail.unpack(ErrorInfo.class);
          assertThat(info.getDomain()).isEqualTo(GrpcErrors.DOMAIN);
          reasons.add(info.getReason());
        } catch (InvalidProtocolBufferException ex) {
          throw new AssertionError(ex);
        }
      }
    }
    assertThat(reasons).containsExactly(reason.name().substring("ERROR_REASON_".length()));
    assertNoInternals(e);
  }

  static void assertNoInternals(StatusRuntimeException e) {
    String description = String.valueOf(e.getStatus().getDescription());
    assertThat(description)
        .isNotBlank()
        .doesNotContain(
            "Exception", "java.", "io.homeward", "org.bytedeco", "ai.djl", "/", "\tat ");
  }
}
