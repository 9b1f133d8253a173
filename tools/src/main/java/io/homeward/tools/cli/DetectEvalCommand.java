package io.homeward.tools.cli;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.homeward.embedder.domain.DetectResult;
import io.homeward.embedder.domain.DetectedFace;
import io.homeward.embedder.domain.FaceBox;
import io.homeward.embedder.domain.FacePolicy;
import io.homeward.embedder.pipeline.EmbedderEngine;
import io.homeward.tools.detect.Degradation;
import io.homeward.tools.detect.DetectionPlots;
import io.homeward.tools.detect.DetectionTally;
import io.homeward.tools.detect.NonFaces;
import io.homeward.tools.eval.LagManifest;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Whether the detector finds the faces that matter: the photos of the research sets as they are,
 * the same photos degraded the ways old prints degrade, and images with no face for the faces it
 * invents; each counted after the first pass alone and after the second pass, with the time each
 * costs. One engine with the second pass on gives both figures: the second pass runs only where the
 * first found nothing, so a photo the first pass missed is one whose faces all came from the
 * second.
 */
@Command(
    name = "detect-eval",
    mixinStandardHelpOptions = true,
    description = {
      "Face detection on hard photos: the no-face rate of LAG (childhood and adult photos), CACD-VS",
      "and the fixtures as they are and of fixtures and LAG childhood photos degraded as old prints",
      "degrade (downscaled, blurred, grain, sepia, faded, JPEG quality 8, a small print on a large",
      "scan, turned by quarters, all together), with the first pass alone and with the second pass;",
      "faces found in images with no face (parts of the fixtures away from their faces, drawn",
      "textures); the time a photo costs with and without the second pass. Writes",
      "detect-eval.json and detect-eval.png to --out."
    })
final class DetectEvalCommand implements Callable<Integer> {
  @Mixin EngineOptions engineOptions;

  @Mixin DatasetOptions datasets;

  @Option(names = "--fixtures", description = "The fixtures folder (default: ${DEFAULT-VALUE}).")
  Path fixtures = Path.of("..", "shared", "fixtures");

  @Option(
      names = "--limit",
      description =
          "LAG childhood photos degraded, chosen at random with the seed (default: ${DEFAULT-VALUE}; 0: all).")
  int limit = 400;

  @Option(
      names = "--degradations",
      split = ",",
      description = "Degradations to apply (default: all): ${COMPLETION-CANDIDATES}.")
  List<Degradation> degradations = List.of(Degradation.values());

  @Option(
      names = "--no-datasets",
      description = "Only the fixtures and their degraded copies (a quick run).")
  boolean noDatasets;

  @Option(
      names = "--dump-false-faces",
      description =
          "Write the images with no face in which a face was found to this folder, to look at"
              + " (drawn textures and parts of the fixtures; never the data sets).")
  Path dumpFalseFaces;

  @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed = 7;

  @Option(
      names = "--out",
      description = "Folder for the JSON report and plot (default: ${DEFAULT-VALUE}).")
  Path out = Path.of("eval-out");

  /** Where one image's bytes come from. */
  private interface Source {
    byte[] read() throws IOException;
  }

  @Override
  public Integer call() throws Exception {
    PrintStream err = System.err;
    List<Source> fixtureFaces = fixtureFaces(err);
    List<Source> lagYoung = new ArrayList<>();
    List<Source> lagAdult = new ArrayList<>();
    List<Source> cacd = new ArrayList<>();
    if (!noDatasets) {
      readDatasets(lagYoung, lagAdult, cacd, err);
    }
    if (fixtureFaces.isEmpty() && lagYoung.isEmpty()) {
      err.println("detect-eval: no photos found (../shared is absent?); nothing to measure");
      return 1;
    }
    // One worker, photos one at a time: each photo's time is its own.
    try (EmbedderEngine engine =
        EmbedderEngine.start(engineOptions.settings().toBuilder().workers(1).build())) {
      List<DetectionTally> rows = new ArrayList<>();
      measure(engine, "fixtures", Degradation.NONE, fixtureFaces, rows, err);
      measure(engine, "lag-young", Degradation.NONE, lagYoung, rows, err);
      measure(engine, "lag-adult", Degradation.NONE, lagAdult, rows, err);
      measure(engine, "cacd", Degradation.NONE, cacd, rows, err);
      List<Source> lagSample = sample(lagYoung);
      Random random = new Random(seed);
      for (Degradation d : degradations) {
        if (d == Degradation.NONE) {
          continue;
        }
        measure(engine, "fixtures", d, degraded(fixtureFaces, d, random), rows, err);
        measure(engine, "lag-young", d, degraded(lagSample, d, random), rows, err);
      }
      DetectionTally nonFaces = measureNonFaces(engine, random, err);
      print(rows, nonFaces);
      write(rows, nonFaces);
    }
    return 0;
  }

  private List<Source> fixtureFaces(PrintStream err) throws IOException {
    List<Source> sources = new ArrayList<>();
    for (String folder : List.of("people", "public-domain")) {
      for (Path p : files(fixtures.resolve(folder))) {
        sources.add(() -> Files.readAllBytes(p));
      }
    }
    for (String grid : SyntheticGrids.AGE_GRIDS) {
      Path file = fixtures.resolve("synthetic").resolve(grid);
      if (Files.isRegularFile(file)) {
        for (SyntheticGrids.Cell cell : SyntheticGrids.cells(file)) {
          sources.add(cell::png);
        }
      }
    }
    Path sample = fixtures.resolve("synthetic").resolve(SyntheticGrids.SAMPLE_GRID);
    if (Files.isRegularFile(sample)) {
      for (SyntheticGrids.Cell cell : SyntheticGrids.cells(sample, 4, 8, 0)) {
        sources.add(cell::png);
      }
    }
    if (sources.isEmpty()) {
      err.println("detect-eval: " + fixtures + " is absent; no fixture figures");
    }
    return sources;
  }

  private static List<Path> files(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(p -> p.getFileName().toString().matches("(?i).*\\.(jpe?g|png)$"))
          .sorted()
          .toList();
    }
  }

  private void readDatasets(
      List<Source> young, List<Source> adult, List<Source> cacd, PrintStream err)
      throws IOException {
    if (datasets.haveLag()) {
      Path root = datasets.lagImages();
      for (LagManifest.Sample s : LagManifest.read(datasets.lag)) {
        Path file = s.resolve(root);
        (s.isYoung() ? young : adult).add(() -> Files.readAllBytes(file));
      }
    } else {
      err.println("detect-eval: " + datasets.lag + " is absent; no LAG figures");
    }
    if (datasets.haveCacd()) {
      for (Path f : datasets.cacdFiles()) {
        cacd.add(() -> Files.readAllBytes(f));
      }
    } else {
      err.println("detect-eval: " + datasets.cacd + " is absent; no CACD figures");
    }
  }

  private List<Source> sample(List<Source> all) {
    if (limit <= 0 || all.size() <= limit) {
      return all;
    }
    List<Source> copy = new ArrayList<>(all);
    Collections.shuffle(copy, new Random(seed));
    return copy.subList(0, limit);
  }

  /** Degraded copies, made as each is measured (a large scan is megabytes). */
  private static List<Source> degraded(List<Source> sources, Degradation d, Random random) {
    List<Source> out = new ArrayList<>(sources.size());
    for (Source s : sources) {
      long photoSeed = random.nextLong();
      out.add(
          () -> {
            try (Mat original = decode(s.read());
                Mat copy = d.apply(original, new Random(photoSeed))) {
              return encode(copy, d.encoding(), d.jpegQuality());
            }
          });
    }
    return out;
  }

  private void measure(
      EmbedderEngine engine,
      String set,
      Degradation d,
      List<Source> sources,
      List<DetectionTally> rows,
      PrintStream err)
      throws IOException {
    if (sources.isEmpty()) {
      return;
    }
    DetectionTally tally = new DetectionTally(set, d.name(), d.label());
    Progress progress = new Progress(set + " " + d.label(), sources.size(), err);
    for (Source s : sources) {
      byte[] bytes = s.read();
      long t0 = System.nanoTime();
      List<DetectedFace> faces = detect(engine, bytes, FacePolicy.LARGEST);
      tally.add(faces, System.nanoTime() - t0);
      progress.step();
    }
    rows.add(tally);
  }

  private DetectionTally measureNonFaces(EmbedderEngine engine, Random random, PrintStream err)
      throws IOException {
    List<byte[]> images = new ArrayList<>();
    for (String folder : List.of("people", "public-domain")) {
      for (Path p : files(fixtures.resolve(folder))) {
        byte[] bytes = Files.readAllBytes(p);
        List<FaceBox> faces =
            detect(engine, bytes, FacePolicy.ALL).stream().map(DetectedFace::box).toList();
        try (Mat photo = decode(bytes)) {
          for (Mat crop : NonFaces.backgrounds(photo, faces, 4, random)) {
            images.add(encode(crop, ".png", 0));
            crop.close();
          }
        }
      }
    }
    for (Mat texture : NonFaces.textures(12, random)) {
      images.add(encode(texture, ".png", 0));
      texture.close();
    }
    DetectionTally tally = new DetectionTally("non-faces", "NONE", "no face in them");
    Progress progress = new Progress("non-faces", images.size(), err);
    int index = 0;
    for (byte[] bytes : images) {
      long t0 = System.nanoTime();
      List<DetectedFace> faces = detect(engine, bytes, FacePolicy.ALL);
      tally.add(faces, System.nanoTime() - t0);
      progress.step();
      if (dumpFalseFaces != null && !faces.isEmpty()) {
        Files.createDirectories(dumpFalseFaces);
        String name = String.format(Locale.ROOT, "%03d-%s.png", index, faces.get(0).pass().name());
        Files.write(dumpFalseFaces.resolve(name), bytes);
      }
      index++;
    }
    return tally;
  }

  private static List<DetectedFace> detect(EmbedderEngine engine, byte[] bytes, FacePolicy p) {
    try {
      DetectResult r = engine.detect(bytes, p).join();
      return r.faces();
    } catch (CompletionException e) {
      // An image the decoder refuses counts as one with no face found.
      return List.of();
    }
  }

  private static Mat decode(byte[] bytes) {
    try (Mat buffer = new Mat(bytes)) {
      Mat m = imdecode(buffer, IMREAD_COLOR);
      if (m == null || m.empty()) {
        throw new IllegalArgumentException("an image could not be decoded");
      }
      return m;
    }
  }

  private static byte[] encode(Mat image, String extension, int jpegQuality) {
    try (BytePointer buffer = new BytePointer();
        IntPointer params =
            extension.equals(".jpg")
                ? new IntPointer(IMWRITE_JPEG_QUALITY, jpegQuality)
                : new IntPointer(0)) {
      if (extension.equals(".jpg")) {
        imencode(extension, image, buffer, params);
      } else {
        imencode(extension, image, buffer);
      }
      byte[] bytes = new byte[(int) buffer.limit()];
      buffer.get(bytes);
      return bytes;
    }
  }

  private static void print(List<DetectionTally> rows, DetectionTally nonFaces) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "%-10s %-28s %6s %10s %10s %-17s  %-30s %9s %9s %11s%n",
            "set",
            "degradation",
            "photos",
            "no face 1",
            "no face 2",
            "turns 0/1/2/3",
            "found by the second pass",
            "ms pass 1",
            "ms pass 2",
            "score p10/50"));
    for (DetectionTally t : rows) {
      b.append(
          String.format(
              Locale.ROOT,
              "%-10s %-28s %6d %10s %10s %-17s  %-30s %9.1f %9s %5.2f/%4.2f%n",
              t.set(),
              t.label(),
              t.photos(),
              rate(t.noFaceFirstPass(), t.photos()),
              rate(t.noFaceAfter(), t.photos()),
              turns(t.uprightTurns()),
              t.secondPassFinds(),
              t.meanMsFirstPassOnly(),
              t.secondPassRuns() == 0
                  ? "-"
                  : String.format(Locale.ROOT, "%.1f", t.meanMsSecondPass()),
              t.firstPassScoreQuantile(0.1),
              t.firstPassScoreQuantile(0.5)));
    }
    b.append(
        String.format(
            Locale.ROOT,
            "%nImages with no face: %d; faces found in them by the first pass: %d (%d images), by"
                + " the second pass: %d (%d images): %s%n",
            nonFaces.photos(),
            nonFaces.facesFirstPass(),
            nonFaces.photos() - nonFaces.noFaceFirstPass(),
            nonFaces.facesSecondPass(),
            nonFaces.noFaceFirstPass() - nonFaces.noFaceAfter(),
            nonFaces.secondPassFinds()));
    b.append(
        "no face 1: after the first pass alone; no face 2: after the second pass; turns: photos by the"
            + " quarter turns clockwise that made the largest face upright (a photo turned a quarter"
            + " clockwise needs 3). ms pass 1: a"
            + " photo in which the first pass found a face (the second did not run); ms pass 2: a"
            + " photo on which the second pass ran.\n");
    System.out.print(b);
  }

  private static String turns(int[] t) {
    return t[0] + "/" + t[1] + "/" + t[2] + "/" + t[3];
  }

  private static String rate(int n, int of) {
    return String.format(Locale.ROOT, "%.1f%% (%d)", 100.0 * n / Math.max(1, of), n);
  }

  private void write(List<DetectionTally> rows, DetectionTally nonFaces) throws IOException {
    Files.createDirectories(out);
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("command", "homeward detect-eval");
    report.put("at", Instant.now().toString());
    report.put("seed", seed);
    report.put("lagYoungDegraded", limit);
    report.put("rows", rows.stream().map(DetectionTally::toMap).toList());
    report.put("nonFaces", nonFaces.toMap());
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(out.resolve("detect-eval.json").toFile(), report);
    DetectionPlots.writeNoFaceRates(rows, out.resolve("detect-eval.png"));
    System.out.println("Wrote " + out.resolve("detect-eval.json") + " and detect-eval.png");
  }
}
