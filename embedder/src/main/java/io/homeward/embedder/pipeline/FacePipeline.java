package io.homeward.embedder.pipeline;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import io.homeward.embedder.domain.AgeEstimate;
import io.homeward.embedder.domain.DetectedFace;
import io.homeward.embedder.domain.FaceBox;
import io.homeward.embedder.domain.FacePolicy;
import io.homeward.embedder.domain.FaceQuality;
import io.homeward.embedder.domain.FaceVector;
import io.homeward.embedder.domain.Landmarks;
import io.homeward.embedder.domain.QualityIssue;
import io.homeward.embedder.error.EmbedderException;
import io.homeward.embedder.error.Reason;
import io.homeward.embedder.image.DecodedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * One worker's chain: detect, locate landmarks, align, assess quality, estimate age (when an age
 * model is configured), embed. Owns its predictors and scratch buffers; not thread-safe.
 */
final class FacePipeline implements AutoCloseable {
  private final FaceDetector detector;
  private final LandmarkLocator landmarks;
  private final FaceAligner aligner;
  private final QualityAssessor quality;
  private final FaceEmbedder embedder;
  private final Optional<AgeEstimator> age;
  private final Mat grey = new Mat();
  private final int maxFaces;

  FacePipeline(ModelSet models, EngineSettings settings) {
    this.maxFaces = settings.maxFaces();
    this.aligner = new FaceAligner(models.embedding.manifest());
    this.quality = new QualityAssessor(settings.quality());
    FaceDetector d = null;
    LandmarkLocator l = null;
    try {
      d = new FaceDetector(models.detector.newRunner(), models.detector.manifest());
      l = new LandmarkLocator(models.landmarks.newRunner(), models.landmarks.manifest());
      this.embedder =
          new FaceEmbedder(
              models.embedding.newRunner(),
              models.embedding.manifest(),
              settings.flipAveraging(),
              models.projection);
    } catch (RuntimeException e) {
      if (d != null) {
        d.close();
      }
      if (l != null) {
        l.close();
      }
      aligner.close();
      quality.close();
      grey.close();
      throw e;
    }
    this.detector = d;
    this.landmarks = l;
    Optional<AgeEstimator> a = Optional.empty();
    try {
      a = models.age.map(m -> new AgeEstimator(m.newRunner(), m.manifest()));
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    this.age = a;
  }

  /** A face found, with its aligned crop (owned by the caller, who closes it). */
  record Candidate(DetectedFace face, Mat aligned) implements AutoCloseable {
    @Override
    public void close() {
      aligned.close();
    }
  }

  /**
   * Finds the faces the policy asks for, largest first, each aligned and assessed.
   *
   * @throws EmbedderException MULTIPLE_FACES when the policy is SINGLE and several usable faces are
   *     present
   */
  List<Candidate> find(DecodedImage image, FacePolicy policy, StageTimings timings) {
    Mat bgr = image.bgr();
    List<FaceBox> boxes;
    try {
      boxes = new ArrayList<>(detector.detect(bgr, timings));
    } finally {
      // The worker keeps no pixels of a photo once it has moved on.
      detector.release();
    }
    boxes.sort(Comparator.comparingDouble(FaceBox::area).reversed());
    if (policy == FacePolicy.LARGEST && boxes.size() > 1) {
      boxes = List.of(boxes.get(0));
    }
    // A crowd or a tiled image must not cost hundreds of embeddings; the largest faces are kept.
    if (boxes.size() > maxFaces) {
      boxes = new ArrayList<>(boxes.subList(0, maxFaces));
    }
    List<Candidate> found = new ArrayList<>(boxes.size());
    if (boxes.isEmpty()) {
      return found;
    }
    cvtColor(bgr, grey, COLOR_BGR2GRAY);
    try {
      for (FaceBox box : boxes) {
        Landmarks lm = landmarks.locate(grey, box, timings);
        long t0 = System.nanoTime();
        Mat aligned = aligner.align(bgr, lm);
        long t1 = System.nanoTime();
        FaceQuality q;
        try {
          q = quality.assess(aligned, box, lm, image.info().width(), image.info().height());
        } catch (RuntimeException e) {
          aligned.close();
          throw e;
        }
        timings.add(Stage.ALIGN, t1 - t0);
        timings.add(Stage.QUALITY, System.nanoTime() - t1);
        Optional<AgeEstimate> estimate;
        try {
          estimate = age.map(a -> a.estimate(bgr, box, timings));
        } catch (RuntimeException e) {
          aligned.close();
          throw e;
        }
        found.add(new Candidate(new DetectedFace(box, lm, q, estimate), aligned));
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
    }
  }

  /** Vectors for aligned faces, in order (batched as far as the model allows). */
  List<FaceVector> embed(List<Mat> aligned, StageTimings timings) {
    return embedder.embed(aligned, timings);
  }

  @Override
  public void close() {
    detector.close();
    landmarks.close();
    aligner.close();
    quality.close();
    embedder.close();
    if (age != null) {
      age.ifPresent(AgeEstimator::close);
    }
    grey.close();
  }
}
