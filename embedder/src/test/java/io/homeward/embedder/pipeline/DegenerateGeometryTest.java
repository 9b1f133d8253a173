package io.homeward.embedder.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_core.extractChannel;

import io.homeward.embedder.domain.FaceBox;
import io.homeward.embedder.domain.FaceQuality;
import io.homeward.embedder.domain.Landmarks;
import io.homeward.embedder.domain.Point;
import io.homeward.embedder.domain.QualityIssue;
import io.homeward.embedder.geometry.SimilarityTransform;
import io.homeward.models.DefaultModels;
import io.homeward.models.ManifestReader;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

/**
 * What the fuzzing of the alignment and the quality gate found (issue 17): five points that
 * coincide stopped the whole request with an internal error, and a box or points that are not
 * numbers passed every test of the gate (each compared "below the minimum", false for NaN). Now
 * such a face gets a black crop of the model's size and the gate refuses it.
 */
class DegenerateGeometryTest {
  private static final FaceBox GOOD_BOX = new FaceBox(40, 40, 200, 200, 0.99f);

  @Test
  void pointsThatAreNotNumbersGiveABlackCropTheGateRefuses() {
    float nan = Float.NaN;
    Landmarks lm = new Landmarks(p(nan, 80), p(160, 80), p(120, 120), p(90, 160), p(150, 160));
    FaceQuality q = alignAndAssess(lm, GOOD_BOX, true);
    assertThat(q.passed()).isFalse();
    assertThat(q.issues()).contains(QualityIssue.POSE_TOO_EXTREME);
  }

  @Test
  void pointsThatCoincideGiveABlackCropTheGateRefuses() {
    Point same = p(120, 120);
    FaceQuality q = alignAndAssess(new Landmarks(same, same, same, same, same), GOOD_BOX, true);
    assertThat(q.issues()).contains(QualityIssue.POSE_TOO_EXTREME, QualityIssue.UNDEREXPOSED);
  }

  @Test
  void aBoxThatIsNotANumberNeverPasses() {
    Landmarks lm = new Landmarks(p(90, 90), p(150, 90), p(120, 125), p(95, 160), p(145, 160));
    FaceBox nanBox = new FaceBox(Float.NaN, 40, 200, Float.NaN, Float.NaN);
    FaceQuality q = alignAndAssess(lm, nanBox, false);
    assertThat(q.issues())
        .contains(
            QualityIssue.FACE_TOO_SMALL,
            QualityIssue.LOW_DETECTOR_SCORE,
            QualityIssue.FACE_CUT_OFF);
    FaceBox endless = new FaceBox(0, 0, Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY, 1f);
    assertThat(alignAndAssess(lm, endless, false).issues()).contains(QualityIssue.FACE_TOO_SMALL);
  }

  @Test
  void theTransformRefusesPointsThatAreNotFinite() {
    List<Point> to = List.of(p(0, 0), p(10, 0), p(5, 5));
    assertThatThrownBy(
            () ->
                SimilarityTransform.estimate(
                    List.of(p(0, 0), p(Float.POSITIVE_INFINITY, 0), p(5, 5)), to))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("finite");
    // Points at the ends of float's range are still numbers: the transform is tiny but finite.
    assertThat(
            SimilarityTransform.estimate(
                    List.of(p(-3e38f, -3e38f), p(3e38f, 3e38f), p(0, 3e38f)), to)
                .scale())
        .isFinite();
  }

  private static FaceQuality alignAndAssess(Landmarks lm, FaceBox box, boolean expectBlack) {
    FaceAligner aligner = new FaceAligner(ManifestReader.read(DefaultModels.EMBEDDING_FP32));
    QualityAssessor quality = new QualityAssessor(QualitySettings.defaults());
    try (Mat photo = new Mat(240, 240, CV_8UC3, Scalar.all(128));
        Mat aligned = aligner.align(photo, lm);
        Mat channel = new Mat()) {
      assertThat(aligned.cols()).isEqualTo(112);
      assertThat(aligned.rows()).isEqualTo(112);
      extractChannel(aligned, channel, 0);
      if (expectBlack) {
        assertThat(countNonZero(channel)).as("a black crop").isZero();
      }
      return quality.assess(aligned, box, lm, photo.cols(), photo.rows());
    } finally {
      aligner.close();
      quality.close();
    }
  }

  private static Point p(float x, float y) {
    return new Point(x, y);
  }
}
