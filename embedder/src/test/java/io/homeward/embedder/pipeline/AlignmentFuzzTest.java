package io.homeward.embedder.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.homeward.embedder.domain.FaceBox;
import io.homeward.embedder.domain.FaceQuality;
import io.homeward.embedder.domain.Landmarks;
import io.homeward.embedder.domain.Point;
import io.homeward.models.DefaultModels;
import io.homeward.models.ManifestReader;
import io.homeward.models.ModelManifest;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * Coverage-guided fuzzing of the alignment and the quality gate on arbitrary boxes and five points
 * (issue 17): any floats, NaN and infinities included, on photos of any size. The crop always has
 * the model's size, and a face passes the gate only when every measure the gate judges is a number:
 * a box or points that are not a number never make a face "good".
 */
class AlignmentFuzzTest {
  private static final ModelManifest EMBEDDING = ManifestReader.read(DefaultModels.EMBEDDING_FP32);

  @FuzzTest(maxDuration = "60s")
  void anyBoxAndPointsGiveAModelSizedCropAndAnHonestVerdict(FuzzedDataProvider data) {
    int width = data.consumeInt(1, 640);
    int height = data.consumeInt(1, 640);
    FaceBox box =
        new FaceBox(
            data.consumeFloat(),
            data.consumeFloat(),
            data.consumeFloat(),
            data.consumeFloat(),
            data.consumeFloat());
    Landmarks lm = new Landmarks(point(data), point(data), point(data), point(data), point(data));
    FaceAligner aligner = new FaceAligner(EMBEDDING);
    QualityAssessor quality = new QualityAssessor(QualitySettings.defaults());
    try (Mat photo = new Mat(height, width, CV_8UC3, Scalar.all(data.consumeInt(0, 255)));
        Mat aligned = aligner.align(photo, lm)) {
      assertThat(aligned.cols()).isEqualTo(EMBEDDING.input().width());
      assertThat(aligned.rows()).isEqualTo(EMBEDDING.input().height());
      assertThat(aligned.type()).isEqualTo(CV_8UC3);
      FaceQuality q = quality.assess(aligned, box, lm, width, height);
      if (q.passed()) {
        float[] judged = {
          q.faceSizePx(),
          q.detectorScore(),
          q.sharpness(),
          q.yawDegrees(),
          q.pitchDegrees(),
          q.brightness(),
          q.contrast()
        };
        for (float v : judged) {
          assertThat(Float.isFinite(v)).as("every measure of a face that passed the gate").isTrue();
        }
      }
    } finally {
      aligner.close();
      quality.close();
    }
  }

  private static Point point(FuzzedDataProvider data) {
    return new Point(data.consumeFloat(), data.consumeFloat());
  }
}
