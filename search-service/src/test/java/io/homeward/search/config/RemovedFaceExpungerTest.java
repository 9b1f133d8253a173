package io.homeward.search.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.homeward.search.domain.CaseStatus;
import io.homeward.search.domain.FaceAttributes;
import io.homeward.search.domain.FaceRecord;
import io.homeward.search.domain.Sex;
import io.homeward.search.domain.Side;
import io.homeward.search.index.FaceIndex;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The service expunges removed faces on its own schedule: a removed face's vector is in the index
 * files until the scheduled pass (here every second) merges it away.
 */
@QuarkusTest
@TestProfile(RemovedFaceExpungerTest.EverySecond.class)
class RemovedFaceExpungerTest {
  /** A one-second expunge period and an index of its own. */
  public static class EverySecond implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "homeward.search.erasure.expunge-every", "1s",
          "homeward.search.embedded.dir", "target/test-expunge-index");
    }
  }

  @Inject FaceIndex index;

  @ConfigProperty(name = "homeward.search.embedded.dir")
  String dir;

  @Test
  void theScheduledPassExpungesARemovedFacesVectorFromTheIndexFiles() throws Exception {
    Random random = new Random();
    long base = System.currentTimeMillis() * 1000;
    List<FaceRecord> faces = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      float[] v = new float[index.space().dimension()];
      double norm = 0;
      for (int d = 0; d < v.length; d++) {
        v[d] = (float) random.nextGaussian();
        norm += v[d] * v[d];
      }
      for (int d = 0; d < v.length; d++) {
        v[d] /= (float) Math.sqrt(norm);
      }
      faces.add(
          new FaceRecord(
              new FaceAttributes(
                  base + i,
                  "c-expunge-" + base + "-" + i,
                  Side.MISSING,
                  Sex.FEMALE,
                  2010,
                  2011,
                  6f,
                  2017,
                  "KE-30",
                  CaseStatus.OPEN),
              v));
    }
    index.upsert(faces); // one commit: one segment holding all three
    byte[] removed = littleEndian(faces.get(1).copyVector());
    byte[] kept = littleEndian(faces.get(2).copyVector());
    assertThat(holds(removed)).isTrue();

    assertThat(index.removeFaces(List.of(base + 1))).isEqualTo(1);

    long deadline = System.nanoTime() + 30_000_000_000L;
    while (holds(removed) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(holds(removed)).as("the removed vector in the index files").isFalse();
    assertThat(holds(kept)).as("a kept vector in the index files").isTrue();
  }

  private static byte[] littleEndian(float[] vector) {
    ByteBuffer buffer = ByteBuffer.allocate(16 * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 16; i++) {
      buffer.putFloat(vector[i]);
    }
    return buffer.array();
  }

  private boolean holds(byte[] needle) throws IOException {
    try (Stream<Path> files = Files.walk(Path.of(dir))) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        byte[] bytes;
        try {
          bytes = Files.readAllBytes(f);
        } catch (IOException mergedAway) {
          continue;
        }
        outer:
        for (int i = 0; i <= bytes.length - needle.length; i++) {
          for (int j = 0; j < needle.length; j++) {
            if (bytes[i + j] != needle[j]) {
              continue outer;
            }
          }
          return true;
        }
      }
    } catch (UncheckedIOException changedUnderTheWalk) {
      return true; // look again
    }
    return false;
  }
}
