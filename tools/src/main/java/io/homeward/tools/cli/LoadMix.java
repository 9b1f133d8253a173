package io.homeward.tools.cli;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * What the load generator's users do, and how often: each action is one thing a user does in the
 * web pages (a case search, opening a photo, one review of a pair, one enrolment), drawn at random
 * with these weights.
 */
final class LoadMix {
  /** A user's action; some are several requests (a review: the queue, the item, both faces). */
  enum Action {
    /** Police search a found person's case, or a caseworker a missing child's case. */
    SEARCH,
    /** Opening one photo: the user's own case's, or a candidate a search returned. */
    IMAGE,
    /** A face examiner's review: the queue, one item, both aligned faces. */
    REVIEW,
    /** Police enrol a found person's photo (a new intake case every 20 photos). */
    ENROL
  }

  /** The default mix: searching and looking dominate, enrolment is the costly minority. */
  static final String DEFAULT = "search=35,image=30,review=20,enrol=15";

  private final Map<Action, Double> weights;
  private final double total;

  private LoadMix(Map<Action, Double> weights) {
    this.weights = weights;
    this.total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  /** Parses {@code search=35,image=30,...}; an action left out is not done. */
  static LoadMix parse(String spec) {
    Map<Action, Double> w = new EnumMap<>(Action.class);
    for (String part : spec.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("a mix entry is ACTION=WEIGHT, not '" + p + "'");
      }
      Action a;
      try {
        a = Action.valueOf(p.substring(0, eq).trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "unknown action '" + p.substring(0, eq).trim() + "' (search, image, review, enrol)");
      }
      double weight;
      try {
        weight = Double.parseDouble(p.substring(eq + 1).trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("the weight of " + a + " is not a number");
      }
      if (!(weight >= 0) || Double.isInfinite(weight)) {
        throw new IllegalArgumentException("the weight of " + a + " is negative or not finite");
      }
      if (w.put(a, weight) != null) {
        throw new IllegalArgumentException(a + " is given twice");
      }
    }
    if (w.values().stream().mapToDouble(Double::doubleValue).sum() <= 0) {
      throw new IllegalArgumentException("the mix has no action with a weight above 0");
    }
    return new LoadMix(w);
  }

  /** The action for a uniform draw {@code u} in [0, 1). */
  Action pick(double u) {
    double at = u * total;
    Action last = null;
    for (Map.Entry<Action, Double> e : weights.entrySet()) {
      if (e.getValue() <= 0) {
        continue;
      }
      last = e.getKey();
      at -= e.getValue();
      if (at < 0) {
        return last;
      }
    }
    return last;
  }

  boolean includes(Action a) {
    return weights.getOrDefault(a, 0.0) > 0;
  }

  @Override
  public String toString() {
    StringJoiner j = new StringJoiner(",");
    weights.forEach(
        (a, w) ->
            j.add(
                a.name().toLowerCase(Locale.ROOT)
                    + "="
                    + (w == Math.rint(w) ? Long.toString(w.longValue()) : Double.toString(w))));
    return j.toString();
  }
}
