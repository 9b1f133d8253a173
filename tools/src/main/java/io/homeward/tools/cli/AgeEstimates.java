package io.homeward.tools.cli;

import io.homeward.embedder.domain.AgeEstimate;
import io.homeward.embedder.domain.DetectResult;
import io.homeward.embedder.domain.FacePolicy;
import io.homeward.embedder.image.DecodedImage;
import io.homeward.embedder.image.ImageDecoder;
import io.homeward.embedder.inference.InferenceDevice;
import io.homeward.embedder.pipeline.AgeProbe;
import io.homeward.embedder.pipeline.EmbedderEngine;
import io.homeward.tools.age.AgeGaps;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The age model's estimate (years and range) of the largest face of many photos, estimated once:
 * the engine finds the face, the age model reads it. An optional cache file keeps them between
 * runs; estimates of a data set's faces stay under its terms (owner-only, never committed).
 */
final class AgeEstimates {
  private static final String MAGIC = "homeward-age-estimates/1";

  private AgeEstimates() {}

  /**
   * Estimates by file (absent where no face was found). Reads {@code cache} for the files it holds
   * under the same models; estimates the rest and, when {@code cache} is given, writes it.
   */
  static Map<Path, AgeGaps.AgeRange> estimate(
      EmbedderEngine engine,
      String ageManifest,
      InferenceDevice device,
      List<Path> files,
      PrintStream err,
      Path cache)
      throws IOException {
    String key = ageManifest + " " + engine.detectorModel().ref();
    Map<Path, AgeGaps.AgeRange> known = new HashMap<>();
    if (cache != null && Files.isRegularFile(cache)) {
      Map<Path, AgeGaps.AgeRange> cached = read(cache, key);
      if (cached != null) {
        known.putAll(cached);
      }
    }
    List<Path> missing = files.stream().filter(f -> !known.containsKey(f)).toList();
    if (files.size() > missing.size()) {
      err.println("age estimates: " + (files.size() - missing.size()) + " from " + cache);
    }
    if (!missing.isEmpty()) {
      known.putAll(run(engine, ageManifest, device, missing, err));
      if (cache != null) {
        write(cache, key, known);
      }
    }
    Map<Path, AgeGaps.AgeRange> out = new LinkedHashMap<>();
    for (Path f : files) {
      AgeGaps.AgeRange a = known.get(f);
      if (a != null && !Double.isNaN(a.years())) {
        out.put(f, a);
      }
    }
    return out;
  }

  /** Estimates for the files; no face gives a NaN range (remembered, so not retried). */
  private static Map<Path, AgeGaps.AgeRange> run(
      EmbedderEngine engine,
      String ageManifest,
      InferenceDevice device,
      List<Path> files,
      PrintStream err)
      throws IOException {
    Map<Path, AgeGaps.AgeRange> out = new HashMap<>();
    ImageDecoder decoder = new ImageDecoder(engine.settings().imageLimits());
    Progress progress = new Progress("estimating ages", files.size(), err);
    try (AgeProbe probe = AgeProbe.open(engine.settings().modelsDir(), ageManifest, device)) {
      Deque<CompletableFuture<DetectResult>> inFlight = new ArrayDeque<>();
      Deque<byte[]> bytesInFlight = new ArrayDeque<>();
      int next = 0;
      for (Path file : files) {
        // The engine finds the next photos' faces while this thread runs the age model.
        while (next < files.size() && inFlight.size() < 8) {
          byte[] bytes = Files.readAllBytes(files.get(next++));
          bytesInFlight.add(bytes);
          inFlight.add(engine.detect(bytes, FacePolicy.LARGEST));
        }
        byte[] bytes = bytesInFlight.poll();
        DetectResult r;
        try {
          r = inFlight.poll().join();
        } catch (RuntimeException e) {
          r = null;
        }
        progress.step();
        AgeGaps.AgeRange none = new AgeGaps.AgeRange(Double.NaN, Double.NaN, Double.NaN);
        if (r == null || r.faces().isEmpty()) {
          out.put(file, none);
          continue;
        }
        try (DecodedImage image = decoder.decode(bytes)) {
          AgeEstimate a = probe.estimate(image, r.faces().get(0).box());
          out.put(file, new AgeGaps.AgeRange(a.years(), a.low(), a.high()));
        } catch (RuntimeException e) {
          out.put(file, none);
        }
      }
    }
    return out;
  }

  private static Map<Path, AgeGaps.AgeRange> read(Path file, String key) throws IOException {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      if (!MAGIC.equals(in.readUTF()) || !key.equals(in.readUTF())) {
        return null;
      }
      int n = in.readInt();
      Map<Path, AgeGaps.AgeRange> out = new HashMap<>();
      for (int i = 0; i < n; i++) {
        Path p = Path.of(in.readUTF());
        out.put(p, new AgeGaps.AgeRange(in.readFloat(), in.readFloat(), in.readFloat()));
      }
      return out;
    }
  }

  private static void write(Path file, String key, Map<Path, AgeGaps.AgeRange> ages)
      throws IOException {
    CacheFiles.write(
        file,
        out -> {
          out.writeUTF(MAGIC);
          out.writeUTF(key);
          List<Map.Entry<Path, AgeGaps.AgeRange>> entries = new ArrayList<>(ages.entrySet());
          out.writeInt(entries.size());
          for (Map.Entry<Path, AgeGaps.AgeRange> e : entries) {
            out.writeUTF(e.getKey().toString());
            out.writeFloat((float) e.getValue().years());
            out.writeFloat((float) e.getValue().low());
            out.writeFloat((float) e.getValue().high());
          }
        });
  }
}
