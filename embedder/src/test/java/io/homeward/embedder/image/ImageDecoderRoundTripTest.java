package io.homeward.embedder.image;

import static io.homeward.embedder.image.TestImages.BLUE;
import static io.homeward.embedder.image.TestImages.GREEN;
import static io.homeward.embedder.image.TestImages.HEIGHT;
import static io.homeward.embedder.image.TestImages.RED;
import static io.homeward.embedder.image.TestImages.WHITE;
import static io.homeward.embedder.image.TestImages.WIDTH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_16UC3;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageDecoderRoundTripTest {
  private final ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults());

  @ParameterizedTest
  @CsvSource({
    ".jpg, jpeg, 40",
    ".png, png, 0",
    ".webp, webp, 40",
    ".bmp, bmp, 0",
    ".tiff, tiff, 0"
  })
  void decodesEachFormatWithSizeFormatAndColours(String ext, String format, int tolerance) {
    byte[] encoded = TestImages.encodedPattern(ext);
    assertThat(ImageFormat.sniff(encoded)).map(ImageFormat::id).contains(format);

    try (DecodedImage image = decoder.decode(encoded)) {
      assertThat(image.info().width()).isEqualTo(WIDTH);
      assertThat(image.info().height()).isEqualTo(HEIGHT);
      assertThat(image.info().format()).isEqualTo(format);
      assertThat(image.info().exifOrientation()).isEqualTo(1);
      assertThat(image.bgr().type()).isEqualTo(CV_8UC3);
      assertQuadrants(image.bgr(), tolerance, RED, GREEN, BLUE, WHITE);
    }
  }

  @ParameterizedTest
  @CsvSource({".png", ".jpg", ".tiff", ".bmp"})
  void greyBecomesThreeEqualChannels(String ext) {
    byte[] encoded;
    try (Mat grey = new Mat(HEIGHT, WIDTH, CV_8UC1, Scalar.all(90))) {
      encoded = TestImages.encode(ext, grey);
    }
    try (DecodedImage image = decoder.decode(encoded)) {
      assertThat(image.bgr().type()).isEqualTo(CV_8UC3);
      int[] px = TestImages.bgrAt(image.bgr(), 10, 10);
      assertThat(px[0]).isEqualTo(px[1]).isEqualTo(px[2]).isBetween(88, 92);
    }
  }

  @ParameterizedTest
  @CsvSource({".png", ".tiff"})
  void sixteenBitIsScaledToEightBit(String ext) {
    byte[] encoded;
    try (Mat deep =
        new Mat(HEIGHT, WIDTH, CV_16UC3, new Scalar(10 * 257, 128 * 257, 250 * 257, 0))) {
      encoded = TestImages.encode(ext, deep);
    }
    try (DecodedImage image = decoder.decode(encoded)) {
      assertThat(image.bgr().type()).isEqualTo(CV_8UC3);
      assertThat(TestImages.bgrAt(image.bgr(), 5, 5)).containsExactly(10, 128, 250);
    }
  }

  @Test
  void floatTiffIsScaledFromUnitRange() {
    byte[] encoded;
    try (Mat floats = new Mat(HEIGHT, WIDTH, CV_32FC3, new Scalar(0.0, 0.5, 1.0, 0))) {
      encoded = TestImages.encode(".tiff", floats);
    }
    try (DecodedImage image = decoder.decode(encoded)) {
      assertThat(image.bgr().type()).isEqualTo(CV_8UC3);
      int[] px = TestImages.bgrAt(image.bgr(), 5, 5);
      assertThat(px[0]).isZero();
      assertThat(px[1]).isBetween(127, 128);
      assertThat(px[2]).isEqualTo(255);
    }
  }

  @ParameterizedTest
  @CsvSource({".png", ".webp", ".tiff"})
  void alphaIsCompositedOverWhite(String ext) {
    byte[] encoded;
    try (Mat bgra = new Mat(HEIGHT, WIDTH, CV_8UC4, new Scalar(0, 0, 255, 255))) {
      // Right half: black and fully transparent. Dropping alpha would show black.
      try (Mat right = new Mat(bgra, new Rect(WIDTH / 2, 0, WIDTH / 2, HEIGHT))) {
        right.put(new Scalar(0, 0, 0, 0));
      }
      // Bottom-left quarter: blue at half opacity.
      try (Mat half = new Mat(bgra, new Rect(0, HEIGHT / 2, WIDTH / 2, HEIGHT / 2))) {
        half.put(new Scalar(255, 0, 0, 128));
      }
      encoded = TestImages.encode(ext, bgra, lossless(ext));
    }
    try (DecodedImage image = decoder.decode(encoded)) {
      Mat bgr = image.bgr();
      assertThat(bgr.type()).isEqualTo(CV_8UC3);
      assertThat(TestImages.bgrAt(bgr, 8, 8)).containsExactly(0, 0, 255);
      assertThat(TestImages.bgrAt(bgr, 48, 8)).containsExactly(255, 255, 255);
      int[] halfBlue = TestImages.bgrAt(bgr, 8, 40);
      assertThat(halfBlue[0]).isBetween(254, 255);
      assertThat(halfBlue[1]).isBetween(126, 128);
      assertThat(halfBlue[2]).isBetween(126, 128);
    }
  }

  @Test
  @Timeout(60)
  void decodesConcurrently() throws Exception {
    byte[] jpeg = TestImages.encodedPattern(".jpg");
    byte[] png = TestImages.encodedPattern(".png");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        byte[] bytes = i % 2 == 0 ? jpeg : png;
        results.add(
            pool.submit(
                () -> {
                  try (DecodedImage image = decoder.decode(bytes)) {
                    return image.info().width();
                  }
                }));
      }
      for (Future<Integer> result : results) {
        assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(WIDTH);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static int[] lossless(String ext) {
    // WebP above quality 100 is lossless in OpenCV; the others are lossless already.
    return ext.equals(".webp")
        ? new int[] {opencv_imgcodecs.IMWRITE_WEBP_QUALITY, 101}
        : new int[0];
  }

  static void assertQuadrants(Mat bgr, int tolerance, int[]... expected) {
    int[][] actual = TestImages.quadrantColours(bgr);
    String[] names = {"top-left", "top-right", "bottom-left", "bottom-right"};
    for (int i = 0; i < 4; i++) {
      assertThat(TestImages.near(actual[i], expected[i], tolerance))
          .as(
              "%s is %s, expected %s",
              names[i], TestImages.describe(actual[i]), TestImages.describe(expected[i]))
          .isTrue();
    }
  }
}
