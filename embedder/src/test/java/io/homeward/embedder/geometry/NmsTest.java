package io.homeward.embedder.geometry;

import static org.assertj.core.api.Assertions.assertThat;

import io.homeward.embedder.domain.FaceBox;
import java.util.List;
import org.junit.jupiter.api.Test;

class NmsTest {
  @Test
  void keepsTheBestOfOverlappingBoxesAndAllSeparateOnes() {
    FaceBox best = new FaceBox(10, 10, 110, 110, 0.99f);
    FaceBox shifted = new FaceBox(15, 12, 115, 112, 0.90f);
    FaceBox other = new FaceBox(300, 40, 380, 120, 0.80f);
    FaceBox weakOverlap = new FaceBox(80, 80, 180, 180, 0.95f);

    List<FaceBox> kept = Nms.suppress(List.of(shifted, other, best, weakOverlap), 0.4f);

    assertThat(kept).containsExactly(best, weakOverlap, other);
  }

  @Test
  void iouIsSymmetricAndBounded() {
    FaceBox a = new FaceBox(0, 0, 10, 10, 1);
    FaceBox b = new FaceBox(5, 0, 15, 10, 1);
    assertThat(a.iou(b)).isEqualTo(b.iou(a)).isEqualTo(50f / 150f);
    assertThat(a.iou(a)).isEqualTo(1f);
    assertThat(a.iou(new FaceBox(20, 20, 30, 30, 1))).isZero();
  }

  @Test
  void thresholdDecidesWhetherAnOverlapSurvives() {
    FaceBox a = new FaceBox(0, 0, 10, 10, 0.9f);
    FaceBox b = new FaceBox(5, 0, 15, 10, 0.8f); // IoU 1/3
    assertThat(Nms.suppress(List.of(a, b), 0.4f)).hasSize(2);
    assertThat(Nms.suppress(List.of(a, b), 0.3f)).containsExactly(a);
    assertThat(Nms.suppress(List.of(), 0.4f)).isEmpty();
  }
}
