package io.homeward.tools.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_core.extractChannel;
import static org.bytedeco.opencv.global.opencv_core.mean;

import io.homeward.embedder.domain.DetectedFace;
import io.homeward.embedder.domain.DetectionPass;
import io.homeward.embedder.domain.FaceBox;
import io.homeward.embedder.domain.FaceQuality;
import io.homeward.embedder.domain.Landmarks;
import io.homeward.embedder.domain.Point;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

/**
 * The degradations do what their names say, the same way every time for a seed, and the tally
 * counts a photo the first pass missed only when every face came from the second pass.
 */
class DegradationTest {
  private static Mat photo() {
    // A coloured ground with a dark square on it.
    Mat m = new Mat(200, 300, CV_8UC3, new Scalar(90, 120, 160, 0));
    try (Mat band = new Mat(m, new Rect(100, 50, 100, 100))) {
      band.put(new Scalar(20, 20, 20, 0));
    }
    return m;
  }

  @Test
  void eachDegradationChangesThePhotoAsItsNameSays() {
    try (Mat p = photo()) {
      try (Mat d = Degradation.DOWNSCALE.apply(p, new Random(1))) {
        assertThat(d.cols()).isEqualTo(96);
        assertThat(d.rows()).as("never under 64 pixels a side").isEqualTo(64);
      }
      try (Mat d = Degradation.ROTATED_90.apply(p, new Random(1))) {
        assertThat(d.cols()).isEqualTo(200);
        assertThat(d.rows()).isEqualTo(300);
      }
      try (Mat d = Degradation.SMALL_ON_SCAN.apply(p, new Random(1))) {
        assertThat(d.cols()).isEqualTo(1240);
        assertThat(d.rows()).isEqualTo(1754);
      }
      try (Mat d = Degradation.FADED.apply(p, new Random(1))) {
        // A third of the contrast: the black square is lifted far above black.
        assertThat(mean(d).get(0)).isGreaterThan(150);
      }
      try (Mat d = Degradation.SEPIA.apply(p, new Random(1))) {
        // Sepia: red above green above blue everywhere.
        Scalar m = mean(d);
        assertThat(m.get(2)).isGreaterThan(m.get(1));
        assertThat(m.get(1)).isGreaterThan(m.get(0));
      }
      try (Mat d = Degradation.OLD_PRINT.apply(p, new Random(1))) {
        assertThat(d.cols()).isGreaterThan(p.cols());
      }
    }
  }

  @Test
  void theSameSeedGivesTheSameDegradedPhoto() {
    try (Mat p = photo();
        Mat a = Degradation.GRAIN.apply(p, new Random(5));
        Mat b = Degradation.GRAIN.apply(p, new Random(5));
        Mat c = Degradation.GRAIN.apply(p, new Random(6));
        Mat diffAb = new Mat();
        Mat diffAc = new Mat();
        Mat channel = new Mat()) {
      absdiff(a, b, diffAb);
      absdiff(a, c, diffAc);
      extractChannel(diffAb, channel, 0);
      assertThat(countNonZero(channel)).isZero();
      extractChannel(diffAc, channel, 0);
      assertThat(countNonZero(channel)).isPositive();
    }
  }

  @Test
  void theTallyCountsAPhotoAsMissedOnlyWhenEveryFaceCameFromTheSecondPass() {
    DetectionTally t = new DetectionTally("set", "NONE", "as is");
    t.add(List.of(face(DetectionPass.STANDARD, 0)), 5_000_000);
    t.add(List.of(face(DetectionPass.STANDARD, 2)), 7_000_000);
    t.add(List.of(face(DetectionPass.PADDED, 0)), 20_000_000);
    t.add(
        List.of(face(DetectionPass.ROTATED_90, 1), face(DetectionPass.ROTATED_90, 1)), 40_000_000);
    t.add(List.of(), 60_000_000);

    assertThat(t.photos()).isEqualTo(5);
    assertThat(t.noFaceFirstPass()).isEqualTo(3);
    assertThat(t.noFaceAfter()).isEqualTo(1);
    assertThat(t.facesSecondPass()).isEqualTo(3);
    assertThat(t.secondPassFinds())
        .containsEntry(DetectionPass.PADDED, 1)
        .containsEntry(DetectionPass.ROTATED_90, 1);
    assertThat(t.turnedFirstPass()).isEqualTo(1);
    assertThat(t.uprightTurns()).containsExactly(2, 1, 1, 0);
    assertThat(t.meanMsFirstPassOnly()).isEqualTo(6.0);
    assertThat(t.meanMsSecondPass()).isEqualTo(40.0);
    assertThat(t.noFaceRateAfter()).isEqualTo(0.2);
  }

  private static DetectedFace face(DetectionPass pass, int turns) {
    Point p = new Point(1, 1);
    return new DetectedFace(
        new FaceBox(0, 0, 10, 10, 0.9f),
        new Landmarks(p, p, p, p, p),
        new FaceQuality(10, 10, 0.9f, 100, 0, 0, 0, 120, 40, List.of()),
        Optional.empty(),
        pass,
        turns);
  }
}
