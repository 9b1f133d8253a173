package io.homeward.tools.age;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LogisticRegressionTest {
  @Test
  void separatesTwoShiftedClouds() {
    Random random = new Random(7);
    int n = 400;
    float[][] x = new float[n][8];
    boolean[] y = new boolean[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 2 == 0;
      for (int j = 0; j < 8; j++) {
        x[i][j] = (float) (random.nextGaussian() * 0.05 + (y[i] && j == 3 ? 0.2 : 0));
      }
    }

    LogisticRegression model = LogisticRegression.fit(x, y, 1e-3, 200);

    float[] positive = new float[8];
    positive[3] = 0.2f;
    assertThat(model.probability(positive)).isGreaterThan(0.9);
    assertThat(model.probability(new float[8])).isLessThan(0.1);
  }
}
