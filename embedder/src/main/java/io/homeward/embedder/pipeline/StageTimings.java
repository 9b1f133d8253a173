package io.homeward.embedder.pipeline;

/** Nanoseconds spent per stage for one request. Not thread-safe: one per request. */
public final class StageTimings {
  private final long[] nanos = new long[Stage.values().length];

  void add(Stage stage, long elapsed) {
    nanos[stage.ordinal()] += elapsed;
  }

  public long nanos(Stage stage) {
    return nanos[stage.ordinal()];
  }

  /** Everything measured. */
  public long totalNanos() {
    long sum = 0;
    for (long n : nanos) {
      sum += n;
    }
    return sum;
  }

  /** Time inside the models alone. */
  public long modelNanos() {
    long sum = 0;
    for (Stage s : Stage.values()) {
      if (s.isModel()) {
        sum += nanos[s.ordinal()];
      }
    }
    return sum;
  }

  /** Adds {@code part/whole} of a shared batch's timings to these. */
  void addShare(StageTimings batch, int part, int whole) {
    for (int i = 0; i < nanos.length; i++) {
      nanos[i] += batch.nanos[i] * part / Math.max(1, whole);
    }
  }

  /** Adds another request's timings to these. */
  public void addAll(StageTimings other) {
    for (int i = 0; i < nanos.length; i++) {
      nanos[i] += other.nanos[i];
    }
  }
}
