package io.homeward.gateway.imports;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A batch as received: its manifest's lines in order and the photos by file name.
 *
 * @param files the photos, by the file names the manifest uses
 */
public record Batch(List<Line> lines, Map<String, byte[]> files) {
  public Batch {
    lines = List.copyOf(lines);
    files = Map.copyOf(files);
  }

  /**
   * A manifest line: a record to enrol, or one refused already for its shape (with the problem's
   * slug and the reason in plain words).
   */
  public record Line(String key, ImportRecord record, String problem, String reason) {
    public Line {
      Objects.requireNonNull(key);
    }

    public static Line of(ImportRecord record) {
      return new Line(record.key(), record, null, null);
    }

    public static Line refused(String key, String problem, String reason) {
      return new Line(key, null, problem, reason);
    }
  }
}
