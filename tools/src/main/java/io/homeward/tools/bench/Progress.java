package io.homeward.tools.bench;

import java.io.PrintStream;
import java.util.Locale;

/** Progress lines on stderr: count, rate, ETA, at most once a second and once at the end. */
final class Progress {
  private static final long INTERVAL_NS = 1_000_000_000L;

  private final PrintStream err;
  private final String label;
  private final long total;
  private final long startNs = System.nanoTime();
  private long lastNs = startNs;

  Progress(PrintStream err, String label, long total) {
    this.err = err;
    this.label = label;
    this.total = total;
  }

  void update(long done) {
    long now = System.nanoTime();
    if (done < total && now - lastNs < INTERVAL_NS) {
      return;
    }
    lastNs = now;
    double seconds = (now - startNs) / 1e9;
    double rate = seconds > 0 ? done / seconds : 0;
    String eta =
        done >= total
            ? String.format(Locale.ROOT, "done in %.1f s", seconds)
            : rate > 0 ? String.format(Locale.ROOT, "ETA %.0f s", (total - done) / rate) : "ETA ?";
    err.printf(
        Locale.ROOT,
        "%s: %,d/%,d (%.0f%%), %,.0f/s, %s%n",
        label,
        done,
        total,
        total == 0 ? 100.0 : 100.0 * done / total,
        rate,
        eta);
  }
}
