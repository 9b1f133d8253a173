package io.homeward.tools.fit;

/**
 * {@code P(same person | cosine) = sigmoid(slope * cosine + intercept)}, fitted by weighted
 * logistic regression (Newton's method on two parameters) with the two classes re-weighted to a
 * stated prior: at prior 0.5 the log-odds are the log-likelihood ratio of the two score
 * distributions, whatever the mix of pairs the data happened to hold.
 *
 * @param slope log-odds per unit of cosine
 * @param intercept log-odds at cosine 0 (includes the prior's log-odds)
 * @param prior the prior probability of the same person the curve was fitted for
 */
public record LogisticCurve(double slope, double intercept, double prior) {
  /** A tiny ridge on the slope, so perfectly separated scores give a steep curve, not infinity. */
  private static final double RIDGE = 1e-6;

  private static final int MAX_ITERATIONS = 100;

  public double logOdds(double cosine) {
    return slope * cosine + intercept;
  }

  public double probability(double cosine) {
    return sigmoid(logOdds(cosine));
  }

  /** The cosine at which the curve reaches {@code probability}. */
  public double cosineAt(double probability) {
    return (logit(probability) - intercept) / slope;
  }

  /**
   * Fits the curve: genuine pairs carry total weight {@code prior}, impostor pairs {@code 1 -
   * prior}.
   */
  public static LogisticCurve fit(PairScores scores, double prior) {
    if (!(prior > 0 && prior < 1)) {
      throw new IllegalArgumentException("prior must lie strictly between 0 and 1");
    }
    float[] g = scores.genuine();
    float[] im = scores.impostor();
    if (g.length == 0 || im.length == 0) {
      throw new IllegalArgumentException(scores.name() + " needs genuine and impostor pairs");
    }
    double wg = prior / g.length;
    double wi = (1 - prior) / im.length;
    double a = 0;
    double b = logit(prior);
    double loss = loss(g, im, wg, wi, a, b);
    for (int it = 0; it < MAX_ITERATIONS; it++) {
      // Gradient and Hessian of the weighted negative log-likelihood.
      double[] s = new double[5];
      accumulate(g, wg, true, a, b, s);
      accumulate(im, wi, false, a, b, s);
      double ga = s[0] + RIDGE * a;
      double gb = s[1];
      double haa = s[2] + RIDGE;
      double hab = s[3];
      double hbb = s[4];
      double det = haa * hbb - hab * hab;
      if (!(det > 0)) {
        break;
      }
      double da = (hbb * ga - hab * gb) / det;
      double db = (haa * gb - hab * ga) / det;
      double step = 1;
      double na = a - da;
      double nb = b - db;
      double next = loss(g, im, wg, wi, na, nb);
      while (next > loss && step > 1e-6) {
        step /= 2;
        na = a - step * da;
        nb = b - step * db;
        next = loss(g, im, wg, wi, na, nb);
      }
      boolean done = Math.abs(na - a) < 1e-9 * (1 + Math.abs(a)) && Math.abs(nb - b) < 1e-9;
      a = na;
      b = nb;
      loss = next;
      if (done) {
        break;
      }
    }
    return new LogisticCurve(a, b, prior);
  }

  private static void accumulate(
      float[] xs, double w, boolean same, double a, double b, double[] s) {
    for (float x : xs) {
      double p = sigmoid(a * x + b);
      double r = w * (p - (same ? 1 : 0));
      double h = w * p * (1 - p);
      s[0] += r * x;
      s[1] += r;
      s[2] += h * x * x;
      s[3] += h * x;
      s[4] += h;
    }
  }

  private static double loss(float[] g, float[] im, double wg, double wi, double a, double b) {
    double l = 0;
    for (float x : g) {
      l += wg * softplus(-(a * x + b));
    }
    for (float x : im) {
      l += wi * softplus(a * x + b);
    }
    return l + RIDGE * a * a / 2;
  }

  /** {@code log(1 + e^z)} without overflow. */
  public static double softplus(double z) {
    return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
  }

  public static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  public static double logit(double p) {
    return Math.log(p / (1 - p));
  }
}
