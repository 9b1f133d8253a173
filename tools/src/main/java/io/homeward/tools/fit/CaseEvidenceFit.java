package io.homeward.tools.fit;

/**
 * What a case search adds to its best pair's log-odds, fitted on candidate cases of training
 * identities: {@code P(same | case) = sigmoid(offset + sum_j beta_j * x_j)}, where the offset is
 * the best face pair's calibrated log-odds and the features are, for instance, the further agreeing
 * photos or the log of the pairs compared. Classes are re-weighted to the calibration's prior, as
 * the curve was. Newton's method on a handful of coefficients.
 */
public final class CaseEvidenceFit {
  private static final int MAX_ITERATIONS = 100;

  private CaseEvidenceFit() {}

  /**
   * @param offset each candidate's log-odds before the case evidence
   * @param features each candidate's features, one row per candidate
   * @param same whether the candidate is the searched person
   * @param prior total weight of the genuine candidates (impostors: {@code 1 - prior})
   * @return the coefficients, one per feature (any sign: the caller decides what to ship)
   */
  public static double[] fit(double[] offset, double[][] features, boolean[] same, double prior) {
    int n = offset.length;
    if (n != features.length || n != same.length || n == 0) {
      throw new IllegalArgumentException("one offset, feature row and label per candidate");
    }
    int k = features[0].length;
    int genuine = 0;
    for (boolean s : same) {
      genuine += s ? 1 : 0;
    }
    if (genuine == 0 || genuine == n) {
      throw new IllegalArgumentException("need genuine and impostor candidates");
    }
    double wg = prior / genuine;
    double wi = (1 - prior) / (n - genuine);
    double[] beta = new double[k];
    for (int it = 0; it < MAX_ITERATIONS; it++) {
      double[] grad = new double[k];
      double[][] hess = new double[k][k];
      for (int j = 0; j < k; j++) {
        hess[j][j] = 1e-9;
      }
      for (int i = 0; i < n; i++) {
        double z = offset[i];
        for (int j = 0; j < k; j++) {
          z += beta[j] * features[i][j];
        }
        double w = same[i] ? wg : wi;
        double p = LogisticCurve.sigmoid(z);
        double r = w * (p - (same[i] ? 1 : 0));
        double h = w * p * (1 - p);
        for (int a = 0; a < k; a++) {
          grad[a] += r * features[i][a];
          for (int b = 0; b < k; b++) {
            hess[a][b] += h * features[i][a] * features[i][b];
          }
        }
      }
      double[] step = solve(hess, grad);
      double size = 0;
      for (int j = 0; j < k; j++) {
        // Damped: far from the optimum a full Newton step on a flat likelihood can overshoot.
        step[j] = Math.max(-2, Math.min(2, step[j]));
        beta[j] -= step[j];
        size += Math.abs(step[j]);
      }
      if (size < 1e-10) {
        break;
      }
    }
    return beta;
  }

  /** The weighted negative log-likelihood of {@code beta} (lower fits better), as {@link #fit}. */
  public static double loss(
      double[] offset, double[][] features, boolean[] same, double prior, double[] beta) {
    int genuine = 0;
    for (boolean s : same) {
      genuine += s ? 1 : 0;
    }
    double wg = prior / genuine;
    double wi = (1 - prior) / (offset.length - genuine);
    double loss = 0;
    for (int i = 0; i < offset.length; i++) {
      double z = offset[i];
      for (int j = 0; j < beta.length; j++) {
        z += beta[j] * features[i][j];
      }
      loss += same[i] ? wg * LogisticCurve.softplus(-z) : wi * LogisticCurve.softplus(z);
    }
    return loss;
  }

  /** Solves {@code a x = b} by Gaussian elimination with partial pivoting. */
  static double[] solve(double[][] a, double[] b) {
    int k = b.length;
    double[][] m = new double[k][k + 1];
    for (int i = 0; i < k; i++) {
      System.arraycopy(a[i], 0, m[i], 0, k);
      m[i][k] = b[i];
    }
    for (int c = 0; c < k; c++) {
      int pivot = c;
      for (int r = c + 1; r < k; r++) {
        if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
          pivot = r;
        }
      }
      double[] t = m[c];
      m[c] = m[pivot];
      m[pivot] = t;
      for (int r = 0; r < k; r++) {
        if (r != c) {
          double f = m[r][c] / m[c][c];
          for (int j = c; j <= k; j++) {
            m[r][j] -= f * m[c][j];
          }
        }
      }
    }
    double[] x = new double[k];
    for (int i = 0; i < k; i++) {
      x[i] = m[i][k] / m[i][i];
    }
    return x;
  }
}
