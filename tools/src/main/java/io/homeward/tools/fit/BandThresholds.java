package io.homeward.tools.fit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Band thresholds that keep their promise on people they were not fitted on. Each band promises a
 * false accept rate; its cosine threshold is the fitting population's threshold at that rate
 * divided by a margin, the smallest margin of a fixed ladder for which the measured rate on every
 * other population stays within {@code tolerance} times the promise.
 */
public final class BandThresholds {
  /** The margins tried, smallest first. */
  public static final double[] MARGINS = {1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10, 15, 20};

  private BandThresholds() {}

  /**
   * One band's choice.
   *
   * @param name the band
   * @param promisedFar the false accept rate it promises
   * @param margin the chosen margin (the fitting population's rate at the threshold is {@code
   *     promisedFar / margin})
   * @param cosine the threshold
   * @param measuredFar the measured false accept rate at the threshold, per population
   * @param measuredTar the measured true accept rate at the threshold, per population
   * @param kept whether every population stayed within the tolerance (false: even the largest
   *     margin did not suffice, and the largest is used)
   */
  public record Choice(
      String name,
      double promisedFar,
      double margin,
      double cosine,
      Map<String, Double> measuredFar,
      Map<String, Double> measuredTar,
      boolean kept) {
    /** The largest ratio of a measured rate to the promise. */
    public double worstRatio() {
      return measuredFar.values().stream()
          .mapToDouble(f -> f / promisedFar)
          .filter(r -> !Double.isNaN(r))
          .max()
          .orElse(Double.NaN);
    }
  }

  /**
   * Chooses each band's threshold.
   *
   * @param promises promised false accept rate per band, in rising strictness
   * @param fit the population the thresholds are read from
   * @param measured the populations the promise must hold on (the fitting one may be among them)
   * @param tolerance how many times the promise a measured rate may reach
   */
  public static List<Choice> choose(
      Map<String, Double> promises, PairScores fit, List<PairScores> measured, double tolerance) {
    List<Choice> out = new ArrayList<>();
    for (Map.Entry<String, Double> p : promises.entrySet()) {
      Choice last = null;
      for (double margin : MARGINS) {
        last = measure(p.getKey(), p.getValue(), margin, fit, measured, tolerance);
        if (last.kept()) {
          break;
        }
      }
      out.add(last);
    }
    return out;
  }

  static Choice measure(
      String name,
      double promise,
      double margin,
      PairScores fit,
      List<PairScores> measured,
      double tolerance) {
    double cosine = fit.thresholdAtFar(promise / margin);
    Map<String, Double> far = new LinkedHashMap<>();
    Map<String, Double> tar = new LinkedHashMap<>();
    boolean kept = true;
    for (PairScores m : measured) {
      double f = m.far(cosine);
      far.put(m.name(), f);
      tar.put(m.name(), m.tar(cosine));
      kept &= !(f > tolerance * promise);
    }
    return new Choice(name, promise, margin, cosine, far, tar, kept);
  }
}
