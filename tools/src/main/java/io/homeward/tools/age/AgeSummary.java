package io.homeward.tools.age;

import io.homeward.embedder.domain.AgeClass;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What one age estimator achieved: mean absolute error by age band where ages are labelled, and how
 * often minors and adults are classified as such, per set.
 *
 * @param candidate the estimator's name
 * @param maeByBand mean absolute error in years by band label ({@code NaN} where nothing is
 *     labelled or the estimator gives no age)
 * @param facesByBand labelled faces by band
 * @param maeOverall over every labelled face
 * @param rates by name (for example {@code lag young: minor}), each a fraction with its count
 * @param lagAuc how well the minor score separates LAG's young from adult photos (0.5 is chance)
 * @param msPerFace mean time of one estimate (crop, model, decoding)
 * @param tellsChildrenFromAdults whether every criterion of {@link #criteria()} holds
 */
public record AgeSummary(
    String candidate,
    Map<String, Double> maeByBand,
    Map<String, Integer> facesByBand,
    double maeOverall,
    Map<String, Rate> rates,
    double lagAuc,
    double msPerFace,
    boolean tellsChildrenFromAdults) {

  /** A fraction of faces. */
  public record Rate(double fraction, int of) {}

  /** Fixed before any candidate was measured; printed with the results. */
  public static final double MIN_AUC = 0.9;

  public static final double MIN_MINORS_REDACTED = 0.9;
  public static final double MIN_ADULTS_RECOGNISED = 0.7;

  /** The criteria an estimator must meet to be used, in words. */
  public static String criteria() {
    return String.format(
        Locale.ROOT,
        "LAG AUC >= %.2f; under-18 faces classified minor or uncertain (redacted) >= %.2f on LAG young"
            + " and on the synthetic under-18 rows; adults classified adult >= %.2f on LAG adult and"
            + " CACD",
        MIN_AUC,
        MIN_MINORS_REDACTED,
        MIN_ADULTS_RECOGNISED);
  }

  /** Summarises the observations of one estimator. */
  public static AgeSummary of(String candidate, List<AgeObservation> obs, double msPerFace) {
    Map<String, Double> mae = new LinkedHashMap<>();
    Map<String, Integer> counts = new LinkedHashMap<>();
    double total = 0;
    int labelled = 0;
    for (AgeBand band : AgeBand.values()) {
      double sum = 0;
      int n = 0;
      for (AgeObservation o : obs) {
        if (!Double.isNaN(o.labelledAge()) && AgeBand.of(o.labelledAge()) == band) {
          sum += Math.abs(o.years() - o.labelledAge());
          n++;
        }
      }
      mae.put(band.label(), n == 0 ? Double.NaN : sum / n);
      counts.put(band.label(), n);
      total += sum;
      labelled += n;
    }
    Map<String, Rate> rates = new LinkedHashMap<>();
    Predicate<AgeObservation> lagYoung = o -> o.set().equals("lag") && o.minor();
    Predicate<AgeObservation> lagAdult = o -> o.set().equals("lag") && !o.minor();
    Predicate<AgeObservation> synMinor = o -> o.set().equals("synthetic") && o.minor();
    Predicate<AgeObservation> synAdult = o -> o.set().equals("synthetic") && !o.minor();
    Predicate<AgeObservation> cacd = o -> o.set().equals("cacd");
    rates.put("lag young: minor", rate(obs, lagYoung, c -> c == AgeClass.MINOR));
    rates.put("lag young: redacted", rate(obs, lagYoung, AgeClass::redactAsMinor));
    rates.put("lag adult: adult", rate(obs, lagAdult, c -> c == AgeClass.ADULT));
    rates.put("cacd adult: adult", rate(obs, cacd, c -> c == AgeClass.ADULT));
    rates.put("synthetic <18: minor", rate(obs, synMinor, c -> c == AgeClass.MINOR));
    rates.put("synthetic <18: redacted", rate(obs, synMinor, AgeClass::redactAsMinor));
    rates.put("synthetic adult: adult", rate(obs, synAdult, c -> c == AgeClass.ADULT));
    double auc = auc(obs, lagYoung, lagAdult);
    boolean usable =
        auc >= MIN_AUC
            && atLeast(rates.get("lag young: redacted"), MIN_MINORS_REDACTED)
            && atLeast(rates.get("synthetic <18: redacted"), MIN_MINORS_REDACTED)
            && atLeast(rates.get("lag adult: adult"), MIN_ADULTS_RECOGNISED)
            && atLeast(rates.get("cacd adult: adult"), MIN_ADULTS_RECOGNISED);
    return new AgeSummary(
        candidate,
        mae,
        counts,
        labelled == 0 ? Double.NaN : total / labelled,
        rates,
        auc,
        msPerFace,
        usable);
  }

  /** A missing set (no faces) fails the criterion rather than pass it unmeasured. */
  private static boolean atLeast(Rate r, double min) {
    return r.of() > 0 && r.fraction() >= min;
  }

  private static Rate rate(
      List<AgeObservation> obs, Predicate<AgeObservation> which, Predicate<AgeClass> counted) {
    int n = 0;
    int hit = 0;
    for (AgeObservation o : obs) {
      if (which.test(o)) {
        n++;
        if (counted.test(o.ageClass())) {
          hit++;
        }
      }
    }
    return new Rate(n == 0 ? Double.NaN : hit / (double) n, n);
  }

  /** Probability that a random positive scores above a random negative (ties count half). */
  static double auc(
      List<AgeObservation> obs, Predicate<AgeObservation> pos, Predicate<AgeObservation> neg) {
    List<double[]> scored = new ArrayList<>();
    for (AgeObservation o : obs) {
      if (pos.test(o)) {
        scored.add(new double[] {o.minorScore(), 1});
      } else if (neg.test(o)) {
        scored.add(new double[] {o.minorScore(), 0});
      }
    }
    scored.sort((a, b) -> Double.compare(a[0], b[0]));
    double positives = 0;
    double negatives = 0;
    double rankSum = 0;
    int i = 0;
    while (i < scored.size()) {
      int j = i;
      while (j < scored.size() && scored.get(j)[0] == scored.get(i)[0]) {
        j++;
      }
      double midRank = (i + 1 + j) / 2.0;
      for (int k = i; k < j; k++) {
        if (scored.get(k)[1] == 1) {
          rankSum += midRank;
          positives++;
        } else {
          negatives++;
        }
      }
      i = j;
    }
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    return (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
  }
}
