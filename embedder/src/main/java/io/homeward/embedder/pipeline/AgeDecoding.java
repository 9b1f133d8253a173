package io.homeward.embedder.pipeline;

import io.homeward.embedder.domain.AgeClass;
import io.homeward.embedder.domain.AgeEstimate;
import io.homeward.models.ModelManifest;

/**
 * An age model's outputs to an {@link AgeEstimate}, as its manifest's parameters describe. Three
 * kinds of output are understood:
 *
 * <ul>
 *   <li>a distribution over age classes (output {@code ageOutput} with more than one value; class
 *       {@code i} stands for age {@code ageClassStart + i * ageClassStep}): the estimate is its
 *       mean, the range its {@code rangeQuantile} and {@code 1 - rangeQuantile} quantiles, and the
 *       probability of a minor the mass of classes under 18 (classes of uneven width name each
 *       class's age instead: {@code ageClassAge0}, {@code ageClassAge1}, ...);
 *   <li>one regressed value ({@code ageScale} times it): the range is the value plus or minus
 *       {@code rangeYears}, and there is no probability;
 *   <li>SSR-Net's stage outputs ({@code ssrStages} set; nine outputs in the order of the package's
 *       own code).
 * </ul>
 *
 * The class follows the probability of a minor when there is one ({@code minorAt}, {@code
 * adultAt}), otherwise the range: adult only when the whole range is 18 or over.
 */
final class AgeDecoding {
  static final float MAJORITY = 18f;

  private final ModelManifest manifest;
  private final int output;
  private final double classStart;
  private final double classStep;
  private final double scale;
  private final double rangeYears;
  private final double rangeQuantile;
  private final double minorAt;
  private final double adultAt;
  private final int ssrStages;

  AgeDecoding(ModelManifest manifest) {
    this.manifest = manifest;
    this.output = (int) manifest.parameter("ageOutput", 0);
    this.classStart = manifest.parameter("ageClassStart", 0);
    this.classStep = manifest.parameter("ageClassStep", 1);
    this.scale = manifest.parameter("ageScale", 1);
    this.rangeYears = manifest.parameter("rangeYears", 5);
    this.rangeQuantile = manifest.parameter("rangeQuantile", 0.1);
    this.minorAt = manifest.parameter("minorAt", 0.5);
    this.adultAt = manifest.parameter("adultAt", 0.1);
    this.ssrStages = (int) manifest.parameter("ssrStages", 0);
    if (output < 0 || output >= manifest.outputs().size()) {
      throw new IllegalArgumentException("ageOutput is not one of the model's outputs");
    }
    if (!(adultAt >= 0 && adultAt <= minorAt && minorAt <= 1)) {
      throw new IllegalArgumentException("need 0 <= adultAt <= minorAt <= 1");
    }
    if (!(rangeQuantile > 0 && rangeQuantile < 0.5) || !(rangeYears >= 0) || !(classStep > 0)) {
      throw new IllegalArgumentException("rangeQuantile, rangeYears or ageClassStep out of range");
    }
  }

  AgeEstimate decode(float[][] outputs) {
    if (ssrStages > 0) {
      return fromRegression(ssrNet(outputs));
    }
    float[] values = outputs[output];
    if (values.length == 1) {
      return fromRegression(values[0] * scale);
    }
    return fromDistribution(values);
  }

  private AgeEstimate fromRegression(double years) {
    if (!Double.isFinite(years)) {
      throw new IllegalStateException("the age model produced a non-finite age");
    }
    float y = (float) Math.max(0, years);
    float low = (float) Math.max(0, y - rangeYears);
    float high = (float) (y + rangeYears);
    AgeClass c =
        low >= MAJORITY ? AgeClass.ADULT : y < MAJORITY ? AgeClass.MINOR : AgeClass.UNCERTAIN;
    return new AgeEstimate(y, low, high, Float.NaN, c, manifest.id(), manifest.version());
  }

  private AgeEstimate fromDistribution(float[] p) {
    double total = 0;
    for (float v : p) {
      if (!(v >= 0) || Float.isInfinite(v)) {
        throw new IllegalStateException("the age model produced an invalid distribution");
      }
      total += v;
    }
    if (!(total > 0)) {
      throw new IllegalStateException("the age model produced an empty distribution");
    }
    double mean = 0;
    double minor = 0;
    for (int i = 0; i < p.length; i++) {
      double age = classAge(i);
      mean += p[i] / total * age;
      if (age < MAJORITY) {
        minor += p[i] / total;
      }
    }
    float low = (float) quantile(p, total, rangeQuantile);
    float high = (float) quantile(p, total, 1 - rangeQuantile);
    float years = (float) Math.min(Math.max(mean, low), high);
    AgeClass c =
        minor >= minorAt ? AgeClass.MINOR : minor <= adultAt ? AgeClass.ADULT : AgeClass.UNCERTAIN;
    return new AgeEstimate(years, low, high, (float) minor, c, manifest.id(), manifest.version());
  }

  private double classAge(int i) {
    return manifest.parameter("ageClassAge" + i, classStart + i * classStep);
  }

  /** The class age at which the cumulative probability first reaches {@code q}. */
  private double quantile(float[] p, double total, double q) {
    double cumulative = 0;
    for (int i = 0; i < p.length; i++) {
      cumulative += p[i] / total;
      if (cumulative >= q) {
        return classAge(i);
      }
    }
    return classAge(p.length - 1);
  }

  /**
   * SSR-Net's soft stagewise regression, as the faceplugin package computes it: outputs are the
   * three stage probabilities (3 each), the three stage scale shifts (1 each), then the three index
   * offsets (3 each), in that order; V = 101.
   */
  private double ssrNet(float[][] o) {
    if (o.length < 9) {
      throw new IllegalStateException("an SSR-Net age model needs nine outputs");
    }
    double v = 101;
    double divisor = 1;
    double age = 0;
    for (int stage = 0; stage < 3; stage++) {
      float[] prob = o[stage];
      float[] offset = o[6 + stage];
      divisor *= prob.length * (1 + o[3 + stage][0]);
      double sum = 0;
      for (int i = 0; i < prob.length; i++) {
        sum += (i + offset[i]) * prob[i];
      }
      age += sum / divisor;
    }
    return age * v;
  }
}
