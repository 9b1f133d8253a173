package io.homeward.embedder.pipeline;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_180;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_CLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_COUNTERCLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.merge;
import static org.bytedeco.opencv.global.opencv_core.rotate;
import static org.bytedeco.opencv.global.opencv_core.split;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2Lab;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_Lab2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.createCLAHE;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import io.homeward.embedder.domain.DetectionPass;
import io.homeward.embedder.domain.FaceBox;
import io.homeward.embedder.domain.Landmarks;
import io.homeward.embedder.domain.Point;
import io.homeward.embedder.geometry.Nms;
import io.homeward.models.InputSpec;
import io.homeward.models.ModelManifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_imgproc.CLAHE;

/**
 * The second detection pass, for photos in which the whole photo at the detector's size shows no
 * face. Those are, above all, a family's old prints of a small child, scanned: loosely cropped so
 * the face fills the frame, faded, stored on their side, or a small face on a large scan. The pass
 * looks again with a margin around the photo, after local contrast equalisation, in overlapping
 * parts of a large scan, and turned by a quarter, a half and three quarters, and stops at the first
 * look that finds a face.
 *
 * <p>Each look asks the detector with a lower threshold than the first pass, so every box it finds
 * must be confirmed before it counts as a face: the landmark model must place the five points in a
 * face's shape and keep them on the same eyes, nose and mouth when the box moves (see {@link
 * #drift}), and the detector must find the face once more, at its usual threshold, in fresh crops
 * centred on the box where the face is a half and a third of the crop's height. A box that fails
 * any of these is dropped: the pass must not invent faces from wallpaper, and a photo it cannot
 * read still goes to a person (the manual face box).
 *
 * <p>The same drift tells an upright face from one on its side or upside down, which the detector
 * finds as readily (it found 97% of the fixtures' faces upside down and 85% on their side) but
 * whose five points the landmark model then places wrongly, so that the alignment and the vector
 * are wrong. {@link #upright} checks every face the first pass finds with one more landmark call
 * and turns the few that drift.
 *
 * <p>Not thread-safe: one per worker, beside the worker's detector and landmark model.
 */
final class SecondPass {
  /** The first pass's threshold stays for the confirmation; the looks may see weaker faces. */
  static final float LOOK_THRESHOLD = 0.5f;

  /** How far the confirming detection may stray from the box (intersection over union). */
  static final float CONFIRM_MIN_IOU = 0.4f;

  /** The longest side of the copy the whole-photo looks work on (see {@link #look}). */
  static final int WORK_SIDE = 1600;

  /**
   * More boxes than this in one look are a pattern (wallpaper, a dress, a grid of circles), not
   * faces: measured, a repeating pattern was confirmed at both scales where no drawn blob was.
   */
  static final int MAX_FACES_PER_LOOK = 4;

  /**
   * The most the five points may move, as a fraction of the box's side, when the box moves by a
   * tenth of it (see {@link #drift}). Measured on the fixtures: upright faces, also degraded,
   * 0.007-0.045; the same faces on their side or upside down 0.05-0.26; the few boxes on non-faces
   * that passed every other check 0.10 and 0.24.
   */
  static final float MAX_DRIFT = 0.05f;

  /** The margin around the photo in the padded looks, as a fraction of its longer side. */
  static final float MARGIN = 0.25f;

  /** Below this shorter side (pixels) a photo is not cut into parts: a part would be upscaled. */
  static final int MIN_TILED_SIDE = 480;

  private final FaceDetector detector;
  private final LandmarkLocator landmarks;
  private final float confirmThreshold;
  private final int canvasWidth;
  private final int canvasHeight;
  private final Scalar padding;
  private final Mat canvas = new Mat();
  private final Mat enhanced = new Mat();
  private final Mat enhancedGrey = new Mat();
  private final Mat[] turnedFrames = {new Mat(), new Mat(), new Mat()};
  private final Mat turnedGrey = new Mat();
  private final Mat small = new Mat();
  private final Mat smallGrey = new Mat();
  private final Mat around = new Mat();
  // Frames of faces turned upright, one per face, until release().
  private final List<Mat> keptFrames = new ArrayList<>();
  // The working copy's size over the photo's (1 unless the photo is longer than WORK_SIDE).
  private float workScale = 1f;
  // The photo being looked at, until release().
  private Mat photo;
  // The drift of the last face confirm() accepted, to choose between turns.
  private float lastDrift;
  private final Mat lab = new Mat();
  private final Mat affine = new Mat(2, 3, CV_64F);
  private final CLAHE clahe = createCLAHE(2.0, new Size(8, 8));
  // The second pass's own detector calls are timed as a whole (Stage.SECOND_PASS), not as the
  // first pass's detection, whose per-call figures the benchmark compares with bare inference.
  private final StageTimings inner = new StageTimings();

  SecondPass(FaceDetector detector, LandmarkLocator landmarks, ModelManifest detectorManifest) {
    this.detector = detector;
    this.landmarks = landmarks;
    this.confirmThreshold = (float) detectorManifest.parameter("scoreThreshold");
    InputSpec spec = detectorManifest.input();
    this.canvasWidth = spec.width();
    this.canvasHeight = spec.height();
    // Owned by the detector, which closes it.
    this.padding = detector.padding();
  }

  /**
   * A face found and confirmed: its box and five points in the photo's pixels, and the same in the
   * frame in which it is upright (the photo turned by {@code turns} quarters clockwise, or the
   * photo itself), where its pose, quality and age are judged.
   */
  record Found(
      FaceBox box,
      Landmarks landmarks,
      Mat frame,
      FaceBox frameBox,
      Landmarks frameLandmarks,
      DetectionPass pass,
      int turns) {}

  /**
   * Looks again at a photo in which the first pass found no face. The frames of the faces returned
   * stay valid until {@link #release()}.
   *
   * @param bgr the photo
   * @param grey the photo in grey, for the landmark model
   */
  List<Found> search(Mat bgr, Mat grey, StageTimings timings) {
    long t0 = System.nanoTime();
    try {
      return look(bgr, grey);
    } finally {
      timings.add(Stage.SECOND_PASS, System.nanoTime() - t0);
    }
  }

  private List<Found> look(Mat bgr, Mat grey) {
    // The whole-photo looks see the photo at the detector's 320 x 240, so a face they can find is
    // large in the photo: they work on a copy no longer than WORK_SIDE, which bounds the memory of
    // the copies they make (a 50-megapixel scan would need gigabytes). The parts of a large scan,
    // which exist for small faces, are read from the photo itself.
    photo = bgr;
    workScale = Math.min(1f, WORK_SIDE / (float) Math.max(bgr.cols(), bgr.rows()));
    Mat work = bgr;
    Mat workGrey = grey;
    if (workScale < 1f) {
      resize(
          bgr,
          small,
          new Size(Math.round(bgr.cols() * workScale), Math.round(bgr.rows() * workScale)),
          0,
          0,
          INTER_AREA);
      cvtColor(small, smallGrey, COLOR_BGR2GRAY);
      work = small;
      workGrey = smallGrey;
    }
    int w = work.cols();
    int h = work.rows();
    List<Found> found = confirmed(work, workGrey, padded(w, h), work, DetectionPass.PADDED, 0);
    if (!found.isEmpty()) {
      return found;
    }
    equalise(work);
    found = confirmed(enhanced, enhancedGrey, padded(w, h), work, DetectionPass.CONTRAST, 0);
    if (!found.isEmpty()) {
      return found;
    }
    if (Math.min(bgr.cols(), bgr.rows()) >= MIN_TILED_SIDE) {
      float kept = workScale;
      workScale = 1f;
      found = tiled(bgr, grey);
      if (!found.isEmpty()) {
        return found;
      }
      workScale = kept;
    }
    // Every quarter is tried: the one whose face's points drift least is the upright one (the
    // detector finds faces upside down too, so the first turn with a face may not be it).
    DetectionPass[] passes = {
      DetectionPass.ROTATED_90, DetectionPass.ROTATED_180, DetectionPass.ROTATED_270
    };
    List<Found> best = List.of();
    float bestDrift = Float.MAX_VALUE;
    for (int turns = 1; turns <= 3; turns++) {
      Mat turned = turnedFrame(work, turns);
      found =
          confirmed(
              turned,
              turnedGrey,
              padded(turned.cols(), turned.rows()),
              turned,
              passes[turns - 1],
              turns);
      if (!found.isEmpty() && lastDrift < bestDrift) {
        best = found;
        bestDrift = lastDrift;
      }
    }
    return best;
  }

  /**
   * Whether a face the first pass found is upright, and if not, the same face in the turn of the
   * photo in which it is: its five points are located once more with the box moved, and only when
   * they drift (a face on its side or upside down, or something that is not a face) are the three
   * turns of the photo tried. A turn is taken when its points hold still and drift less than half
   * as much; otherwise the face stays as the first pass found it.
   */
  Found upright(Mat bgr, Mat grey, FaceBox box, Landmarks lm, StageTimings timings) {
    float drift = drift(grey, box, lm);
    Found asFound = new Found(box, lm, bgr, box, lm, DetectionPass.STANDARD, 0);
    if (drift <= MAX_DRIFT) {
      return asFound;
    }
    long t0 = System.nanoTime();
    try {
      // Only the face's surroundings are turned (three times the box), not the whole photo.
      float side = Math.max(box.width(), box.height());
      int x0 = Math.max(0, Math.round((box.x1() + box.x2()) / 2f - 1.5f * side));
      int y0 = Math.max(0, Math.round((box.y1() + box.y2()) / 2f - 1.5f * side));
      int x1 = Math.min(bgr.cols(), Math.round((box.x1() + box.x2()) / 2f + 1.5f * side));
      int y1 = Math.min(bgr.rows(), Math.round((box.y1() + box.y2()) / 2f + 1.5f * side));
      if (x1 - x0 < 8 || y1 - y0 < 8) {
        return asFound;
      }
      try (Mat region = new Mat(bgr, new Rect(x0, y0, x1 - x0, y1 - y0))) {
        region.copyTo(around);
      }
      int cw = around.cols();
      int ch = around.rows();
      FaceBox inCrop = new FaceBox(box.x1() - x0, box.y1() - y0, box.x2() - x0, box.y2() - y0, 0);
      Found best = asFound;
      float bestDrift = drift;
      for (int turns = 1; turns <= 3; turns++) {
        Mat turned = turnedFrame(around, turns);
        // The first pass's box was squared on the face's height as it lay; the upright face needs
        // its own box, from the detector on the turned surroundings.
        Optional<FaceBox> found = redetect(turned, turn(inCrop, turns, cw, ch));
        if (found.isEmpty()) {
          continue;
        }
        FaceBox b = found.get();
        Landmarks l = landmarks.locate(turnedGrey, b, inner);
        float d = drift(turnedGrey, b, l);
        if (d <= MAX_DRIFT && d < bestDrift / 2 && plausible(b, l)) {
          if (best != asFound) {
            keptFrames.remove(best.frame());
            best.frame().close();
          }
          // Its own copy: the next face of the photo turns its surroundings in the same scratch.
          Mat frame = turned.clone();
          keptFrames.add(frame);
          best =
              new Found(
                  moved(unturn(b, turns, cw, ch), x0, y0),
                  moved(unturn(l, turns, cw, ch), x0, y0),
                  frame,
                  b,
                  l,
                  DetectionPass.STANDARD,
                  turns);
          bestDrift = d;
        }
      }
      return best;
    } finally {
      timings.add(Stage.SECOND_PASS, System.nanoTime() - t0);
    }
  }

  /**
   * The detector's box nearest {@code near}'s centre in a crop three times its size around it, or
   * none within half its side.
   */
  private Optional<FaceBox> redetect(Mat source, FaceBox near) {
    float side = Math.max(near.width(), near.height());
    float cx = (near.x1() + near.x2()) / 2f;
    float cy = (near.y1() + near.y2()) / 2f;
    float h = side * 3f;
    List<FaceBox> boxes = detectIn(source, fitted(cx - h * 2f / 3f, cy - h / 2f, h * 4f / 3f, h));
    FaceBox best = null;
    double bestDistance = side / 2.0;
    for (FaceBox b : boxes) {
      double d = Math.hypot((b.x1() + b.x2()) / 2f - cx, (b.y1() + b.y2()) / 2f - cy);
      if (d <= bestDistance) {
        best = b;
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * {@code bgr} turned {@code turns} quarters clockwise, kept until the next call for the same turn
   * or {@link #release()}; its grey copy is left in {@link #turnedGrey} until the next call.
   */
  private Mat turnedFrame(Mat bgr, int turns) {
    Mat turned = turnedFrames[turns - 1];
    rotate(
        bgr,
        turned,
        switch (turns) {
          case 1 -> ROTATE_90_CLOCKWISE;
          case 2 -> ROTATE_180;
          default -> ROTATE_90_COUNTERCLOCKWISE;
        });
    cvtColor(turned, turnedGrey, COLOR_BGR2GRAY);
    return turned;
  }

  /**
   * Boxes the detector finds in one view of {@code source}, each confirmed, mapped back to the
   * photo's pixels.
   *
   * @param source the pixels the view shows (the photo, its equalised copy, or the photo turned)
   * @param sourceGrey the same in grey
   * @param frame the pixels in which the face is judged: the photo, or the photo turned
   * @param quarterTurns how many quarters clockwise {@code source} is turned from the photo
   */
  private List<Found> confirmed(
      Mat source, Mat sourceGrey, View view, Mat frame, DetectionPass pass, int quarterTurns) {
    List<FaceBox> boxes = detectIn(source, view);
    List<Found> found = new ArrayList<>();
    if (boxes.size() > MAX_FACES_PER_LOOK) {
      // A photo the whole-photo look found no face in does not hold a crowd: it is a pattern.
      return found;
    }
    for (FaceBox box : boxes) {
      confirm(source, sourceGrey, box, frame, pass, quarterTurns).ifPresent(found::add);
    }
    return found;
  }

  private Optional<Found> confirm(
      Mat source, Mat sourceGrey, FaceBox box, Mat frame, DetectionPass pass, int quarterTurns) {
    Landmarks lm = landmarks.locate(sourceGrey, box, inner);
    if (!plausible(box, lm)) {
      return Optional.empty();
    }
    float drift = drift(sourceGrey, box, lm);
    if (drift > MAX_DRIFT) {
      return Optional.empty();
    }
    // Both scales must see the face: a pattern that fools the detector at one rarely does at both.
    float confirmation = Math.min(secondLook(source, box, 2f), secondLook(source, box, 3f));
    if (confirmation < confirmThreshold) {
      return Optional.empty();
    }
    lastDrift = drift;
    FaceBox scored =
        new FaceBox(box.x1(), box.y1(), box.x2(), box.y2(), Math.max(box.score(), confirmation));
    int w = frame.cols();
    int h = frame.rows();
    // The frame is the source turned back to upright for the turned looks, and the source itself
    // otherwise; the photo's pixels are the frame turned back by the same quarters.
    int photoW = quarterTurns % 2 == 0 ? w : h;
    int photoH = quarterTurns % 2 == 0 ? h : w;
    FaceBox inPhoto = scaled(unturn(scored, quarterTurns, photoW, photoH), 1 / workScale);
    Landmarks lmInPhoto = scaled(unturn(lm, quarterTurns, photoW, photoH), 1 / workScale);
    if (quarterTurns == 0) {
      // Upright as the photo lies: judged in the photo itself, in its own pixels.
      return Optional.of(new Found(inPhoto, lmInPhoto, photo, inPhoto, lmInPhoto, pass, 0));
    }
    return Optional.of(new Found(inPhoto, lmInPhoto, frame, scored, lm, pass, quarterTurns));
  }

  /**
   * How far the five points move, as a fraction of the box's side, when the box is moved by a tenth
   * of its side down and to the right and grown by a tenth. On a face the points stay on the eyes,
   * nose and mouth; on something else the landmark model draws its average face inside whatever box
   * it is given, so the points move with the box.
   */
  private float drift(Mat grey, FaceBox box, Landmarks lm) {
    float side = box.height();
    float d = side * 0.1f;
    FaceBox moved =
        new FaceBox(box.x1() + d, box.y1() + d, box.x2() + 2 * d, box.y2() + 2 * d, box.score());
    Landmarks again = landmarks.locate(grey, moved, inner);
    List<Point> a = lm.asList();
    List<Point> b = again.asList();
    double sum = 0;
    for (int i = 0; i < a.size(); i++) {
      sum += Math.hypot(a.get(i).x() - b.get(i).x(), a.get(i).y() - b.get(i).y());
    }
    return (float) (sum / a.size() / side);
  }

  /** Parts of a large scan, overlapping by a third, each scaled to the detector's input. */
  private List<Found> tiled(Mat bgr, Mat grey) {
    int w = bgr.cols();
    int h = bgr.rows();
    // Two parts a side, three for scans over three times the detector's height.
    int n = Math.min(w, h) >= 3 * MIN_TILED_SIDE ? 3 : 2;
    float tw = w / (n - (n - 1) / 3f);
    float th = h / (n - (n - 1) / 3f);
    List<FaceBox> all = new ArrayList<>();
    for (int row = 0; row < n; row++) {
      for (int col = 0; col < n; col++) {
        float x0 = col * tw * 2f / 3f;
        float y0 = row * th * 2f / 3f;
        List<FaceBox> part = detectIn(bgr, fitted(x0, y0, tw, th));
        if (part.size() <= MAX_FACES_PER_LOOK) {
          all.addAll(part);
        }
      }
    }
    List<Found> found = new ArrayList<>();
    for (FaceBox box : Nms.suppress(all, 0.4f)) {
      confirm(bgr, grey, box, bgr, DetectionPass.TILED, 0).ifPresent(found::add);
    }
    return found;
  }

  /**
   * The detector on one view; boxes in {@code source}'s pixels, squared on their height as the
   * first pass squares them.
   */
  private List<FaceBox> detectIn(Mat source, View view) {
    warp(source, view);
    List<FaceBox> boxes;
    try {
      boxes = detector.detect(canvas, inner, LOOK_THRESHOLD);
    } finally {
      detector.release();
    }
    List<FaceBox> mapped = new ArrayList<>(boxes.size());
    for (FaceBox b : boxes) {
      mapped.add(
          new FaceBox(
              (b.x1() - view.tx) / view.scale,
              (b.y1() - view.ty) / view.scale,
              (b.x2() - view.tx) / view.scale,
              (b.y2() - view.ty) / view.scale,
              b.score()));
    }
    return mapped;
  }

  /**
   * The detector once more on a crop centred on the box, the face half the crop's height: the score
   * of a detection there that overlaps the box, or -1 when there is none at the first pass's
   * threshold.
   */
  private float secondLook(Mat source, FaceBox box, float heights) {
    float side = box.height();
    float cx = (box.x1() + box.x2()) / 2f;
    float cy = (box.y1() + box.y2()) / 2f;
    float h = side * heights;
    View view = fitted(cx - h * 2f / 3f, cy - h / 2f, h * 4f / 3f, h);
    warp(source, view);
    List<FaceBox> boxes;
    try {
      boxes = detector.detect(canvas, inner, confirmThreshold);
    } finally {
      detector.release();
    }
    FaceBox expected =
        new FaceBox(
            box.x1() * view.scale + view.tx,
            box.y1() * view.scale + view.ty,
            box.x2() * view.scale + view.tx,
            box.y2() * view.scale + view.ty,
            0f);
    float best = -1f;
    for (FaceBox b : boxes) {
      if (b.iou(expected) >= CONFIRM_MIN_IOU) {
        best = Math.max(best, b.score());
      }
    }
    return best;
  }

  /**
   * Whether five points lie in a face's shape within the box: two eyes side by side at a sensible
   * distance for the box, the nose below them, the mouth below the nose, wider than nothing and
   * narrower than the face, all of it allowing for the tilt and turn of a real head. The landmark
   * model always answers with some shape, so this catches only its wildest answers on non-faces;
   * the second look is the stronger check.
   */
  static boolean plausible(FaceBox box, Landmarks lm) {
    float side = box.height();
    double dx = lm.rightEye().x() - lm.leftEye().x();
    double dy = lm.rightEye().y() - lm.leftEye().y();
    double eyes = Math.hypot(dx, dy);
    if (!(side > 0) || eyes < 0.2 * side || eyes > 0.7 * side) {
      return false;
    }
    double roll = Math.atan2(dy, dx);
    if (Math.abs(Math.toDegrees(roll)) > 35) {
      return false;
    }
    // Into the face's own frame: eye midpoint at the origin, eyes on the x axis, unit = eyes apart.
    double mx = (lm.leftEye().x() + lm.rightEye().x()) / 2.0;
    double my = (lm.leftEye().y() + lm.rightEye().y()) / 2.0;
    double cos = Math.cos(-roll);
    double sin = Math.sin(-roll);
    double[] nose = face(lm.nose(), mx, my, cos, sin, eyes);
    double[] left = face(lm.mouthLeft(), mx, my, cos, sin, eyes);
    double[] right = face(lm.mouthRight(), mx, my, cos, sin, eyes);
    double mouthY = (left[1] + right[1]) / 2;
    double mouthX = (left[0] + right[0]) / 2;
    double mouthWidth = right[0] - left[0];
    return nose[1] > 0.2
        && nose[1] < 1.4
        && Math.abs(nose[0]) < 0.9
        && mouthY > nose[1]
        && mouthY < 2.2
        && Math.abs(mouthX) < 0.8
        && mouthWidth > 0.3
        && mouthWidth < 1.8;
  }

  private static double[] face(Point p, double mx, double my, double cos, double sin, double unit) {
    double x = p.x() - mx;
    double y = p.y() - my;
    return new double[] {(x * cos - y * sin) / unit, (x * sin + y * cos) / unit};
  }

  /** The photo with a margin around it, centred in the detector's input at its proportions. */
  private View padded(int w, int h) {
    float m = MARGIN * Math.max(w, h);
    return fitted(-m, -m, w + 2 * m, h + 2 * m);
  }

  /** A region of the source scaled to fit the detector's input, centred, the rest padding. */
  private View fitted(float x0, float y0, float rw, float rh) {
    float scale = Math.min(canvasWidth / rw, canvasHeight / rh);
    float tx = (canvasWidth - rw * scale) / 2f - x0 * scale;
    float ty = (canvasHeight - rh * scale) / 2f - y0 * scale;
    return new View(scale, tx, ty);
  }

  private void warp(Mat source, View view) {
    try (DoubleIndexer m = affine.createIndexer()) {
      m.put(0, 0, view.scale);
      m.put(0, 1, 0);
      m.put(0, 2, view.tx);
      m.put(1, 0, 0);
      m.put(1, 1, view.scale);
      m.put(1, 2, view.ty);
    }
    warpAffine(
        source,
        canvas,
        affine,
        new Size(canvasWidth, canvasHeight),
        INTER_LINEAR,
        BORDER_CONSTANT,
        padding);
  }

  /**
   * Local contrast equalisation of the lightness only, so the colours stay: a faded print. The
   * photo is smoothed a little first (a Gaussian of a 250th of its shorter side, at least 0.7
   * pixels), because equalisation raises film grain and scanner noise with the contrast.
   */
  private void equalise(Mat bgr) {
    double sigma = Math.max(0.7, Math.min(bgr.cols(), bgr.rows()) / 250.0);
    GaussianBlur(bgr, enhanced, new Size(0, 0), sigma);
    cvtColor(enhanced, lab, COLOR_BGR2Lab);
    try (MatVector channels = new MatVector()) {
      split(lab, channels);
      try (Mat l = channels.get(0)) {
        clahe.apply(l, l);
        merge(channels, lab);
      }
    }
    cvtColor(lab, enhanced, COLOR_Lab2BGR);
    cvtColor(enhanced, enhancedGrey, COLOR_BGR2GRAY);
  }

  private static FaceBox scaled(FaceBox b, float k) {
    return k == 1f ? b : b.map(p -> new Point(p.x() * k, p.y() * k));
  }

  private static Landmarks scaled(Landmarks lm, float k) {
    return k == 1f ? lm : lm.map(p -> new Point(p.x() * k, p.y() * k));
  }

  private static FaceBox moved(FaceBox b, float dx, float dy) {
    return b.map(p -> new Point(p.x() + dx, p.y() + dy));
  }

  private static Landmarks moved(Landmarks lm, float dx, float dy) {
    return lm.map(p -> new Point(p.x() + dx, p.y() + dy));
  }

  /** A box of the photo in the photo turned {@code quarters} times clockwise. */
  static FaceBox turn(FaceBox b, int quarters, int photoW, int photoH) {
    return b.map(p -> turn(p, quarters, photoW, photoH));
  }

  /** A point of the photo in the photo turned {@code quarters} times clockwise. */
  static Point turn(Point p, int quarters, int photoW, int photoH) {
    return switch (quarters % 4) {
      case 0 -> p;
      case 1 -> new Point(photoH - p.y(), p.x());
      case 2 -> new Point(photoW - p.x(), photoH - p.y());
      default -> new Point(p.y(), photoW - p.x());
    };
  }

  /** A box found in the photo turned {@code quarters} times clockwise, in the photo's pixels. */
  static FaceBox unturn(FaceBox b, int quarters, int photoW, int photoH) {
    return b.map(p -> unturn(p, quarters, photoW, photoH));
  }

  /**
   * Five points found in the photo turned, in the photo's pixels; each keeps its name (the left eye
   * of the upright face stays the left eye), so the alignment turns the face upright.
   */
  static Landmarks unturn(Landmarks lm, int quarters, int photoW, int photoH) {
    return lm.map(p -> unturn(p, quarters, photoW, photoH));
  }

  /**
   * A point of the photo turned {@code quarters} times clockwise, in the photo's own pixels. A
   * quarter clockwise takes (x, y) of a W x H photo to (H - y, x).
   */
  static Point unturn(Point p, int quarters, int photoW, int photoH) {
    return switch (quarters % 4) {
      case 0 -> p;
      case 1 -> new Point(p.y(), photoH - p.x());
      case 2 -> new Point(photoW - p.x(), photoH - p.y());
      default -> new Point(photoW - p.y(), p.x());
    };
  }

  /** Frees the pixels of the last photo. */
  void release() {
    photo = null;
    canvas.release();
    enhanced.release();
    enhancedGrey.release();
    for (Mat m : turnedFrames) {
      m.release();
    }
    turnedGrey.release();
    small.release();
    smallGrey.release();
    around.release();
    keptFrames.forEach(Mat::close);
    keptFrames.clear();
    lab.release();
  }

  void close() {
    release();
    canvas.close();
    enhanced.close();
    enhancedGrey.close();
    for (Mat m : turnedFrames) {
      m.close();
    }
    turnedGrey.close();
    small.close();
    smallGrey.close();
    around.close();
    lab.close();
    affine.close();
    clahe.close();
  }

  /** Source pixels to the detector's input: x' = scale x + tx, y' = scale y + ty. */
  private record View(float scale, float tx, float ty) {}
}
