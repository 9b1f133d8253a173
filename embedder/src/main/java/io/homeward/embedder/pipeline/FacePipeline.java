package io.homeward.embedder.pipeline;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import io.homeward.embedder.domain.AgeEstimate;
import io.homeward.embedder.domain.DetectedFace;
import io.homeward.embedder.domain.DetectionPass;
import io.homeward.embedder.domain.FaceBox;
import io.homeward.embedder.domain.FacePolicy;
import io.homeward.embedder.domain.FaceQuality;
import io.homeward.embedder.domain.FaceVector;
import io.homeward.embedder.domain.Landmarks;
import io.homeward.embedder.domain.Point;
import io.homeward.embedder.domain.QualityIssue;
import io.homeward.embedder.error.EmbedderException;
import io.homeward.embedder.error.Reason;
import io.homeward.embedder.image.DecodedImage;
import io.homeward.embedder.projection.Projection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * One worker's chain: detect, locate landmarks, align, assess quality, estimate age (when an age
 * model is configured), embed. Owns its predictors and scratch buffers; not thread-safe.
 */
final class FacePipeline implements AutoCloseable {
  /** The smallest side of a hand-drawn face box: below it the landmark model has too few pixels. */
  static final int MIN_HINT_SIDE = 32;

  /** The largest ratio of a hand-drawn box's sides: a face box is roughly square. */
  static final float MAX_HINT_ASPECT = 2f;

  /**
   * The detector's threshold on the crop around a hand-drawn box. A person vouched for a face
   * there, so a weaker response of the detector is believed; it is still a detection, with its own
   * box.
   */
  private static final float HINT_THRESHOLD = 0.3f;

  /** How far a face found around a hand-drawn box may stray from it (intersection over union). */
  private static final float HINT_MIN_IOU = 0.25f;

  private final FaceDetector detector;
  private final LandmarkLocator landmarks;
  private final FaceAligner aligner;
  private final QualityAssessor quality;
  private final FaceEmbedder embedder;
  // Both null unless a fused space is configured: the second model's crop and vectors.
  private final FaceAligner secondAligner;
  private final FaceEmbedder secondEmbedder;
  private final Optional<AgeEstimator> age;
  // Null when the engine's settings turn the second pass off.
  private final SecondPass secondPass;
  private final Mat grey = new Mat();
  private final int maxFaces;

  FacePipeline(ModelSet models, EngineSettings settings) {
    this.maxFaces = settings.maxFaces();
    this.aligner = new FaceAligner(models.embedding.manifest());
    this.quality = new QualityAssessor(settings.quality());
    FaceDetector d = null;
    LandmarkLocator l = null;
    FaceEmbedder fe = null;
    FaceAligner sa = null;
    try {
      d = new FaceDetector(models.detector.newRunner(), models.detector.manifest());
      l = new LandmarkLocator(models.landmarks.newRunner(), models.landmarks.manifest());
      fe =
          new FaceEmbedder(
              models.embedding.newRunner(),
              models.embedding.manifest(),
              settings.flipAveraging(),
              models.identity);
      FaceEmbedder se = null;
      if (models.second.isPresent()) {
        var m = models.second.get().manifest();
        sa = new FaceAligner(m);
        se =
            new FaceEmbedder(
                models.second.get().newRunner(),
                m,
                settings.flipAveraging(),
                Projection.identity(m.id(), m.version(), m.dimension()),
                true);
      }
      this.embedder = fe;
      this.secondAligner = sa;
      this.secondEmbedder = se;
    } catch (RuntimeException ex) {
      if (d != null) {
        d.close();
      }
      if (l != null) {
        l.close();
      }
      if (fe != null) {
        fe.close();
      }
      if (sa != null) {
        sa.close();
      }
      aligner.close();
      quality.close();
      grey.close();
      throw ex;
    }
    this.detector = d;
    this.landmarks = l;
    this.secondPass =
        settings.secondPass() ? new SecondPass(d, l, models.detector.manifest()) : null;
    Optional<AgeEstimator> a = Optional.empty();
    try {
      a = models.age.map(m -> new AgeEstimator(m.newRunner(), m.manifest()));
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    this.age = a;
  }

  /**
   * A face found, with its aligned crop and, for a fused space, the second model's (null
   * otherwise); owned by the caller, who closes them.
   */
  record Candidate(DetectedFace face, Mat aligned, Mat alignedSecond) implements AutoCloseable {
    @Override
    public void close() {
      aligned.close();
      if (alignedSecond != null) {
        alignedSecond.close();
      }
    }
  }

  /** A face's vectors in each model's own space; {@code second} null without a fused space. */
  record RawVectors(FaceVector primary, FaceVector second) {}

  /**
   * Finds the faces the policy asks for, largest first, each aligned and assessed. When the whole
   * photo shows none, a hand-drawn box is looked into, or without one the second pass looks again
   * the ways old scanned prints need ({@link SecondPass}).
   *
   * @param secondCrop whether to align each face for the fused space's second model too (only an
   *     embedding into that space needs it)
   * @throws EmbedderException MULTIPLE_FACES when the policy is SINGLE and several usable faces are
   *     present
   */
  List<Candidate> find(
      DecodedImage image,
      FacePolicy policy,
      Optional<FaceBox> hint,
      boolean secondCrop,
      StageTimings timings) {
    Mat bgr = image.bgr();
    hint.ifPresent(h -> checkHint(h, image.info().width(), image.info().height()));
    List<FaceBox> boxes;
    try {
      boxes = new ArrayList<>(detector.detect(bgr, timings));
    } finally {
      // The worker keeps no pixels of a photo once it has moved on.
      detector.release();
    }
    DetectionPass pass = DetectionPass.STANDARD;
    if (boxes.isEmpty() && hint.isPresent()) {
      boxes = new ArrayList<>(fromHint(bgr, hint.get(), timings));
      pass = DetectionPass.HINT;
    }
    List<Candidate> found = new ArrayList<>();
    try {
      List<SecondPass.Found> located = new ArrayList<>();
      if (!boxes.isEmpty()) {
        boxes.sort(Comparator.comparingDouble(FaceBox::area).reversed());
        boxes = kept(boxes, policy);
        cvtColor(bgr, grey, COLOR_BGR2GRAY);
        for (FaceBox box : boxes) {
          Landmarks lm = landmarks.locate(grey, box, timings);
          if (pass == DetectionPass.STANDARD && secondPass != null) {
            // A face on its side or upside down is found as readily but aligned wrongly.
            located.add(secondPass.upright(bgr, grey, box, lm, timings));
          } else {
            located.add(new SecondPass.Found(box, lm, bgr, box, lm, pass, 0));
          }
        }
      } else if (secondPass != null) {
        cvtColor(bgr, grey, COLOR_BGR2GRAY);
        located.addAll(secondPass.search(bgr, grey, timings));
        located.sort(Comparator.comparingDouble((SecondPass.Found f) -> f.box().area()).reversed());
        located = kept(located, policy);
      }
      for (SecondPass.Found f : located) {
        long t0 = System.nanoTime();
        // The five points in the photo's pixels: for a face found with the photo turned, the
        // similarity transform turns it upright.
        Mat aligned = aligner.align(bgr, f.landmarks());
        Mat alignedSecond = null;
        long t1 = System.nanoTime();
        FaceQuality q;
        Optional<AgeEstimate> estimate;
        try {
          // Pose, size and age are judged in the frame the face is upright in.
          Mat frame = f.frame();
          q = quality.assess(aligned, f.frameBox(), f.frameLandmarks(), frame.cols(), frame.rows());
          if (f.pass() == DetectionPass.HINT) {
            q = vouched(q);
          }
          timings.add(Stage.ALIGN, t1 - t0);
          timings.add(Stage.QUALITY, System.nanoTime() - t1);
          estimate = age.map(a -> a.estimate(frame, f.frameBox(), timings));
          if (secondCrop && secondAligner != null) {
            long t2 = System.nanoTime();
            alignedSecond = secondAligner.align(bgr, f.landmarks());
            timings.add(Stage.ALIGN, System.nanoTime() - t2);
          }
        } catch (RuntimeException e) {
          aligned.close();
          if (alignedSecond != null) {
            alignedSecond.close();
          }
          throw e;
        }
        found.add(
            new Candidate(
                new DetectedFace(f.box(), f.landmarks(), q, estimate, f.pass(), f.turns()),
                aligned,
                alignedSecond));
      }
      if (policy == FacePolicy.SINGLE) {
        // Tiny background faces (a poster, a crowd far behind) do not make a photo ambiguous.
        long usable =
            found.stream()
                .filter(c -> !c.face().quality().issues().contains(QualityIssue.FACE_TOO_SMALL))
                .count();
        if (usable > 1) {
          throw new EmbedderException(
              Reason.MULTIPLE_FACES,
              "the image shows " + usable + " faces where exactly one is required");
        }
        if (found.size() > 1) {
          Candidate keep = found.remove(0);
          found.forEach(Candidate::close);
          found.clear();
          found.add(keep);
        }
      }
      return found;
    } catch (RuntimeException e) {
      found.forEach(Candidate::close);
      throw e;
    } finally {
      grey.release();
      if (secondPass != null) {
        secondPass.release();
      }
    }
  }

  /**
   * The faces the policy keeps, largest first: the largest alone for LARGEST, and never more than
   * the limit (a crowd or a tiled image must not cost hundreds of embeddings).
   */
  private <T> List<T> kept(List<T> largestFirst, FacePolicy policy) {
    if (policy == FacePolicy.LARGEST && largestFirst.size() > 1) {
      return List.of(largestFirst.get(0));
    }
    if (largestFirst.size() > maxFaces) {
      return new ArrayList<>(largestFirst.subList(0, maxFaces));
    }
    return largestFirst;
  }

  /**
   * Refuses a hand-drawn box that is not inside the image, too small for the landmark model, or far
   * from square (no face box is).
   */
  static void checkHint(FaceBox hint, int width, int height) {
    boolean finite =
        Float.isFinite(hint.x1())
            && Float.isFinite(hint.y1())
            && Float.isFinite(hint.x2())
            && Float.isFinite(hint.y2());
    if (!finite
        || hint.x1() < 0
        || hint.y1() < 0
        || hint.x2() > width
        || hint.y2() > height
        || hint.width() <= 0
        || hint.height() <= 0) {
      throw new EmbedderException(
          Reason.FACE_HINT_INVALID,
          "the face box is not inside the image (" + width + " x " + height + " pixels)");
    }
    float small = Math.min(hint.width(), hint.height());
    if (small < MIN_HINT_SIDE) {
      throw new EmbedderException(
          Reason.FACE_HINT_INVALID,
          "the face box is smaller than " + MIN_HINT_SIDE + " pixels a side");
    }
    if (Math.max(hint.width(), hint.height()) / small > MAX_HINT_ASPECT) {
      throw new EmbedderException(
          Reason.FACE_HINT_INVALID, "the face box is far from square (sides more than 2:1)");
    }
  }

  /**
   * The face inside a hand-drawn box: the detector once more on a crop twice the box's size around
   * it (the face is then large in the detector's 320x240 input, and has the context it was trained
   * with) with a lower threshold; failing that, the box itself, squared, for the landmark model to
   * place the five points in. That last face is only as good as the person's box and the landmark
   * model's guess without a detector's box: its vector is less reliable than a detected face's.
   */
  private List<FaceBox> fromHint(Mat bgr, FaceBox hint, StageTimings timings) {
    float cx = (hint.x1() + hint.x2()) / 2f;
    float cy = (hint.y1() + hint.y2()) / 2f;
    float side = Math.max(hint.width(), hint.height());
    int x0 = Math.max(0, Math.round(cx - side));
    int y0 = Math.max(0, Math.round(cy - side));
    int x1 = Math.min(bgr.cols(), Math.round(cx + side));
    int y1 = Math.min(bgr.rows(), Math.round(cy + side));
    List<FaceBox> found;
    try (Mat crop = new Mat(bgr, new Rect(x0, y0, x1 - x0, y1 - y0))) {
      found = detector.detect(crop, timings, HINT_THRESHOLD);
    } finally {
      detector.release();
    }
    FaceBox best = null;
    float bestIou = HINT_MIN_IOU;
    for (FaceBox b : found) {
      FaceBox moved = new FaceBox(b.x1() + x0, b.y1() + y0, b.x2() + x0, b.y2() + y0, b.score());
      float iou = moved.iou(hint);
      if (iou >= bestIou) {
        best = moved;
        bestIou = iou;
      }
    }
    if (best != null) {
      return List.of(best);
    }
    return List.of(new FaceBox(cx - side / 2f, cy - side / 2f, cx + side / 2f, cy + side / 2f, 0f));
  }

  /**
   * A hand-drawn face's quality: every check but the detector's score, which a person vouched for.
   */
  private static FaceQuality vouched(FaceQuality q) {
    return new FaceQuality(
        q.eyeDistancePx(),
        q.faceSizePx(),
        q.detectorScore(),
        q.sharpness(),
        q.yawDegrees(),
        q.pitchDegrees(),
        q.rollDegrees(),
        q.brightness(),
        q.contrast(),
        q.issues().stream().filter(i -> i != QualityIssue.LOW_DETECTOR_SCORE).toList());
  }

  /**
   * A face aligned for a person to look at, {@code side} pixels wide, with the same five points as
   * the model's crop; the caller closes it.
   */
  Mat alignForView(Mat bgr, Landmarks lm, int side) {
    return aligner.alignForView(bgr, lm, side);
  }

  /** Where the template puts the five points in a crop {@code side} pixels wide. */
  List<Point> templateFor(int side) {
    return aligner.templateFor(side);
  }

  /**
   * Vectors of the candidates in each model's own space, in order (batched as far as each model
   * allows); the second model runs on the candidates aligned for it ({@code find} with {@code
   * secondCrop}), the others get none.
   */
  List<RawVectors> embed(List<Candidate> faces, StageTimings timings) {
    List<FaceVector> primary =
        embedder.embed(faces.stream().map(Candidate::aligned).toList(), timings);
    List<Mat> secondCrops =
        faces.stream().map(Candidate::alignedSecond).filter(m -> m != null).toList();
    List<FaceVector> second =
        secondCrops.isEmpty() ? List.of() : secondEmbedder.embed(secondCrops, timings);
    List<RawVectors> out = new ArrayList<>(faces.size());
    int next = 0;
    for (int i = 0; i < faces.size(); i++) {
      FaceVector s = faces.get(i).alignedSecond() == null ? null : second.get(next++);
      out.add(new RawVectors(primary.get(i), s));
    }
    return out;
  }

  @Override
  public void close() {
    if (secondPass != null) {
      secondPass.close();
    }
    detector.close();
    landmarks.close();
    aligner.close();
    quality.close();
    embedder.close();
    if (secondEmbedder != null) {
      secondEmbedder.close();
      secondAligner.close();
    }
    if (age != null) {
      age.ifPresent(AgeEstimator::close);
    }
    grey.close();
  }
}
