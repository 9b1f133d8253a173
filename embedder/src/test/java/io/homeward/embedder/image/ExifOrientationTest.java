package io.homeward.embedder.image;

import static io.homeward.embedder.image.TestImages.BLUE;
import static io.homeward.embedder.image.TestImages.GREEN;
import static io.homeward.embedder.image.TestImages.HEIGHT;
import static io.homeward.embedder.image.TestImages.RED;
import static io.homeward.embedder.image.TestImages.WHITE;
import static io.homeward.embedder.image.TestImages.WIDTH;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExifOrientationTest {
  private static final int JPEG_TOLERANCE = 40;
  private final ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults());

  /**
   * Orientation, then the colours expected at top-left, top-right, bottom-left, bottom-right once
   * upright.
   */
  static Stream<Arguments> orientations() {
    return Stream.of(
        Arguments.of(1, new int[][] {RED, GREEN, BLUE, WHITE}),
        Arguments.of(2, new int[][] {GREEN, RED, WHITE, BLUE}),
        Arguments.of(3, new int[][] {WHITE, BLUE, GREEN, RED}),
        Arguments.of(4, new int[][] {BLUE, WHITE, RED, GREEN}),
        Arguments.of(5, new int[][] {RED, BLUE, GREEN, WHITE}),
        Arguments.of(6, new int[][] {BLUE, RED, WHITE, GREEN}),
        Arguments.of(7, new int[][] {WHITE, GREEN, BLUE, RED}),
        Arguments.of(8, new int[][] {GREEN, WHITE, RED, BLUE}));
  }

  @ParameterizedTest
  @MethodSource("orientations")
  void jpegExifOrientationIsApplied(int orientation, int[][] expected) {
    for (boolean littleEndian : new boolean[] {false, true}) {
      byte[] jpeg =
          TestImages.insertAfterSoi(
              TestImages.encodedPattern(".jpg"), TestImages.exifApp1(orientation, littleEndian));
      try (DecodedImage image = decoder.decode(jpeg)) {
        boolean swapped = orientation >= 5;
        assertThat(image.info().exifOrientation()).isEqualTo(orientation);
        assertThat(image.info().width()).isEqualTo(swapped ? HEIGHT : WIDTH);
        assertThat(image.info().height()).isEqualTo(swapped ? WIDTH : HEIGHT);
        assertThat(image.bgr().cols()).isEqualTo(image.info().width());
        assertThat(image.bgr().rows()).isEqualTo(image.info().height());
        ImageDecoderRoundTripTest.assertQuadrants(image.bgr(), JPEG_TOLERANCE, expected);
      }
    }
  }

  @Test
  void pngExifChunkIsApplied() {
    byte[] png =
        TestImages.insertAfterIhdr(
            TestImages.encodedPattern(".png"),
            TestImages.pngChunk("eXIf", TestImages.tiffWithOrientation(6, false)));
    try (DecodedImage image = decoder.decode(png)) {
      assertThat(image.info().exifOrientation()).isEqualTo(6);
      assertThat(image.info().width()).isEqualTo(HEIGHT);
      ImageDecoderRoundTripTest.assertQuadrants(image.bgr(), 0, BLUE, RED, WHITE, GREEN);
    }
  }

  @Test
  void webpExifChunkIsApplied() {
    byte[] lossless =
        TestImages.encodedPatternWith(".webp", opencv_imgcodecs.IMWRITE_WEBP_QUALITY, 101);
    byte[] extended = toExtendedWebp(lossless, TestImages.tiffWithOrientation(3, true));
    try (DecodedImage image = decoder.decode(extended)) {
      assertThat(image.info().format()).isEqualTo("webp");
      assertThat(image.info().exifOrientation()).isEqualTo(3);
      ImageDecoderRoundTripTest.assertQuadrants(image.bgr(), 0, WHITE, BLUE, GREEN, RED);
    }
  }

  /** Garbage in the EXIF block must leave the image upright and decodable. */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8})
  void hostileExifIsIgnored(int variant) {
    byte[] tiff = TestImages.tiffWithOrientation(6, false);
    switch (variant) {
      case 0 -> tiff[0] = 'X'; // unknown byte order
      case 1 -> tiff[3] = 43; // not 42
      case 2 -> ByteBuffer.wrap(tiff).putInt(4, 0x7FFF_FFF0); // IFD far outside
      // 65535 entries, data for one, and that one not the orientation: the walk runs off the end.
      case 3 -> ByteBuffer.wrap(tiff).putShort(8, (short) 0xFFFF).putShort(10, (short) 0x0111);
      case 4 -> ByteBuffer.wrap(tiff).putShort(18, (short) 9); // orientation out of range
      case 5 -> ByteBuffer.wrap(tiff).putShort(18, (short) 0);
      case 6 -> ByteBuffer.wrap(tiff).putShort(12, (short) 7); // UNDEFINED type
      case 7 -> ByteBuffer.wrap(tiff).putInt(4, -8); // negative when read as signed
      default -> tiff = new byte[] {'M', 'M'}; // too short
    }
    byte[] app1 =
        ByteBuffer.allocate(10 + tiff.length)
            .put((byte) 0xFF)
            .put((byte) 0xE1)
            .putShort((short) (8 + tiff.length))
            .put("Exif\0\0".getBytes(StandardCharsets.US_ASCII))
            .put(tiff)
            .array();
    byte[] jpeg = TestImages.insertAfterSoi(TestImages.encodedPattern(".jpg"), app1);
    try (DecodedImage image = decoder.decode(jpeg)) {
      assertThat(image.info().exifOrientation()).isEqualTo(1);
      assertThat(image.info().width()).isEqualTo(WIDTH);
    }
  }

  @Test
  void readerNeverThrowsOnWindowsOutsideTheArray() {
    byte[] bytes = TestImages.tiffWithOrientation(6, true);
    assertThat(ExifOrientation.read(bytes, 0, bytes.length)).isEqualTo(6);
    assertThat(ExifOrientation.read(bytes, 0, bytes.length + 100)).isEqualTo(1);
    assertThat(ExifOrientation.read(bytes, -5, 10)).isEqualTo(1);
    assertThat(ExifOrientation.read(bytes, 20, 0)).isEqualTo(1);
    assertThat(ExifOrientation.read(bytes, 30, 4)).isEqualTo(1);
  }

  /**
   * Wraps a simple (VP8L) WebP in an extended VP8X container with an EXIF chunk after the image
   * data.
   */
  private static byte[] toExtendedWebp(byte[] simple, byte[] exif) {
    ByteBuffer in = ByteBuffer.wrap(simple).order(ByteOrder.LITTLE_ENDIAN);
    int imageChunkLength = in.getInt(16) + 8;
    int imageChunkPadded = imageChunkLength + (imageChunkLength & 1);
    int exifPadded = exif.length + (exif.length & 1);
    int riffSize = 4 + 18 + imageChunkPadded + 8 + exifPadded;
    ByteBuffer out = ByteBuffer.allocate(8 + riffSize).order(ByteOrder.LITTLE_ENDIAN);
    out.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(riffSize);
    out.put("WEBPVP8X".getBytes(StandardCharsets.US_ASCII)).putInt(10);
    out.put((byte) 0x08).put(new byte[3]); // EXIF flag
    putU24(out, WIDTH - 1);
    putU24(out, HEIGHT - 1);
    out.put(simple, 12, imageChunkLength);
    if ((imageChunkLength & 1) != 0) {
      out.put((byte) 0);
    }
    out.put("EXIF".getBytes(StandardCharsets.US_ASCII)).putInt(exif.length);
    out.put(exif);
    return out.array();
  }

  private static void putU24(ByteBuffer b, int v) {
    b.put((byte) v).put((byte) (v >> 8)).put((byte) (v >> 16));
  }
}
