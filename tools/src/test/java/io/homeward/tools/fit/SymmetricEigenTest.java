package io.homeward.tools.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SymmetricEigenTest {
  @Test
  void decomposesARandomSymmetricMatrix() {
    int n = 40;
    Random random = new Random(3);
    double[] a = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = i; j < n; j++) {
        double v = random.nextGaussian();
        a[i * n + j] = v;
        a[j * n + i] = v;
      }
    }
    SymmetricEigen e = SymmetricEigen.of(a, n);
    for (int c = 0; c < n; c++) {
      if (c > 0) {
        assertThat(e.value(c)).isLessThanOrEqualTo(e.value(c - 1));
      }
      // A v = lambda v
      for (int i = 0; i < n; i++) {
        double av = 0;
        for (int k = 0; k < n; k++) {
          av += a[i * n + k] * e.vector(k, c);
        }
        assertThat(av).isCloseTo(e.value(c) * e.vector(i, c), within(1e-9));
      }
      // orthonormal columns
      for (int d = 0; d <= c; d++) {
        double dot = 0;
        for (int k = 0; k < n; k++) {
          dot += e.vector(k, c) * e.vector(k, d);
        }
        assertThat(dot).isCloseTo(c == d ? 1 : 0, within(1e-9));
      }
    }
  }

  @Test
  void handlesARankDeficientMatrix() {
    double[] a = {1, 1, 0, 1, 1, 0, 0, 0, 0};
    SymmetricEigen e = SymmetricEigen.of(a, 3);
    assertThat(e.value(0)).isCloseTo(2, within(1e-12));
    assertThat(e.value(1)).isCloseTo(0, within(1e-12));
    assertThat(e.value(2)).isCloseTo(0, within(1e-12));
  }
}
