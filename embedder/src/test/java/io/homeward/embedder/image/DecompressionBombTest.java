package io.homeward.embedder.image;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.homeward.embedder.error.EmbedderException;
import io.homeward.embedder.error.Reason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Headers that claim huge images must be refused from the header alone. The timeouts only catch a
 * decoder that starts allocating; they are not a speed measurement.
 */
@Timeout(10)
class DecompressionBombTest {
  private final ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults());

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void pngClaiming100000Squared(boolean validCrc) {
    ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(100_000).putInt(100_000);
    ihdr.put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
    byte[] chunk = TestImages.pngChunk("IHDR", ihdr.array());
    if (!validCrc) {
      chunk[chunk.length - 1] ^= 0x55;
    }
    byte[] png =
        ByteBuffer.allocate(8 + chunk.length)
            .put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A})
            .put(chunk)
            .array();
    assertRefusedAsTooLarge(png);
  }

  @Test
  void pngHeaderOfARealImageRewrittenToHugeDimensions() {
    byte[] png = TestImages.encodedPattern(".png");
    ByteBuffer.wrap(png).putInt(16, 60_000).putInt(20, 60_000);
    assertRefusedAsTooLarge(png);
  }

  @Test
  void jpegFrameOf65000Squared() {
    byte[] jpeg = {
      (byte) 0xFF,
      (byte) 0xD8,
      (byte) 0xFF,
      (byte) 0xC0,
      0x00,
      0x11,
      0x08,
      (byte) 0xFD,
      (byte) 0xE8,
      (byte) 0xFD,
      (byte) 0xE8,
      0x03,
      0x01,
      0x22,
      0x00,
      0x02,
      0x11,
      0x01,
      0x03,
      0x11,
      0x01
    };
    assertRefusedAsTooLarge(jpeg);
  }

  @Test
  void realJpegWithFrameRewrittenToHugeDimensions() {
    byte[] jpeg = TestImages.encodedPattern(".jpg");
    for (int i = 2; i + 8 < jpeg.length; i++) {
      if (jpeg[i] == (byte) 0xFF && jpeg[i + 1] == (byte) 0xC0) {
        ByteBuffer.wrap(jpeg).putShort(i + 5, (short) 0xFDE8).putShort(i + 7, (short) 0xFDE8);
        break;
      }
    }
    assertRefusedAsTooLarge(jpeg);
  }

  @ParameterizedTest
  @ValueSource(ints = {100_000, -100_000})
  void bmpWithHugeDimensionsEitherRowOrder(int height) {
    ByteBuffer b = ByteBuffer.allocate(54).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 'B').put((byte) 'M').putInt(54).putInt(0).putInt(54);
    b.putInt(40).putInt(100_000).putInt(height).putShort((short) 1).putShort((short) 24);
    b.putInt(0).putInt(0).putInt(0).putInt(0).putInt(0).putInt(0);
    assertRefusedAsTooLarge(b.array());
  }

  @Test
  void webpExtendedWithMaximumCanvas() {
    ByteBuffer b = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
    b.put(ascii("RIFF")).putInt(22).put(ascii("WEBPVP8X")).putInt(10);
    b.put((byte) 0).put(new byte[3]);
    b.put(
        new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
    assertRefusedAsTooLarge(b.array());
  }

  @Test
  void webpLosslessWithMaximumDimensions() {
    ByteBuffer b = ByteBuffer.allocate(25).order(ByteOrder.LITTLE_ENDIAN);
    b.put(ascii("RIFF")).putInt(17).put(ascii("WEBPVP8L")).putInt(5);
    b.put((byte) 0x2F).putInt(0x0FFF_FFFF); // 14 bits of width-1, 14 of height-1: 16384 x 16384
    assertRefusedAsTooLarge(b.array());
  }

  @Test
  void webpLossyWithMaximumDimensions() {
    ByteBuffer b = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
    b.put(ascii("RIFF")).putInt(22).put(ascii("WEBPVP8 ")).putInt(10);
    b.put(new byte[] {0x10, 0x02, 0x00, (byte) 0x9D, 0x01, 0x2A});
    b.putShort((short) 0x3FFF).putShort((short) 0x3FFF);
    assertRefusedAsTooLarge(b.array());
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void tiffWithHugeDimensionsEitherByteOrder(boolean littleEndian) {
    ByteBuffer b =
        ByteBuffer.allocate(38)
            .order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    b.put(ascii(littleEndian ? "II" : "MM")).putShort((short) 42).putInt(8);
    b.putShort((short) 2);
    b.putShort((short) 256).putShort((short) 4).putInt(1).putInt(100_000);
    b.putShort((short) 257).putShort((short) 4).putInt(1).putInt(100_000);
    b.putInt(0);
    assertRefusedAsTooLarge(b.array());
  }

  @Test
  void tooManyPixelsWithinEachSideLimit() {
    // 10000 x 10000 fits 12000 a side but is 100 megapixels.
    byte[] png = TestImages.encodedPattern(".png");
    ByteBuffer.wrap(png).putInt(16, 10_000).putInt(20, 10_000);
    assertRefusedAsTooLarge(png);
  }

  @Test
  void smallLimitsRefuseAnOrdinaryImage() {
    ImageDecoder strict = new ImageDecoder(new ImageLimits(1_000_000, 40, 40, 1_600, 8));
    assertThatThrownBy(() -> strict.decode(TestImages.encodedPattern(".jpg")))
        .isInstanceOfSatisfying(
            EmbedderException.class,
            e -> Assertions.assertThat(e.reason()).isEqualTo(Reason.IMAGE_DIMENSIONS_TOO_LARGE));
  }

  private void assertRefusedAsTooLarge(byte[] bytes) {
    assertThatThrownBy(() -> decoder.decode(bytes))
        .isInstanceOfSatisfying(
            EmbedderException.class,
            e -> Assertions.assertThat(e.reason()).isEqualTo(Reason.IMAGE_DIMENSIONS_TOO_LARGE));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
