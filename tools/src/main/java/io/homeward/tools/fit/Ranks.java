package io.homeward.tools.fit;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Image-level rank-k for cross-validation: the fraction of probes found within k. */
final class Ranks {
  static final int[] AT = {1, 5, 10, 20};

  private Ranks() {}

  /**
   * Rank-1/5/10/20 of probes whose subject has a gallery photo; an impostor scoring at least the
   * best genuine photo ranks ahead of it.
   */
  static double[] childToAdult(
      List<float[]> probes,
      List<String> probeSubjects,
      List<float[]> gallery,
      List<String> gallerySubjects) {
    int[] hits = new int[AT.length];
    int ranked = 0;
    Set<String> present = new HashSet<>(gallerySubjects);
    float[] row = new float[gallery.size()];
    for (int p = 0; p < probes.size(); p++) {
      String subject = probeSubjects.get(p);
      if (!present.contains(subject)) {
        continue;
      }
      ranked++;
      float[] x = probes.get(p);
      float best = Float.NEGATIVE_INFINITY;
      for (int g = 0; g < gallery.size(); g++) {
        float[] y = gallery.get(g);
        float s = 0;
        for (int i = 0; i < x.length; i++) {
          s += x[i] * y[i];
        }
        row[g] = s;
        if (gallerySubjects.get(g).equals(subject) && s > best) {
          best = s;
        }
      }
      int rank = 1;
      for (int g = 0; g < gallery.size(); g++) {
        if (row[g] >= best && !gallerySubjects.get(g).equals(subject)) {
          rank++;
        }
      }
      for (int i = 0; i < AT.length; i++) {
        if (rank <= AT[i]) {
          hits[i]++;
        }
      }
    }
    double[] out = new double[AT.length];
    for (int i = 0; i < AT.length; i++) {
      out[i] = ranked == 0 ? Double.NaN : (double) hits[i] / ranked;
    }
    return out;
  }
}
