package io.homeward.embedder.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import io.homeward.embedder.error.EmbedderException;
import java.util.Random;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Mutated images, with a fixed seed so a failure can be replayed: every outcome is a decoded 8-bit
 * BGR image or an EmbedderException. Anything else escaping (an index error, a native exception)
 * fails the test; a hang hits the timeout.
 */
class DecoderFuzzTest {
  private static final int MUTANTS = 300;
  private final ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults());

  @ParameterizedTest
  @ValueSource(strings = {".jpg", ".png", ".webp", ".bmp", ".tiff"})
  @Timeout(180)
  void mutantsDecodeOrAreRefused(String ext) {
    byte[] original = TestImages.encodedPattern(ext);
    Random random = new Random(0x5EED + ext.hashCode());
    int decoded = 0;
    int refused = 0;
    for (int i = 0; i < MUTANTS; i++) {
      byte[] mutant = mutate(original, random);
      try (DecodedImage image = decoder.decode(mutant)) {
        assertThat(image.bgr().type()).isEqualTo(CV_8UC3);
        assertThat(image.bgr().cols()).isEqualTo(image.info().width());
        assertThat(image.bgr().rows()).isEqualTo(image.info().height());
        decoded++;
      } catch (EmbedderException e) {
        assertThat(e.getMessage()).isNotBlank();
        refused++;
      }
    }
    assertThat(decoded + refused).isEqualTo(MUTANTS);
  }

  private static byte[] mutate(byte[] original, Random random) {
    byte[] mutant = original.clone();
    int edits = 1 + random.nextInt(8);
    for (int e = 0; e < edits; e++) {
      // Bias towards the header, where the parsers live.
      int limit = random.nextBoolean() ? Math.min(64, mutant.length) : mutant.length;
      int at = random.nextInt(limit);
      switch (random.nextInt(4)) {
        case 0 -> mutant[at] = (byte) random.nextInt(256);
        case 1 -> mutant[at] ^= (byte) (1 << random.nextInt(8));
        case 2 -> mutant[at] = (byte) (random.nextBoolean() ? 0xFF : 0x00);
        default -> mutant[at] = (byte) (mutant[at] + 1);
      }
    }
    return mutant;
  }
}
