package io.homeward.tools.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The plain comma-separated files the datasets ship: a header line, then one record a line, no
 * quoting. Quotes are refused rather than half-understood, so a manifest that needs them fails
 * loudly instead of being misread.
 */
final class CsvTable {

  /** One data row, with its 1-based line number in the file for error messages. */
  record Row(int line, String[] cells) {}

  private final Path file;
  private final Map<String, Integer> columns;
  private final List<Row> rows;

  private CsvTable(Path file, Map<String, Integer> columns, List<Row> rows) {
    this.file = file;
    this.columns = columns;
    this.rows = rows;
  }

  /**
   * Reads {@code file}, checking that every required column is in the header and every row has all
   * cells.
   */
  static CsvTable read(Path file, String... requiredColumns) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "dataset file not found");
    }
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (header == null || header.isBlank()) {
        throw new DatasetFormatException(file, 1, "empty file, expected a header line");
      }
      header = header.replace("\uFEFF", "");
      Map<String, Integer> columns = new HashMap<>();
      String[] names = split(file, 1, header);
      for (int i = 0; i < names.length; i++) {
        if (columns.putIfAbsent(names[i], i) != null) {
          throw new DatasetFormatException(file, 1, "duplicate column '" + names[i] + "'");
        }
      }
      for (String required : requiredColumns) {
        if (!columns.containsKey(required)) {
          throw new DatasetFormatException(
              file, 1, "missing column '" + required + "' (header has " + columns.keySet() + ")");
        }
      }
      List<Row> rows = new ArrayList<>();
      String text;
      int line = 1;
      while ((text = in.readLine()) != null) {
        line++;
        if (text.isBlank()) {
          continue;
        }
        String[] cells = split(file, line, text);
        if (cells.length != names.length) {
          throw new DatasetFormatException(
              file, line, "expected " + names.length + " fields, found " + cells.length);
        }
        rows.add(new Row(line, cells));
      }
      return new CsvTable(file, Map.copyOf(columns), List.copyOf(rows));
    }
  }

  private static String[] split(Path file, int line, String text) throws DatasetFormatException {
    if (text.indexOf('"') >= 0) {
      throw new DatasetFormatException(file, line, "quoted fields are not supported");
    }
    String[] cells = text.split(",", -1);
    for (int i = 0; i < cells.length; i++) {
      cells[i] = cells[i].strip();
    }
    return cells;
  }

  Path file() {
    return file;
  }

  boolean has(String column) {
    return columns.containsKey(column);
  }

  List<Row> rows() {
    return rows;
  }

  /** The non-empty value of {@code column} in {@code row}. */
  String get(Row row, String column) throws DatasetFormatException {
    String value = row.cells()[columns.get(column)];
    if (value.isEmpty()) {
      throw new DatasetFormatException(file, row.line(), "empty '" + column + "'");
    }
    return value;
  }

  /**
   * Checks the file name in {@code column} stays inside {@code folder}, and returns it as written.
   */
  String fileName(Row row, String column, Path folder) throws DatasetFormatException {
    String value = get(row, column);
    try {
      DatasetPaths.resolveInside(folder, value);
    } catch (IllegalArgumentException e) {
      throw new DatasetFormatException(file, row.line(), e.getMessage());
    }
    return value;
  }
}
