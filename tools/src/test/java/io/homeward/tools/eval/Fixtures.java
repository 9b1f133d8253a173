package io.homeward.tools.eval;

import java.util.List;

/**
 * A small hand-checked search case. Gallery photo j is the basis vector e_j, so a probe's score
 * against photo j is simply the probe's j-th component: each probe vector below is its row of the
 * score matrix.
 */
final class Fixtures {
  private Fixtures() {}

  static float[] basis(int j) {
    float[] v = new float[4];
    v[j] = 1f;
    return v;
  }

  /** Subjects A, B, A, C: A has two photos. */
  static List<LabeledVector> gallery() {
    return List.of(
        new LabeledVector("g0", "A", basis(0)),
        new LabeledVector("g1", "B", basis(1)),
        new LabeledVector("g2", "A", basis(2)),
        new LabeledVector("g3", "C", basis(3)));
  }

  /**
   * p1 (A): best photo scores 0.9, first: image rank 1, identity rank 1. p2 (B): 0.6 under 0.8,
   * 0.7, 0.9: image rank 4; identities A 0.8, C 0.9: rank 3. p3 (C): 0.5 ties with A's g2:
   * pessimistic image rank 2, identity rank 2. p4 (D): not in the gallery. p5 (A): no face found.
   */
  static List<LabeledVector> probes() {
    return List.of(
        new LabeledVector("p1", "A", new float[] {0.9f, 0.5f, 0.1f, 0.3f}),
        new LabeledVector("p2", "B", new float[] {0.8f, 0.6f, 0.7f, 0.9f}),
        new LabeledVector("p3", "C", new float[] {0.4f, 0.2f, 0.5f, 0.5f}),
        new LabeledVector("p4", "D", new float[] {0.1f, 0.2f, 0.3f, 0.4f}),
        new LabeledVector("p5", "A", null));
  }

  static EvaluationResult result() {
    return Evaluator.evaluate(
        probes(), gallery(), p -> p.id().equals("p1") || p.id().equals("p2") ? "near" : "far");
  }
}
