package io.homeward.tools.cli;

import io.homeward.embedder.pipeline.EmbedderEngine;
import io.homeward.embedder.pipeline.EngineSettings;
import io.homeward.embedder.projection.FusedSpace;
import io.homeward.embedder.projection.Projection;
import io.homeward.embedder.projection.ProjectionPolicy;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model's own vectors (no projection) for many photos, embedded once so that every projection
 * can be applied to them afterwards. An optional cache file keeps them between runs: it holds
 * biometric vectors of the data set, so it is written owner-only and must stay under the data set's
 * terms (never committed, never shared).
 */
public final class RawVectors {
  private static final String MAGIC = "homeward-raw-vectors/1";

  private RawVectors() {}

  /**
   * Embedding settings for raw vectors: the given ones with the identity projection and no fused
   * space (the tools project and fuse them afterwards).
   */
  public static EngineSettings settings(EngineSettings base) {
    return base.withProjection(ProjectionPolicy.identity()).withoutFusion();
  }

  /** A key naming what made the vectors, so a cache of another model or setting is not reused. */
  static String key(EmbedderEngine engine) {
    return engine.embeddingModel().ref()
        + " "
        + engine.detectorModel().ref()
        + " "
        + engine.landmarkModel().ref()
        + " flip="
        + engine.settings().flipAveraging();
  }

  /**
   * The fused vectors of the files both models embedded (null where either found no face): the
   * primary model's raw vectors through {@code projection}, joined with the second model's.
   */
  public static Map<Path, float[]> fused(
      Map<Path, float[]> primary,
      Map<Path, float[]> second,
      Projection projection,
      FusedSpace space) {
    Map<Path, float[]> out = new LinkedHashMap<>();
    primary.forEach(
        (file, a) -> {
          float[] b = second.get(file);
          out.put(file, a == null || b == null ? null : space.fuse(projection.apply(a), b));
        });
    return out;
  }

  /**
   * Vectors by file (null where no face was found). Reads {@code cache} when it holds every file
   * for the same key; otherwise embeds and, when {@code cache} is given, writes it.
   */
  public static Map<Path, float[]> embed(
      EmbedderEngine engine, List<Path> files, String label, PrintStream err, Path cache)
      throws IOException {
    String key = key(engine);
    Map<Path, float[]> known = new HashMap<>();
    if (cache != null && Files.isRegularFile(cache)) {
      Map<Path, float[]> cached = read(cache, key);
      if (cached != null) {
        known.putAll(cached);
      }
    }
    List<Path> missing = files.stream().filter(f -> !known.containsKey(f)).toList();
    if (files.size() > missing.size()) {
      err.println(label + ": " + (files.size() - missing.size()) + " vectors from " + cache);
    }
    if (!missing.isEmpty()) {
      BatchEmbedder.Outcome outcome = BatchEmbedder.embedAll(engine, missing, label, err);
      if (!outcome.failures().isEmpty()) {
        err.println(label + " photos without a face, by reason: " + outcome.failures());
      }
      known.putAll(outcome.vectors());
      if (cache != null) {
        write(cache, key, known);
      }
    }
    Map<Path, float[]> out = new LinkedHashMap<>();
    files.forEach(f -> out.put(f, known.get(f)));
    return out;
  }

  private static Map<Path, float[]> read(Path file, String key) throws IOException {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      if (!MAGIC.equals(in.readUTF()) || !key.equals(in.readUTF())) {
        return null;
      }
      int n = in.readInt();
      Map<Path, float[]> out = new HashMap<>();
      for (int i = 0; i < n; i++) {
        Path p = Path.of(in.readUTF());
        int dim = in.readInt();
        float[] v = null;
        if (dim > 0) {
          v = new float[dim];
          for (int d = 0; d < dim; d++) {
            v[d] = in.readFloat();
          }
        }
        out.put(p, v);
      }
      return out;
    }
  }

  private static void write(Path file, String key, Map<Path, float[]> vectors) throws IOException {
    CacheFiles.write(
        file,
        out -> {
          out.writeUTF(MAGIC);
          out.writeUTF(key);
          List<Map.Entry<Path, float[]>> entries = new ArrayList<>(vectors.entrySet());
          out.writeInt(entries.size());
          for (Map.Entry<Path, float[]> e : entries) {
            out.writeUTF(e.getKey().toString());
            float[] v = e.getValue();
            out.writeInt(v == null ? 0 : v.length);
            if (v != null) {
              for (float x : v) {
                out.writeFloat(x);
              }
            }
          }
        });
  }
}
