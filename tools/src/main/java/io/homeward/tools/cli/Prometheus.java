package io.homeward.tools.cli;

/**
 * Reads samples from a Prometheus text exposition (what a service's {@code /q/metrics} answers).
 */
final class Prometheus {
  private Prometheus() {}

  /**
   * The sum of the samples whose line starts with {@code prefix}, a metric name or a name with the
   * start of its labels ({@code jvm_memory_used_bytes{area="heap"}}); -1 when none is there. A bare
   * name matches only that metric, not longer names that start with it.
   */
  static double sum(String exposition, String prefix) {
    double sum = 0;
    boolean seen = false;
    for (String line : exposition.split("\n")) {
      if (line.startsWith("#") || !line.startsWith(prefix)) {
        continue;
      }
      if (line.length() > prefix.length() && prefix.indexOf('{') < 0) {
        char next = line.charAt(prefix.length());
        if (next != '{' && next != ' ') {
          continue;
        }
      }
      // An exemplar follows " # "; the value is the first field after the name and labels.
      String sample = line.contains(" # ") ? line.substring(0, line.indexOf(" # ")) : line;
      int labelsEnd = sample.lastIndexOf('}');
      String rest = sample.substring(labelsEnd < 0 ? prefix.length() : labelsEnd + 1).trim();
      String[] fields = rest.split("\\s+");
      try {
        sum += Double.parseDouble(fields[0]);
        seen = true;
      } catch (NumberFormatException e) {
        // not a sample line
      }
    }
    return seen ? sum : -1;
  }
}
