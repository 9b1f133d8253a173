package io.homeward.tools.cli;

import io.homeward.embedder.projection.Projection;
import io.homeward.tools.eval.CacdPairs;
import io.homeward.tools.eval.LabeledVector;
import io.homeward.tools.fit.PairScores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The genuine and impostor pair scores of the populations a calibration is fitted and measured on.
 */
final class PairPopulations {
  private PairPopulations() {}

  /** Every enrolled young x adult pair; genuine when the subject is the same. */
  static PairScores childToAdult(
      String name, List<LabeledVector> young, List<LabeledVector> adult) {
    List<LabeledVector> a = enrolled(adult);
    float[] genuine = new float[16];
    float[] impostor = new float[Math.max(16, young.size() * a.size())];
    int g = 0;
    int im = 0;
    for (LabeledVector y : enrolled(young)) {
      for (LabeledVector x : a) {
        float s = CandidateRanks.dot(y.vector(), x.vector());
        if (y.subject().equals(x.subject())) {
          if (g == genuine.length) {
            genuine = Arrays.copyOf(genuine, g * 2);
          }
          genuine[g++] = s;
        } else {
          impostor[im++] = s;
        }
      }
    }
    return new PairScores(name, Arrays.copyOf(genuine, g), Arrays.copyOf(impostor, im));
  }

  /**
   * CACD-VS adult->adult: its same pairs are genuine; impostors are its different pairs and every
   * first photo of one pair against the second photo of every other pair, except where the set
   * itself links the two photos to one person (a chain of its same pairs and byte-identical files:
   * CACD-VS uses some photos in several pairs). It names no identities, so a celebrity met in two
   * unlinked pairs still counts as an impostor: the measured rate errs high.
   */
  static PairScores cacdPairs(
      List<CacdPairs.Pair> pairs, Map<Path, float[]> raw, Path root, Projection projection)
      throws IOException {
    PersonLinks links = new PersonLinks();
    List<float[]> first = new ArrayList<>();
    List<float[]> second = new ArrayList<>();
    for (CacdPairs.Pair p : pairs) {
      Path a = p.resolve0(root);
      Path b = p.resolve1(root);
      links.sameFile(a);
      links.sameFile(b);
      if (p.same()) {
        links.link(a.toString(), b.toString());
      }
      first.add(raw.get(a) == null ? null : projection.apply(raw.get(a)));
      second.add(raw.get(b) == null ? null : projection.apply(raw.get(b)));
    }
    float[] genuine = new float[pairs.size()];
    float[] impostor = new float[pairs.size() * pairs.size()];
    int g = 0;
    int im = 0;
    for (int i = 0; i < pairs.size(); i++) {
      String person = links.person(pairs.get(i).resolve0(root).toString());
      for (int j = 0; j < pairs.size(); j++) {
        float[] a = first.get(i);
        float[] b = second.get(j);
        if (a == null || b == null) {
          continue;
        }
        float s = CandidateRanks.dot(a, b);
        if (i == j && pairs.get(i).same()) {
          genuine[g++] = s;
        } else if (!person.equals(links.person(pairs.get(j).resolve1(root).toString()))) {
          impostor[im++] = s;
        }
      }
    }
    return new PairScores(
        "CACD-VS adult->adult", Arrays.copyOf(genuine, g), Arrays.copyOf(impostor, im));
  }

  /** Photos known to show one person: union-find over links. */
  private static final class PersonLinks {
    private final Map<String, String> parent = new HashMap<>();

    void link(String a, String b) {
      parent.put(person(a), person(b));
    }

    /** Links a file to every byte-identical file seen. */
    void sameFile(Path file) throws IOException {
      try {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        link(file.toString(), "sha256:" + HexFormat.of().formatHex(digest));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is always available", e);
      }
    }

    String person(String x) {
      String p = parent.getOrDefault(x, x);
      if (p.equals(x)) {
        return x;
      }
      String root = person(p);
      parent.put(x, root);
      return root;
    }
  }

  static List<LabeledVector> enrolled(List<LabeledVector> vectors) {
    return vectors.stream().filter(LabeledVector::enrolled).toList();
  }
}
