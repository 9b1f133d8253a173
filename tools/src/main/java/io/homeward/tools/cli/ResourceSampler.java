package io.homeward.tools.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * Reads what a load costs the machine, from Linux's {@code /proc}: the CPU time of each of the
 * system's processes and of the whole machine, their resident memory, and each JVM's heap in use
 * from its metrics. Two snapshots give the CPU used between them.
 */
final class ResourceSampler {
  /** Linux's USER_HZ: the unit of the CPU times in {@code /proc} (100 on every usual kernel). */
  private static final double TICKS_PER_SECOND = 100;

  private static final Path PROC = Path.of("/proc");

  private final Map<String, Long> pids;
  private final Map<String, String> heapMetrics;
  private final ToDoubleFunction<String> heapReader;

  /** One reading: when, the machine's busy and total CPU ticks, and per process its figures. */
  record Snapshot(
      long nanos, long machineBusy, long machineTotal, Map<String, ProcessReading> processes) {}

  /** A process's CPU ticks so far, resident set and heap in use (-1 when unknown). */
  record ProcessReading(long cpuTicks, long rssBytes, long heapBytes) {}

  /** CPU between two snapshots: the machine's busy share, and each process's cores in use. */
  record Usage(double machineBusy, int cores, Map<String, Double> processCores) {
    /** The process using the most CPU, or "" when none was read. */
    String busiest() {
      return processCores.entrySet().stream()
          .max(Map.Entry.comparingByValue())
          .map(Map.Entry::getKey)
          .orElse("");
    }
  }

  /**
   * @param pids the processes to follow, by name (gateway, embedder, ...)
   * @param heapMetrics each JVM's metrics address, by the same names, where it has one
   * @param heapReader reads a heap figure from a metrics address (-1 when unreadable)
   */
  ResourceSampler(
      Map<String, Long> pids,
      Map<String, String> heapMetrics,
      ToDoubleFunction<String> heapReader) {
    this.pids = new LinkedHashMap<>(pids);
    this.heapMetrics = heapMetrics;
    this.heapReader = heapReader;
  }

  /** The first process whose command line contains {@code needle}, like {@code pgrep -f}. */
  static OptionalLong pidOf(String needle) {
    try (Stream<Path> entries = Files.list(PROC)) {
      return entries
          .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .filter(p -> commandLine(p).contains(needle))
          .mapToLong(p -> Long.parseLong(p.getFileName().toString()))
          .min();
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  private static String commandLine(Path process) {
    try {
      return new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8)
          .replace('\0', ' ');
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  Map<String, Long> pids() {
    return pids;
  }

  Snapshot snapshot() {
    long[] machine = machineTicks();
    Map<String, ProcessReading> readings = new LinkedHashMap<>();
    for (Map.Entry<String, Long> p : pids.entrySet()) {
      Path dir = PROC.resolve(Long.toString(p.getValue()));
      String metrics = heapMetrics.get(p.getKey());
      long heap = metrics == null ? -1 : (long) heapReader.applyAsDouble(metrics);
      readings.put(p.getKey(), new ProcessReading(cpuTicks(dir), rss(dir), heap));
    }
    return new Snapshot(System.nanoTime(), machine[0], machine[1], readings);
  }

  static Usage between(Snapshot a, Snapshot b) {
    double seconds = Math.max(1e-3, (b.nanos() - a.nanos()) / 1e9);
    long total = b.machineTotal() - a.machineTotal();
    double busy = total <= 0 ? -1 : (double) (b.machineBusy() - a.machineBusy()) / total;
    Map<String, Double> cores = new LinkedHashMap<>();
    for (Map.Entry<String, ProcessReading> e : b.processes().entrySet()) {
      ProcessReading before = a.processes().get(e.getKey());
      if (before == null || before.cpuTicks() < 0 || e.getValue().cpuTicks() < 0) {
        continue;
      }
      double used = (e.getValue().cpuTicks() - before.cpuTicks()) / TICKS_PER_SECOND / seconds;
      cores.put(e.getKey(), Math.round(used * 100) / 100.0);
    }
    return new Usage(
        Math.round(busy * 1000) / 1000.0, Runtime.getRuntime().availableProcessors(), cores);
  }

  /** The machine's busy and total ticks from the first line of {@code /proc/stat}. */
  private static long[] machineTicks() {
    try {
      String first = Files.readAllLines(PROC.resolve("stat"), StandardCharsets.UTF_8).get(0);
      return parseMachineTicks(first);
    } catch (IOException | RuntimeException e) {
      return new long[] {-1, -1};
    }
  }

  /**
   * {@code cpu user nice system idle iowait irq softirq steal ...}: busy is all but idle+iowait.
   */
  static long[] parseMachineTicks(String cpuLine) {
    String[] f = cpuLine.trim().split("\\s+");
    long total = 0;
    long idle = 0;
    for (int i = 1; i < f.length && i <= 8; i++) {
      long v = Long.parseLong(f[i]);
      total += v;
      if (i == 4 || i == 5) {
        idle += v;
      }
    }
    return new long[] {total - idle, total};
  }

  private static long cpuTicks(Path process) {
    try {
      return parseProcessTicks(Files.readString(process.resolve("stat"), StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * User plus system ticks from {@code /proc/PID/stat}; the command name (field 2) may hold spaces
   * and parentheses, so fields are counted after its last ')'.
   */
  static long parseProcessTicks(String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
    // After the name: state is field 3, so utime (14) and stime (15) are at 11 and 12 here.
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  private static long rss(Path process) {
    try {
      for (String line : Files.readAllLines(process.resolve("status"), StandardCharsets.UTF_8)) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // the process is gone
    }
    return -1;
  }
}
