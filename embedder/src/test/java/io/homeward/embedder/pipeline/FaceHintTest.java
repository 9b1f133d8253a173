package io.homeward.embedder.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.homeward.embedder.domain.EmbedResult;
import io.homeward.embedder.domain.FaceBox;
import io.homeward.embedder.domain.FacePolicy;
import io.homeward.embedder.domain.QualityIssue;
import io.homeward.embedder.error.EmbedderException;
import io.homeward.embedder.error.Reason;
import io.homeward.embedder.support.TestEngine;
import io.homeward.support.testing.SharedData;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A face no detection pass finds, embedded from a box a person drew: a real photo shrunk to 160
 * pixels on a 4800-pixel canvas (the face is then about 4 pixels in the detector's 320x240 input,
 * and about 8 in the second pass's parts of the photo; on a 2400-pixel canvas the parts find it).
 */
public class FaceHintTest {
  static final int CANVAS = 4800;
  private static final int SIZE = 160;
  static final int AT = CANVAS / 2;

  private static EmbedderEngine engine;
  private static byte[] photo;
  private static FaceBox original;

  @BeforeAll
  static void load() {
    engine = TestEngine.shared();
    photo = SharedData.fixtureBytes("public-domain/grace_hopper_512x512.jpg");
    original = engine.detect(photo, FacePolicy.ALL).join().faces().get(0).box();
  }

  @Test
  void aFaceTheDetectorMissesIsEmbeddedFromTheDrawnBox() {
    byte[] small = onCanvas(photo, SIZE);
    assertThat(engine.detect(small, FacePolicy.ALL).join().faces())
        .as("the detector finds no face on the whole photo")
        .isEmpty();
    assertThat(refusal(small, Optional.empty()).reason()).isEqualTo(Reason.NO_FACE);

    FaceBox drawn = drawnBox();
    EmbedResult r = embed(small, Optional.of(drawn));

    assertThat(r.faces()).hasSize(1);
    var face = r.faces().get(0).face();
    assertThat(face.box().iou(drawn)).isGreaterThan(0.5f);
    assertThat(face.quality().passed()).isTrue();
    // The same person: closer to her own full-size photo than to another person's.
    float[] hinted = r.faces().get(0).vector().copyValues();
    float[] same = embed(photo, Optional.empty()).faces().get(0).vector().copyValues();
    byte[] other = SharedData.fixtureBytes("public-domain/skimage_astronaut.png");
    float[] different = embed(other, Optional.empty()).faces().get(0).vector().copyValues();
    assertThat(dot(hinted, same)).isGreaterThan(dot(hinted, different));
  }

  @Test
  void aBoxOverNoFaceStillMeetsTheQualityGate() {
    byte[] small = onCanvas(photo, SIZE);
    // Plain grey canvas, far from the photo: the box itself is aligned and the gate refuses it.
    EmbedderException e = refusal(small, Optional.of(new FaceBox(200, 200, 300, 300, 0)));

    assertThat(e.reason()).isIn(Reason.QUALITY_TOO_LOW, Reason.FACE_TOO_SMALL);
    assertThat(e.faces()).hasSize(1);
    assertThat(e.faces().get(0).quality().issues())
        .as("a person vouched for the face: the detector's score is not held against it")
        .doesNotContain(QualityIssue.LOW_DETECTOR_SCORE)
        .isNotEmpty();
    assertThat(e.image()).isPresent();
    assertThat(e.image().get().width()).isEqualTo(CANVAS);
  }

  @Test
  void badBoxesAreRefusedWithTheirReason() {
    byte[] small = onCanvas(photo, SIZE);
    FaceBox outside = new FaceBox(CANVAS - 50, 10, CANVAS + 50, 110, 0);
    FaceBox tiny = new FaceBox(AT, AT, AT + 20, AT + 20, 0);
    FaceBox thin = new FaceBox(AT, AT, AT + 200, AT + 60, 0);
    for (FaceBox bad : new FaceBox[] {outside, tiny, thin}) {
      EmbedderException e = refusal(small, Optional.of(bad));
      assertThat(e.reason()).as(bad.toString()).isEqualTo(Reason.FACE_HINT_INVALID);
    }
    assertThat(refusal(small, Optional.of(outside)).getMessage()).contains("not inside the image");
    assertThat(refusal(small, Optional.of(tiny)).getMessage()).contains("32 pixels");
    assertThat(refusal(small, Optional.of(thin)).getMessage()).contains("square");
  }

  @Test
  void aFaceTheDetectorFindsIsUsedWhateverTheBox() {
    // The hint is a fallback: on a photo with a detected face the detector's box decides.
    FaceBox elsewhere = new FaceBox(0, 0, 100, 100, 0);
    EmbedResult r = embed(photo, Optional.of(elsewhere));
    assertThat(r.faces().get(0).face().box().iou(original)).isGreaterThan(0.9f);
  }

  private static FaceBox drawnBox() {
    float s = SIZE / 512f;
    return new FaceBox(
        AT + original.x1() * s,
        AT + original.y1() * s,
        AT + original.x2() * s,
        AT + original.y2() * s,
        0);
  }

  private static EmbedResult embed(byte[] image, Optional<FaceBox> hint) {
    return engine.embed(image, new EmbedOptions(FacePolicy.SINGLE, false, hint)).join();
  }

  private static EmbedderException refusal(byte[] image, Optional<FaceBox> hint) {
    CompletionException e =
        catchThrowableOfType(CompletionException.class, () -> embed(image, hint));
    assertThat(e).isNotNull();
    return (EmbedderException) e.getCause();
  }

  private static float dot(float[] a, float[] b) {
    float d = 0;
    for (int i = 0; i < a.length; i++) {
      d += a[i] * b[i];
    }
    return d;
  }

  /** The photo shrunk to {@code size} pixels, pasted at the middle of a plain grey canvas. */
  public static byte[] onCanvas(byte[] photo, int size) {
    try (BytePointer p = new BytePointer(photo);
        Mat encoded = new Mat(1, photo.length, CV_8UC1, p);
        Mat image = imdecode(encoded, 1);
        Mat small = new Mat();
        Mat big = new Mat(CANVAS, CANVAS, CV_8UC3, Scalar.all(128))) {
      resize(image, small, new Size(size, size));
      try (Mat roi = new Mat(big, new Rect(AT, AT, size, size))) {
        small.copyTo(roi);
      }
      try (BytePointer out = new BytePointer()) {
        imencode(".png", big, out);
        byte[] bytes = new byte[(int) out.limit()];
        out.get(bytes);
        return bytes;
      }
    }
  }
}
