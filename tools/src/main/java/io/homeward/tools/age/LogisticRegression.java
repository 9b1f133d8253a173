package io.homeward.tools.age;

import java.util.Arrays;

/**
 * L2-regularised logistic regression on standardised features, fitted by full-batch gradient
 * descent with Nesterov momentum. Small and deterministic: for a minor/adult classifier on face
 * vectors, compared against the age models in {@code homeward age-eval}.
 */
public final class LogisticRegression {
  private final double[] mean;
  private final double[] std;
  private final double[] weights;
  private final double bias;

  private LogisticRegression(double[] mean, double[] std, double[] weights, double bias) {
    this.mean = mean;
    this.std = std;
    this.weights = weights;
    this.bias = bias;
  }

  /**
   * Fits {@code P(y) = sigmoid(w . standardise(x) + b)}.
   *
   * @param x rows of equal length
   * @param y the labels
   * @param lambda L2 penalty on the weights (not the bias), per example
   * @param iterations gradient steps
   */
  public static LogisticRegression fit(float[][] x, boolean[] y, double lambda, int iterations) {
    int n = x.length;
    if (n == 0 || n != y.length) {
      throw new IllegalArgumentException("need as many labels as rows, and at least one row");
    }
    int d = x[0].length;
    double[] mean = new double[d];
    double[] std = new double[d];
    for (float[] row : x) {
      for (int j = 0; j < d; j++) {
        mean[j] += row[j];
      }
    }
    for (int j = 0; j < d; j++) {
      mean[j] /= n;
    }
    for (float[] row : x) {
      for (int j = 0; j < d; j++) {
        std[j] += (row[j] - mean[j]) * (row[j] - mean[j]);
      }
    }
    for (int j = 0; j < d; j++) {
      std[j] = Math.max(Math.sqrt(std[j] / n), 1e-8);
    }
    double[][] z = new double[n][d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        z[i][j] = (x[i][j] - mean[j]) / std[j];
      }
    }
    double[] w = new double[d + 1];
    double[] velocity = new double[d + 1];
    double[] look = new double[d + 1];
    double[] grad = new double[d + 1];
    double rate = 0.5;
    double momentum = 0.9;
    for (int it = 0; it < iterations; it++) {
      for (int j = 0; j <= d; j++) {
        look[j] = w[j] + momentum * velocity[j];
      }
      Arrays.fill(grad, 0);
      for (int i = 0; i < n; i++) {
        double err = sigmoid(dot(look, z[i])) - (y[i] ? 1 : 0);
        for (int j = 0; j < d; j++) {
          grad[j] += err * z[i][j];
        }
        grad[d] += err;
      }
      for (int j = 0; j <= d; j++) {
        grad[j] = grad[j] / n + (j < d ? lambda * look[j] : 0);
        velocity[j] = momentum * velocity[j] - rate * grad[j];
        w[j] += velocity[j];
      }
    }
    return new LogisticRegression(mean, std, Arrays.copyOf(w, d), w[d]);
  }

  /** The fitted probability of the positive label. */
  public double probability(float[] x) {
    double s = bias;
    for (int j = 0; j < weights.length; j++) {
      s += weights[j] * (x[j] - mean[j]) / std[j];
    }
    return sigmoid(s);
  }

  private static double dot(double[] w, double[] z) {
    double s = w[z.length];
    for (int j = 0; j < z.length; j++) {
      s += w[j] * z[j];
    }
    return s;
  }

  private static double sigmoid(double s) {
    return 1 / (1 + Math.exp(-s));
  }
}
