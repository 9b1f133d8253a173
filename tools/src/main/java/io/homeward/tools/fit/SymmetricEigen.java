package io.homeward.tools.fit;

/**
 * Eigen-decomposition of a real symmetric matrix: Householder reduction to tridiagonal form, then
 * the implicit QL method (the textbook tred2/tql2 pair, as in EISPACK and JAMA). Written here
 * rather than taken from a library because the fitting needs only this and the build is offline.
 * Eigenvalues come out in descending order with orthonormal eigenvectors as columns.
 */
final class SymmetricEigen {
  private final int n;
  private final double[] values;
  private final double[][] vectors;

  private SymmetricEigen(int n, double[] values, double[][] vectors) {
    this.n = n;
    this.values = values;
    this.vectors = vectors;
  }

  /**
   * Decomposes {@code a}, a symmetric {@code n x n} matrix in row-major order (only its values are
   * read; it is not modified).
   */
  static SymmetricEigen of(double[] a, int n) {
    if (a.length != n * n) {
      throw new IllegalArgumentException("matrix is not " + n + " x " + n);
    }
    double[][] v = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        // Symmetrised, so rounding in the caller's accumulation cannot break the method.
        v[i][j] = 0.5 * (a[i * n + j] + a[j * n + i]);
      }
    }
    double[] d = new double[n];
    double[] e = new double[n];
    tred2(n, v, d, e);
    tql2(n, v, d, e);
    // tql2 leaves ascending order: reverse to descending.
    double[] values = new double[n];
    double[][] vectors = new double[n][n];
    for (int c = 0; c < n; c++) {
      int src = n - 1 - c;
      values[c] = d[src];
      for (int r = 0; r < n; r++) {
        vectors[r][c] = v[r][src];
      }
    }
    return new SymmetricEigen(n, values, vectors);
  }

  int size() {
    return n;
  }

  /** The {@code i}-th largest eigenvalue. */
  double value(int i) {
    return values[i];
  }

  /** Component {@code row} of the eigenvector of the {@code i}-th largest eigenvalue. */
  double vector(int row, int i) {
    return vectors[row][i];
  }

  /** The eigenvector of the {@code i}-th largest eigenvalue, as a new array. */
  double[] column(int i) {
    double[] c = new double[n];
    for (int r = 0; r < n; r++) {
      c[r] = vectors[r][i];
    }
    return c;
  }

  private static void tred2(int n, double[][] v, double[] d, double[] e) {
    for (int j = 0; j < n; j++) {
      d[j] = v[n - 1][j];
    }
    for (int i = n - 1; i > 0; i--) {
      double scale = 0;
      double h = 0;
      for (int k = 0; k < i; k++) {
        scale += Math.abs(d[k]);
      }
      if (scale == 0) {
        e[i] = d[i - 1];
        for (int j = 0; j < i; j++) {
          d[j] = v[i - 1][j];
          v[i][j] = 0;
          v[j][i] = 0;
        }
      } else {
        for (int k = 0; k < i; k++) {
          d[k] /= scale;
          h += d[k] * d[k];
        }
        double f = d[i - 1];
        double g = Math.sqrt(h);
        if (f > 0) {
          g = -g;
        }
        e[i] = scale * g;
        h -= f * g;
        d[i - 1] = f - g;
        for (int j = 0; j < i; j++) {
          e[j] = 0;
        }
        for (int j = 0; j < i; j++) {
          f = d[j];
          v[j][i] = f;
          g = e[j] + v[j][j] * f;
          for (int k = j + 1; k <= i - 1; k++) {
            g += v[k][j] * d[k];
            e[k] += v[k][j] * f;
          }
          e[j] = g;
        }
        f = 0;
        for (int j = 0; j < i; j++) {
          e[j] /= h;
          f += e[j] * d[j];
        }
        double hh = f / (h + h);
        for (int j = 0; j < i; j++) {
          e[j] -= hh * d[j];
        }
        for (int j = 0; j < i; j++) {
          f = d[j];
          g = e[j];
          for (int k = j; k <= i - 1; k++) {
            v[k][j] -= (f * e[k] + g * d[k]);
          }
          d[j] = v[i - 1][j];
          v[i][j] = 0;
        }
      }
      d[i] = h;
    }
    for (int i = 0; i < n - 1; i++) {
      v[n - 1][i] = v[i][i];
      v[i][i] = 1;
      double h = d[i + 1];
      if (h != 0) {
        for (int k = 0; k <= i; k++) {
          d[k] = v[k][i + 1] / h;
        }
        for (int j = 0; j <= i; j++) {
          double g = 0;
          for (int k = 0; k <= i; k++) {
            g += v[k][i + 1] * v[k][j];
          }
          for (int k = 0; k <= i; k++) {
            v[k][j] -= g * d[k];
          }
        }
      }
      for (int k = 0; k <= i; k++) {
        v[k][i + 1] = 0;
      }
    }
    for (int j = 0; j < n; j++) {
      d[j] = v[n - 1][j];
      v[n - 1][j] = 0;
    }
    v[n - 1][n - 1] = 1;
    e[0] = 0;
  }

  private static void tql2(int n, double[][] v, double[] d, double[] e) {
    for (int i = 1; i < n; i++) {
      e[i - 1] = e[i];
    }
    e[n - 1] = 0;
    double f = 0;
    double tst1 = 0;
    double eps = Math.ulp(1.0);
    for (int l = 0; l < n; l++) {
      tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
      int m = l;
      while (m < n && Math.abs(e[m]) > eps * tst1) {
        m++;
      }
      if (m > l) {
        int iterations = 0;
        do {
          if (++iterations > 100) {
            throw new ArithmeticException("eigen-decomposition did not converge");
          }
          double g = d[l];
          double p = (d[l + 1] - g) / (2 * e[l]);
          double r = hypot(p, 1);
          if (p < 0) {
            r = -r;
          }
          d[l] = e[l] / (p + r);
          d[l + 1] = e[l] * (p + r);
          double dl1 = d[l + 1];
          double h = g - d[l];
          for (int i = l + 2; i < n; i++) {
            d[i] -= h;
          }
          f += h;
          p = d[m];
          double c = 1;
          double c2 = c;
          double c3 = c;
          double el1 = e[l + 1];
          double s = 0;
          double s2 = 0;
          for (int i = m - 1; i >= l; i--) {
            c3 = c2;
            c2 = c;
            s2 = s;
            g = c * e[i];
            h = c * p;
            r = hypot(p, e[i]);
            e[i + 1] = s * r;
            s = e[i] / r;
            c = p / r;
            p = c * d[i] - s * g;
            d[i + 1] = h + s * (c * g + s * d[i]);
            for (int k = 0; k < n; k++) {
              double[] row = v[k];
              h = row[i + 1];
              row[i + 1] = s * row[i] + c * h;
              row[i] = c * row[i] - s * h;
            }
          }
          p = -s * s2 * c3 * el1 * e[l] / dl1;
          e[l] = s * p;
          d[l] = c * p;
        } while (Math.abs(e[l]) > eps * tst1);
      }
      d[l] += f;
      e[l] = 0;
    }
    // Selection sort into ascending order, moving the vectors along.
    for (int i = 0; i < n - 1; i++) {
      int k = i;
      double p = d[i];
      for (int j = i + 1; j < n; j++) {
        if (d[j] < p) {
          k = j;
          p = d[j];
        }
      }
      if (k != i) {
        d[k] = d[i];
        d[i] = p;
        for (int j = 0; j < n; j++) {
          double t = v[j][i];
          v[j][i] = v[j][k];
          v[j][k] = t;
        }
      }
    }
  }

  private static double hypot(double a, double b) {
    // Math.hypot guards against overflow these scores never reach, at ten times the cost.
    return Math.sqrt(a * a + b * b);
  }
}
