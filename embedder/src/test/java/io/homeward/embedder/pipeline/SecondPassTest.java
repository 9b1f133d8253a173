package io.homeward.embedder.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_180;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_CLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_COUNTERCLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.rotate;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;

import io.homeward.embedder.domain.DetectedFace;
import io.homeward.embedder.domain.DetectionPass;
import io.homeward.embedder.domain.EmbedResult;
import io.homeward.embedder.domain.FaceBox;
import io.homeward.embedder.domain.FacePolicy;
import io.homeward.embedder.domain.Landmarks;
import io.homeward.embedder.domain.Point;
import io.homeward.embedder.support.TestEngine;
import io.homeward.support.testing.SharedData;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletionException;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The second detection pass on the photos it exists for, made from the fixtures: faces scanned on
 * their side, faded prints, and images with no face, where it must not invent one. The vectors of
 * the faces it finds must be those of the same faces upright and unfaded, which is what makes them
 * searchable; and with the pass turned off the same photos give no face.
 */
class SecondPassTest {
  private static EmbedderEngine engine;
  private static EmbedderEngine firstPassOnly;
  private static List<byte[]> faces;

  @BeforeAll
  static void load() {
    engine = TestEngine.shared();
    faces = new ArrayList<>();
    try (Mat grid = decode(SharedData.fixtureBytes("synthetic/SFHQ_variability_age.jpg"))) {
      // The two youngest rows (babies and toddlers) and one adult row of the age grid.
      double cellW = grid.cols() / 13.0;
      double cellH = (grid.rows() - 122) / 6.0;
      for (int r : new int[] {0, 1, 4}) {
        for (int c = 0; c < 13; c++) {
          try (Mat cell =
              new Mat(
                  grid,
                  new Rect((int) (c * cellW), (int) (122 + r * cellH), (int) cellW, (int) cellH))) {
            faces.add(encode(cell));
          }
        }
      }
    }
    for (String f :
        List.of(
            "public-domain/grace_hopper_512x512.jpg",
            "public-domain/skimage_astronaut.png",
            "people/obama_obama.jpg",
            "people/biden_biden.jpg",
            "people/rose_leslie_img1.jpg")) {
      faces.add(SharedData.fixtureBytes(f));
    }
    firstPassOnly = TestEngine.firstPassOnly();
  }

  @Test
  void aPrintScannedOnItsSideOrUpsideDownIsTurnedUprightAndKeepsItsVector() {
    // Quarter turns clockwise applied to the photo, and the turns that make it upright again.
    int[][] cases = {{ROTATE_90_CLOCKWISE, 3}, {ROTATE_180, 2}, {ROTATE_90_COUNTERCLOCKWISE, 1}};
    for (int[] c : cases) {
      int right = 0;
      int missedByFirstPass = 0;
      for (byte[] photo : faces) {
        byte[] scanned = turned(photo, c[0]);
        if (firstPassOnly.detect(scanned, FacePolicy.LARGEST).join().faces().isEmpty()) {
          missedByFirstPass++;
        }
        EmbedResult r = embed(engine, scanned);
        DetectedFace face = r.faces().get(0).face();
        assertInside(face, scanned);
        if (face.uprightTurns() == c[1]) {
          right++;
          float cosine =
              r.faces().get(0).vector().cosine(embed(engine, photo).faces().get(0).vector());
          assertThat(cosine).as("the same face as upright").isGreaterThan(0.6f);
        }
      }
      assertThat(right)
          .as("faces turned upright, of %d photos turned by code %d", faces.size(), c[0])
          .isGreaterThanOrEqualTo((int) Math.ceil(faces.size() * 0.8));
      if (c[1] != 2) {
        assertThat(missedByFirstPass)
            .as("photos on their side the first pass misses (the second pass finds them)")
            .isPositive();
      }
    }
  }

  @Test
  void anUprightFaceIsNeverTurned() {
    for (byte[] photo : faces) {
      DetectedFace face = engine.detect(photo, FacePolicy.LARGEST).join().faces().get(0);
      assertThat(face.uprightTurns()).isZero();
      assertThat(face.pass()).isEqualTo(DetectionPass.STANDARD);
    }
  }

  @Test
  void aFaceOnItsSideThatTheFirstPassMissesIsFoundByTheTurnedLook() {
    int checked = 0;
    for (byte[] photo : faces) {
      byte[] sideways = turned(photo, ROTATE_90_CLOCKWISE);
      if (firstPassOnly.detect(sideways, FacePolicy.LARGEST).join().faces().isEmpty()) {
        DetectedFace face = engine.detect(sideways, FacePolicy.LARGEST).join().faces().get(0);
        assertThat(face.pass()).isEqualTo(DetectionPass.ROTATED_270);
        assertThat(face.uprightTurns()).isEqualTo(3);
        checked++;
      }
    }
    assertThat(checked).as("photos on their side the first pass misses").isPositive();
  }

  @Test
  void aFadedPrintThatTheFirstPassMissesIsFoundWithItsOwnVector() {
    int missed = 0;
    for (byte[] photo : faces) {
      byte[] faded = faded(photo);
      if (!firstPassOnly.detect(faded, FacePolicy.LARGEST).join().faces().isEmpty()) {
        continue;
      }
      missed++;
      EmbedResult r = embed(engine, faded);
      assertThat(r.faces().get(0).face().pass().isSecondPass()).isTrue();
      float cosine = r.faces().get(0).vector().cosine(embed(engine, photo).faces().get(0).vector());
      assertThat(cosine).as("the same face as unfaded").isGreaterThan(0.5f);
    }
    assertThat(missed).as("faded prints the first pass misses (the test needs one)").isPositive();
  }

  @Test
  void imagesWithNoFaceStayWithoutOne() {
    Random random = new Random(11);
    List<byte[]> images = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      images.add(noise(random, 2 + 10 * i));
    }
    images.add(plain(new Scalar(40, 40, 40, 0)));
    images.add(plain(new Scalar(250, 250, 250, 0)));
    // Parts of real photos away from the face: sky, a flag, a suit.
    try (Mat astronaut = decode(SharedData.fixtureBytes("public-domain/skimage_astronaut.png"))) {
      for (Rect r :
          List.of(
              new Rect(0, 300, 180, 200), new Rect(330, 330, 180, 180), new Rect(0, 0, 120, 160))) {
        try (Mat crop = new Mat(astronaut, r)) {
          images.add(encode(crop));
        }
      }
    }
    for (byte[] image : images) {
      assertThat(engine.detect(image, FacePolicy.ALL).join().faces()).isEmpty();
      assertThat(noFace(image)).isTrue();
    }
  }

  @Test
  void turningAPointAndTurningItBackAreInverses() {
    Point p = new Point(12.5f, 3.25f);
    for (int quarter = 0; quarter < 4; quarter++) {
      Point there = SecondPass.turn(p, quarter, 40, 30);
      Point back = SecondPass.unturn(there, quarter, 40, 30);
      assertThat(back.x()).isEqualTo(p.x());
      assertThat(back.y()).isEqualTo(p.y());
    }
  }

  @Test
  void aTurnedPointIsTurnedBackToWhereItWas() {
    // A marked pixel, turned by OpenCV, found and turned back, lands where it was.
    int w = 40;
    int h = 30;
    for (int quarter = 1; quarter <= 3; quarter++) {
      int code =
          switch (quarter) {
            case 1 -> ROTATE_90_CLOCKWISE;
            case 2 -> ROTATE_180;
            default -> ROTATE_90_COUNTERCLOCKWISE;
          };
      try (Mat m = new Mat(h, w, CV_8UC1, Scalar.all(0));
          Mat t = new Mat()) {
        try (UByteIndexer ix = m.createIndexer()) {
          ix.put(7, 29, 255);
        }
        rotate(m, t, code);
        Point at = null;
        try (UByteIndexer ix = t.createIndexer()) {
          for (int y = 0; y < t.rows(); y++) {
            for (int x = 0; x < t.cols(); x++) {
              if (ix.get(y, x) == 255) {
                at = new Point(x + 0.5f, y + 0.5f);
              }
            }
          }
        }
        Point back = SecondPass.unturn(at, quarter, w, h);
        assertThat(back.x()).as("quarter " + quarter).isEqualTo(29.5f);
        assertThat(back.y()).as("quarter " + quarter).isEqualTo(7.5f);
      }
    }
  }

  @Test
  void fivePointsInAFacesShapeArePlausibleAndOthersAreNot() {
    FaceBox box = new FaceBox(0, 0, 100, 100, 0.9f);
    Landmarks face = marks(35, 40, 65, 40, 50, 60, 38, 78, 62, 78);
    assertThat(SecondPass.plausible(box, face)).isTrue();
    // Tilted by 20 degrees: still a face.
    assertThat(SecondPass.plausible(box, marks(35, 45, 63, 35, 53, 62, 44, 82, 67, 74))).isTrue();
    // Eyes one above the other (the face on its side), mouth above the eyes, eyes touching.
    assertThat(SecondPass.plausible(box, marks(40, 35, 40, 65, 60, 50, 78, 38, 78, 62))).isFalse();
    assertThat(SecondPass.plausible(box, marks(35, 70, 65, 70, 50, 55, 38, 30, 62, 30))).isFalse();
    assertThat(SecondPass.plausible(box, marks(48, 40, 52, 40, 50, 60, 38, 78, 62, 78))).isFalse();
  }

  private static Landmarks marks(float... p) {
    return new Landmarks(
        new Point(p[0], p[1]),
        new Point(p[2], p[3]),
        new Point(p[4], p[5]),
        new Point(p[6], p[7]),
        new Point(p[8], p[9]));
  }

  /** The box and the five points lie in the photo's own pixels. */
  private static void assertInside(DetectedFace face, byte[] photo) {
    int w;
    int h;
    try (Mat m = decode(photo)) {
      w = m.cols();
      h = m.rows();
    }
    float cx = (face.box().x1() + face.box().x2()) / 2;
    float cy = (face.box().y1() + face.box().y2()) / 2;
    assertThat(cx).isBetween(0f, (float) w);
    assertThat(cy).isBetween(0f, (float) h);
    for (Point p : face.landmarks().asList()) {
      assertThat(p.x()).isBetween(face.box().x1() - 1, face.box().x2() + 1);
      assertThat(p.y()).isBetween(face.box().y1() - 1, face.box().y2() + 1);
    }
  }

  private static EmbedResult embed(EmbedderEngine e, byte[] photo) {
    return e.embed(photo, new EmbedOptions(FacePolicy.LARGEST, true, Optional.empty())).join();
  }

  private static boolean noFace(byte[] image) {
    try {
      embed(engine, image);
      return false;
    } catch (CompletionException e) {
      return e.getCause().getMessage().contains("no face");
    }
  }

  private static byte[] turned(byte[] photo, int code) {
    try (Mat m = decode(photo);
        Mat t = new Mat()) {
      rotate(m, t, code);
      return encode(t);
    }
  }

  /** A faded print: a third of the contrast, lifted towards a yellowed white. */
  private static byte[] faded(byte[] photo) {
    try (Mat m = decode(photo);
        Mat f = new Mat()) {
      m.convertTo(f, -1, 0.3, 150);
      return encode(f);
    }
  }

  private static byte[] noise(Random random, double sigma) {
    try (Mat m = new Mat(300, 400, CV_8UC3);
        Mat soft = new Mat()) {
      try (UByteIndexer px = m.createIndexer()) {
        for (long y = 0; y < 300; y++) {
          for (long x = 0; x < 400; x++) {
            for (long c = 0; c < 3; c++) {
              px.put(y, x, c, random.nextInt(256));
            }
          }
        }
      }
      GaussianBlur(m, soft, new Size(0, 0), sigma / 3);
      return encode(soft);
    }
  }

  private static byte[] plain(Scalar colour) {
    try (Mat m = new Mat(300, 400, CV_8UC3, colour)) {
      return encode(m);
    }
  }

  private static Mat decode(byte[] bytes) {
    try (Mat buffer = new Mat(bytes)) {
      return imdecode(buffer, IMREAD_COLOR);
    }
  }

  private static byte[] encode(Mat m) {
    try (BytePointer buffer = new BytePointer()) {
      imencode(".png", m, buffer);
      byte[] bytes = new byte[(int) buffer.limit()];
      buffer.get(bytes);
      return bytes;
    }
  }
}
