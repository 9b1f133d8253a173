package io.homeward.tools.cli;

import java.io.PrintStream;
import java.util.Locale;

/** Progress of a long job on stderr: count, rate and time left, at most about once a second. */
final class Progress {
  private final String label;
  private final int total;
  private final PrintStream out;
  private final long start = System.nanoTime();
  private long lastPrint;
  private int done;

  Progress(String label, int total, PrintStream out) {
    this.label = label;
    this.total = total;
    this.out = out;
  }

  synchronized void step() {
    done++;
    long now = System.nanoTime();
    if (done == total || now - lastPrint > 1_000_000_000L) {
      lastPrint = now;
      double seconds = (now - start) / 1e9;
      double rate = done / Math.max(seconds, 1e-9);
      double left = (total - done) / Math.max(rate, 1e-9);
      out.printf(
          Locale.ROOT,
          "\r%s: %d/%d (%.0f%%) %.1f images/s, %s left   ",
          label,
          done,
          total,
          100.0 * done / Math.max(1, total),
          rate,
          done == total ? "nothing" : String.format(Locale.ROOT, "%.0f s", left));
      if (done == total) {
        out.printf(Locale.ROOT, "%n");
      }
      out.flush();
    }
  }
}
