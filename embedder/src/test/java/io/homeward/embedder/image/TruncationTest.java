package io.homeward.embedder.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.homeward.embedder.error.EmbedderException;
import io.homeward.embedder.error.Reason;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A cut-off upload is refused, never decoded into a grey-filled picture, whatever the cut point.
 */
@Timeout(120)
class TruncationTest {
  private final ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults());

  @ParameterizedTest
  @ValueSource(strings = {".jpg", ".png", ".webp", ".bmp", ".tiff"})
  void everySeventhCutIsRefused(String ext) {
    byte[] whole = TestImages.encodedPattern(ext);
    Map<Reason, Integer> seen = new EnumMap<>(Reason.class);
    for (int cut = 1; cut < whole.length; cut += 7) {
      Reason reason = refusal(Arrays.copyOf(whole, cut), ext, cut);
      assertThat(reason)
          .as("%s cut at %d", ext, cut)
          .isIn(Reason.IMAGE_TRUNCATED, Reason.IMAGE_UNDECODABLE);
      seen.merge(reason, 1, Integer::sum);
    }
    assertThat(seen).containsKey(Reason.IMAGE_TRUNCATED);
  }

  @Test
  void jpegAndPngCutInsideTheDataAreNamedTruncated() {
    for (String ext : new String[] {".jpg", ".png"}) {
      byte[] whole = TestImages.encodedPattern(ext);
      for (int cut = whole.length / 2; cut < whole.length; cut += 3) {
        assertThat(refusal(Arrays.copyOf(whole, cut), ext, cut))
            .as("%s cut at %d", ext, cut)
            .isEqualTo(Reason.IMAGE_TRUNCATED);
      }
    }
  }

  @Test
  void jpegWithTrailingPaddingStillDecodes() {
    byte[] whole = TestImages.encodedPattern(".jpg");
    byte[] padded = Arrays.copyOf(whole, whole.length + 64);
    try (DecodedImage image = decoder.decode(padded)) {
      assertThat(image.info().width()).isEqualTo(TestImages.WIDTH);
    }
  }

  private Reason refusal(byte[] bytes, String ext, int cut) {
    try (DecodedImage image = decoder.decode(bytes)) {
      return fail("%s cut at %d decoded as %s", ext, cut, image);
    } catch (EmbedderException e) {
      return e.reason();
    }
  }
}
