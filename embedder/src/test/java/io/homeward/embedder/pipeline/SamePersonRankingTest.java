package io.homeward.embedder.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.homeward.embedder.domain.EmbedResult;
import io.homeward.embedder.domain.FacePolicy;
import io.homeward.embedder.domain.FaceVector;
import io.homeward.embedder.support.TestEngine;
import io.homeward.support.testing.SharedData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Same-age verification on photos of public figures: every same-person pair outranks every
 * different pair.
 */
class SamePersonRankingTest {
  private static final Map<String, String> PERSON = new LinkedHashMap<>();

  static {
    PERSON.put("people/obama_obama.jpg", "obama");
    PERSON.put("people/obama_obama2.jpg", "obama");
    PERSON.put("people/t_obama3.jpg", "obama");
    PERSON.put("people/test_obama1.jpg", "obama");
    PERSON.put("people/biden_biden.jpg", "biden");
    PERSON.put("people/biden_biden2.jpg", "biden");
    PERSON.put("people/kit_harington_john1.jpeg", "harington");
    PERSON.put("people/kit_harington_john2.jpeg", "harington");
    PERSON.put("people/test_johnsnow_test1.jpg", "harington");
    PERSON.put("people/rose_leslie_img1.jpg", "leslie");
    PERSON.put("people/rose_leslie_img2.jpg", "leslie");
    PERSON.put("people/alex_lacamoire_img1.jpg", "lacamoire");
    PERSON.put("people/test_alex_lacamoire1.jpg", "lacamoire");
    PERSON.put("people/lin-manuel-miranda.png", "miranda");
  }

  @Test
  void samePersonPairsRankAboveDifferentPersonPairs() throws Exception {
    List<String> who = new ArrayList<>();
    List<FaceVector> vectors = new ArrayList<>();
    for (Map.Entry<String, String> e : PERSON.entrySet()) {
      EmbedResult r =
          TestEngine.shared()
              .embed(
                  SharedData.fixtureBytes(e.getKey()), new EmbedOptions(FacePolicy.LARGEST, false))
              .get();
      assertThat(r.faces()).as(e.getKey()).hasSize(1);
      FaceVector v = r.faces().get(0).vector();
      assertThat(v.dimension()).isEqualTo(640);
      assertThat(v.cosine(v)).isCloseTo(1f, Offset.offset(1e-4f));
      who.add(e.getValue());
      vectors.add(v);
    }
    float worstSame = Float.MAX_VALUE;
    float bestDifferent = -Float.MAX_VALUE;
    for (int i = 0; i < vectors.size(); i++) {
      for (int j = i + 1; j < vectors.size(); j++) {
        float s = vectors.get(i).cosine(vectors.get(j));
        if (who.get(i).equals(who.get(j))) {
          worstSame = Math.min(worstSame, s);
        } else {
          bestDifferent = Math.max(bestDifferent, s);
        }
      }
    }
    assertThat(worstSame).as("lowest same-person score").isGreaterThan(bestDifferent);
  }

  @Test
  void findsBothFacesInAPhotoOfTwoPeople() throws Exception {
    EmbedResult r =
        TestEngine.shared()
            .embed(SharedData.fixtureBytes("people/two_people.jpg"), EmbedOptions.all())
            .get();
    assertThat(r.faces()).hasSize(2);
    // Different people: their vectors are far apart.
    assertThat(r.faces().get(0).vector().cosine(r.faces().get(1).vector())).isLessThan(0.3f);
  }

  @Test
  void theFaceOfOnePhotoIsFoundAgainInAnotherPhoto() throws Exception {
    FaceVector alone =
        TestEngine.shared()
            .embed(SharedData.fixtureBytes("people/biden_biden.jpg"), EmbedOptions.all())
            .get()
            .faces()
            .get(0)
            .vector();
    EmbedResult pair =
        TestEngine.shared()
            .embed(SharedData.fixtureBytes("people/two_people.jpg"), EmbedOptions.all())
            .get();
    float best = -1;
    float other = 1;
    for (var f : pair.faces()) {
      float s = alone.cosine(f.vector());
      best = Math.max(best, s);
      other = Math.min(other, s);
    }
    assertThat(best).isGreaterThan(0.5f);
    assertThat(other).isLessThan(0.3f);
  }
}
