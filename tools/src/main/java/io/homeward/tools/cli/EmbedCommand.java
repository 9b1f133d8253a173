package io.homeward.tools.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.homeward.embedder.domain.DetectedFace;
import io.homeward.embedder.domain.EmbedResult;
import io.homeward.embedder.domain.EmbeddedFace;
import io.homeward.embedder.domain.FacePolicy;
import io.homeward.embedder.domain.FaceQuality;
import io.homeward.embedder.domain.Point;
import io.homeward.embedder.error.EmbedderException;
import io.homeward.embedder.error.Reason;
import io.homeward.embedder.pipeline.EmbedOptions;
import io.homeward.embedder.pipeline.EmbedderEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Photos to faces: one JSON line per face (or per refused photo) on stdout. */
@Command(
    name = "embed",
    mixinStandardHelpOptions = true,
    description = {
      "Finds the faces in photos and prints one JSON line per face: box, five landmarks, quality and",
      "(with --vectors) the L2-normalised vector. A refused photo prints one line with its reason.",
      "Exit code 0 when every photo gave at least one face, 1 otherwise."
    })
final class EmbedCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin EngineOptions engineOptions;

  @Parameters(
      arity = "1..*",
      paramLabel = "PHOTO",
      description = "Image files (JPEG, PNG, WebP, BMP, TIFF).")
  List<Path> photos;

  @Option(names = "--faces", description = "all, single or largest (default: ${DEFAULT-VALUE}).")
  String faces = "all";

  @Option(
      names = "--vectors",
      description = "Include each face's vector (biometric data: handle with care).")
  boolean vectors;

  @Option(
      names = "--bypass-quality-gate",
      description = "Embed faces that fail the quality gate too.")
  boolean bypassGate;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    FacePolicy policy = FacePolicy.valueOf(faces.toUpperCase(Locale.ROOT));
    PrintWriter out = spec.commandLine().getOut();
    boolean allFound = true;
    try (EmbedderEngine engine = EmbedderEngine.start(engineOptions.settings())) {
      String model = engine.embeddingModel().ref();
      for (Path photo : photos) {
        ObjectNode base = JSON.createObjectNode().put("file", photo.toString());
        byte[] bytes;
        try {
          bytes = Files.readAllBytes(photo);
        } catch (IOException e) {
          allFound = false;
          out.println(
              JSON.writeValueAsString(
                  base.put("error", "UNREADABLE").put("message", "the file cannot be read")));
          continue;
        }
        try {
          EmbedResult r = engine.embed(bytes, new EmbedOptions(policy, bypassGate)).get();
          int index = 0;
          for (EmbeddedFace f : r.faces()) {
            ObjectNode line = face(base.deepCopy(), index++, f.face(), true);
            line.put("model", model);
            if (vectors) {
              ArrayNode values = line.putArray("vector");
              for (float v : f.vector().copyValues()) {
                values.add(v);
              }
            }
            out.println(JSON.writeValueAsString(line));
          }
          for (DetectedFace f : r.rejected()) {
            out.println(JSON.writeValueAsString(face(base.deepCopy(), index++, f, false)));
          }
        } catch (ExecutionException | CompletionException e) {
          allFound = false;
          EmbedderException refusal =
              e.getCause() instanceof EmbedderException ee
                  ? ee
                  : new EmbedderException(Reason.INTERNAL, "internal error");
          out.println(
              JSON.writeValueAsString(
                  base.put("error", refusal.reason().name()).put("message", refusal.getMessage())));
        }
      }
    }
    out.flush();
    return allFound ? 0 : 1;
  }

  private static ObjectNode face(ObjectNode line, int index, DetectedFace f, boolean embedded) {
    line.put("face", index).put("embedded", embedded);
    line.putArray("box").add(f.box().x1()).add(f.box().y1()).add(f.box().x2()).add(f.box().y2());
    line.put("score", f.box().score());
    ObjectNode lm = line.putObject("landmarks");
    point(lm, "left_eye", f.landmarks().leftEye());
    point(lm, "right_eye", f.landmarks().rightEye());
    point(lm, "nose", f.landmarks().nose());
    point(lm, "mouth_left", f.landmarks().mouthLeft());
    point(lm, "mouth_right", f.landmarks().mouthRight());
    FaceQuality q = f.quality();
    ObjectNode quality = line.putObject("quality");
    quality
        .put("passed", q.passed())
        .put("face_size_px", q.faceSizePx())
        .put("eye_distance_px", q.eyeDistancePx())
        .put("sharpness", q.sharpness())
        .put("yaw", q.yawDegrees())
        .put("pitch", q.pitchDegrees())
        .put("roll", q.rollDegrees())
        .put("brightness", q.brightness())
        .put("contrast", q.contrast());
    ArrayNode issues = quality.putArray("issues");
    q.issues().forEach(i -> issues.add(i.name()));
    return line;
  }

  private static void point(ObjectNode node, String name, Point p) {
    node.putArray(name).add(p.x()).add(p.y());
  }
}
