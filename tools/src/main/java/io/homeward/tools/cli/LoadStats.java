package io.homeward.tools.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one step of a load run measured, per request type: how many were answered and how, and the
 * latency of those answered with success. The load generator's verdict on a step (held, or broken
 * and why) comes from here.
 */
final class LoadStats {
  /** A request that could not be sent or whose answer did not come within the client's timeout. */
  static final int TIMEOUT = -1;

  /** A request whose connection failed (refused, reset) before an answer. */
  static final int IO_ERROR = -2;

  /** One request: its type, the HTTP status (or TIMEOUT, IO_ERROR), its latency. */
  record Sample(String type, int status, long micros, boolean retryAfter) {
    boolean ok() {
      return status >= 200 && status < 300;
    }

    /** The server failed it or never answered: a 5xx, a timeout, a broken connection. */
    boolean failed() {
      return status >= 500 || status < 0;
    }
  }

  /** One request type's figures in a step. */
  record TypeFigures(
      String type,
      int requests,
      int ok,
      double okPerSecond,
      double p50Ms,
      double p99Ms,
      double maxMs,
      Map<String, Integer> statuses,
      int failedWithRetryAfter,
      int failed) {}

  /** A step's figures: all types, and whether it held. */
  record StepFigures(
      double offeredPerSecond,
      int seconds,
      int actions,
      int dropped,
      double okPerSecond,
      double failedShare,
      double worstP99Ms,
      String worstType,
      List<TypeFigures> types,
      String broken) {
    boolean held() {
      return broken == null;
    }
  }

  private LoadStats() {}

  /**
   * Summarises a step. It breaks when the share of failed requests is above {@code maxFailed}, when
   * a type's p99 is above {@code p99LimitMs}, or when the client could not send what was offered
   * (it dropped more than 1% of the actions: it is the client that saturated).
   */
  static StepFigures summarise(
      double offered,
      int seconds,
      int actions,
      int dropped,
      List<Sample> samples,
      double p99LimitMs,
      double maxFailed) {
    Map<String, List<Sample>> byType = new TreeMap<>();
    for (Sample s : samples) {
      byType.computeIfAbsent(s.type(), t -> new ArrayList<>()).add(s);
    }
    List<TypeFigures> types = new ArrayList<>();
    int ok = 0;
    int failed = 0;
    double worst = 0;
    String worstType = "";
    for (Map.Entry<String, List<Sample>> e : byType.entrySet()) {
      TypeFigures t = figures(e.getKey(), e.getValue(), seconds);
      types.add(t);
      ok += t.ok();
      failed += t.failed();
      if (t.p99Ms() > worst) {
        worst = t.p99Ms();
        worstType = t.type();
      }
    }
    double failedShare = samples.isEmpty() ? 0 : (double) failed / samples.size();
    String broken = null;
    if (failedShare > maxFailed) {
      broken =
          String.format(
              java.util.Locale.ROOT,
              "%.1f%% of requests failed (limit %.1f%%)",
              100 * failedShare,
              100 * maxFailed);
    } else if (worst > p99LimitMs) {
      broken =
          String.format(
              java.util.Locale.ROOT,
              "p99 of %s %.0f ms (limit %.0f ms)",
              worstType,
              worst,
              p99LimitMs);
    } else if (actions + dropped > 0 && dropped > 0.01 * (actions + dropped)) {
      broken = "the load generator could not send " + dropped + " actions (its own limit)";
    }
    return new StepFigures(
        offered,
        seconds,
        actions,
        dropped,
        round1((double) ok / seconds),
        failedShare,
        worst,
        worstType,
        types,
        broken);
  }

  static TypeFigures figures(String type, List<Sample> samples, int seconds) {
    long[] okMicros = samples.stream().filter(Sample::ok).mapToLong(Sample::micros).toArray();
    Arrays.sort(okMicros);
    Map<String, Integer> statuses = new LinkedHashMap<>();
    int failedWithRetryAfter = 0;
    int failed = 0;
    for (Sample s : samples) {
      statuses.merge(statusName(s.status()), 1, Integer::sum);
      if (s.failed()) {
        failed++;
        if (s.retryAfter()) {
          failedWithRetryAfter++;
        }
      }
    }
    return new TypeFigures(
        type,
        samples.size(),
        okMicros.length,
        round1((double) okMicros.length / seconds),
        percentileMs(okMicros, 0.50),
        percentileMs(okMicros, 0.99),
        okMicros.length == 0 ? 0 : round1(okMicros[okMicros.length - 1] / 1000.0),
        new TreeMap<>(statuses),
        failedWithRetryAfter,
        failed);
  }

  static String statusName(int status) {
    return switch (status) {
      case TIMEOUT -> "timeout";
      case IO_ERROR -> "connection-error";
      default -> Integer.toString(status);
    };
  }

  /** The nearest-rank percentile of sorted microseconds, in milliseconds (0 when empty). */
  static double percentileMs(long[] sortedMicros, double p) {
    if (sortedMicros.length == 0) {
      return 0;
    }
    int i = (int) Math.ceil(p * sortedMicros.length) - 1;
    return round1(sortedMicros[Math.max(0, i)] / 1000.0);
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
