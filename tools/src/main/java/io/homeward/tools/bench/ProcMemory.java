package io.homeward.tools.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/** Memory figures the benchmark can measure: JVM heap, process RSS (Linux /proc), folder sizes. */
final class ProcMemory {
  private static final Path PROC = Path.of("/proc");

  private ProcMemory() {}

  /** Heap in use after asking for full collections (best effort: {@code System.gc()} is a hint). */
  static long heapUsedAfterGc() {
    Runtime rt = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      used = Math.min(used, rt.totalMemory() - rt.freeMemory());
    }
    return used;
  }

  /** This JVM's resident set size (includes mapped index files it touched), if readable. */
  static OptionalLong selfRss() {
    return rss(PROC.resolve("self"));
  }

  /** A process's resident set size, if readable. */
  static OptionalLong rss(long pid) {
    return rss(PROC.resolve(Long.toString(pid)));
  }

  private static OptionalLong rss(Path process) {
    try {
      for (String line : Files.readAllLines(process.resolve("status"), StandardCharsets.UTF_8)) {
        if (line.startsWith("VmRSS:")) {
          String[] parts = line.substring(6).trim().split("\\s+");
          return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or the process is gone
    }
    return OptionalLong.empty();
  }

  /** Pids whose command line contains {@code needle} (like {@code pgrep -f}), lowest first. */
  static List<Long> pidsMatching(String needle) {
    List<Long> pids = new ArrayList<>();
    try (Stream<Path> entries = Files.list(PROC)) {
      entries
          .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .forEach(
              p -> {
                try {
                  byte[] raw = Files.readAllBytes(p.resolve("cmdline"));
                  String cmd = new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
                  if (cmd.contains(needle)) {
                    pids.add(Long.parseLong(p.getFileName().toString()));
                  }
                } catch (IOException | RuntimeException e) {
                  // gone or unreadable
                }
              });
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
    pids.sort(Long::compare);
    return pids;
  }

  /** Total size of the regular files under a folder (0 if absent). */
  static long folderBytes(Path folder) {
    return folderBytes(folder, "");
  }

  /** Bytes of the files under {@code folder} whose names end with {@code suffix}. */
  static long folderBytes(Path folder, String suffix) {
    if (!Files.isDirectory(folder)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(folder)) {
      return files
          .filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(suffix))
          .mapToLong(
              f -> {
                try {
                  return Files.size(f);
                } catch (IOException e) {
                  return 0; // deleted by a merge meanwhile
                }
              })
          .sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes a folder and everything in it; quiet if absent. */
  static void deleteRecursively(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> files = Files.walk(folder)) {
      List<Path> all = files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList();
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    }
  }
}
