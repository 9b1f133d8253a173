package io.homeward.tools.detect;

import io.homeward.embedder.domain.DetectedFace;
import io.homeward.embedder.domain.DetectionPass;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The detection figures of one set of images under one degradation: photos with no face after the
 * first pass and after the second, which look of the second pass found the rest, and the time a
 * photo cost with and without the second pass. The second pass runs only where the first pass found
 * no face, so a photo whose faces all came from it is one the first pass missed. Not thread-safe.
 */
public final class DetectionTally {
  private final String set;
  private final String degradation;
  private final String label;
  private int photos;
  private int noFaceFirstPass;
  private int noFaceAfter;
  private int facesFirstPass;
  private int facesSecondPass;
  private int turnedFirstPass;
  private final int[] uprightTurns = new int[4];
  private final Map<DetectionPass, Integer> secondPassFinds = new EnumMap<>(DetectionPass.class);
  private long nanosFirstPassOnly;
  private int firstPassOnly;
  private long nanosSecondPass;
  private int secondPassRuns;
  private final List<Float> firstPassScores = new ArrayList<>();

  public DetectionTally(String set, String degradation, String label) {
    this.set = set;
    this.degradation = degradation;
    this.label = label;
  }

  /** One image's faces (as the engine returned them) and the time it took. */
  public void add(List<DetectedFace> faces, long nanos) {
    photos++;
    if (!faces.isEmpty()) {
      uprightTurns[faces.get(0).uprightTurns() & 3]++;
    }
    long first = faces.stream().filter(f -> f.pass() == DetectionPass.STANDARD).count();
    facesFirstPass += (int) first;
    if (first > 0) {
      if (faces.get(0).uprightTurns() != 0) {
        turnedFirstPass++;
      }
      firstPassScores.add(faces.get(0).box().score());
      firstPassOnly++;
      nanosFirstPassOnly += nanos;
      return;
    }
    noFaceFirstPass++;
    secondPassRuns++;
    nanosSecondPass += nanos;
    if (faces.isEmpty()) {
      noFaceAfter++;
      return;
    }
    facesSecondPass += faces.size();
    // The largest face's look names the photo's.
    secondPassFinds.merge(faces.get(0).pass(), 1, Integer::sum);
  }

  public String set() {
    return set;
  }

  public String degradation() {
    return degradation;
  }

  public String label() {
    return label;
  }

  public int photos() {
    return photos;
  }

  public int noFaceFirstPass() {
    return noFaceFirstPass;
  }

  public int noFaceAfter() {
    return noFaceAfter;
  }

  public int facesFirstPass() {
    return facesFirstPass;
  }

  public int facesSecondPass() {
    return facesSecondPass;
  }

  /** Photos whose largest face the first pass found on its side or upside down, and turned. */
  public int turnedFirstPass() {
    return turnedFirstPass;
  }

  /**
   * Photos by the quarter turns clockwise that made their largest face upright (index 0-3): on a
   * photo turned a quarter clockwise, the right answer is 3.
   */
  public int[] uprightTurns() {
    return uprightTurns.clone();
  }

  public int secondPassRuns() {
    return secondPassRuns;
  }

  /** Photos the second pass found a face in, by the look that found it. */
  public Map<DetectionPass, Integer> secondPassFinds() {
    return Map.copyOf(secondPassFinds);
  }

  /** Mean milliseconds of a photo in which the first pass found a face. */
  public double meanMsFirstPassOnly() {
    return firstPassOnly == 0 ? Double.NaN : nanosFirstPassOnly / 1e6 / firstPassOnly;
  }

  /** Mean milliseconds of a photo on which the second pass ran. */
  public double meanMsSecondPass() {
    return secondPassRuns == 0 ? Double.NaN : nanosSecondPass / 1e6 / secondPassRuns;
  }

  public double noFaceRateFirstPass() {
    return photos == 0 ? Double.NaN : noFaceFirstPass / (double) photos;
  }

  public double noFaceRateAfter() {
    return photos == 0 ? Double.NaN : noFaceAfter / (double) photos;
  }

  /** The detector score of the largest face the first pass found, at quantile {@code q}. */
  public double firstPassScoreQuantile(double q) {
    if (firstPassScores.isEmpty()) {
      return Double.NaN;
    }
    List<Float> sorted = new ArrayList<>(firstPassScores);
    Collections.sort(sorted);
    return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size())));
  }

  /** The figures for the JSON report. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("set", set);
    m.put("degradation", degradation);
    m.put("label", label);
    m.put("photos", photos);
    m.put("noFaceFirstPass", noFaceFirstPass);
    m.put("noFaceAfterSecondPass", noFaceAfter);
    m.put("noFaceRateFirstPass", noFaceRateFirstPass());
    m.put("noFaceRateAfterSecondPass", noFaceRateAfter());
    m.put("facesFirstPass", facesFirstPass);
    m.put("facesSecondPass", facesSecondPass);
    m.put("firstPassFacesTurnedUpright", turnedFirstPass);
    m.put("photosByUprightQuarterTurns", uprightTurns.clone());
    Map<String, Integer> finds = new LinkedHashMap<>();
    secondPassFinds.forEach((k, v) -> finds.put(k.name(), v));
    m.put("secondPassFindsByLook", finds);
    m.put("firstPassScoreP10", finite(firstPassScoreQuantile(0.1)));
    m.put("firstPassScoreP50", finite(firstPassScoreQuantile(0.5)));
    m.put("meanMsFirstPassOnly", finite(meanMsFirstPassOnly()));
    m.put("meanMsWithSecondPass", finite(meanMsSecondPass()));
    return m;
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
