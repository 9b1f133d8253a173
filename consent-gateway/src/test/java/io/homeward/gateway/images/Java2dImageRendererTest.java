package io.homeward.gateway.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class Java2dImageRendererTest {
  private static final String WATERMARK = "viewer 7f3a (POLICE_INVESTIGATOR) 2025-03-01T10:15:00Z";
  private final Java2dImageRenderer renderer = new Java2dImageRenderer(512, 40_000_000, 0.85f);

  @Test
  void clearRenderIsABoundedJpegWithAStrip() throws IOException {
    byte[] jpeg = renderer.render(encode(detailed(1200, 900), "png"), false, WATERMARK);

    assertThat(jpeg[0] & 0xff).isEqualTo(0xff);
    assertThat(jpeg[1] & 0xff).isEqualTo(0xd8);
    BufferedImage out = ImageIO.read(new ByteArrayInputStream(jpeg));
    assertThat(out.getWidth()).isEqualTo(512);
    assertThat(out.getHeight()).isGreaterThan(384).isLessThan(384 + 60);
    assertThat(jpeg.length).isLessThan(400_000);
    // The strip under the image is solid black apart from its text.
    assertThat(meanLuma(out, 0, 384 + 2, 512, out.getHeight() - 384 - 4)).isLessThan(60);
  }

  @Test
  void smallImagesAreNotEnlarged() throws IOException {
    BufferedImage out =
        decode(renderer.render(encode(detailed(200, 100), "bmp"), false, WATERMARK));

    assertThat(out.getWidth()).isEqualTo(200);
  }

  @Test
  void decodesJpegPngAndBmp() throws IOException {
    BufferedImage image = smooth(300, 200);
    for (String format : new String[] {"jpeg", "png", "bmp"}) {
      assertThat(decode(renderer.render(encode(image, format), true, WATERMARK)).getWidth())
          .as(format)
          .isEqualTo(300);
    }
  }

  @Test
  void transparentPngIsRenderedOnWhite() throws IOException {
    BufferedImage transparent = new BufferedImage(100, 100, BufferedImage.TYPE_INT_ARGB);
    BufferedImage prepared = renderer.prepare(encode(transparent, "png"), false);

    assertThat(prepared.getRGB(50, 50) & 0xffffff).isEqualTo(0xffffff);
  }

  @Test
  void blurRemovesTheDetail() throws IOException {
    byte[] image = encode(detailed(1024, 768), "png");

    double clear = laplacianVariance(renderer.prepare(image, false));
    double blurred = laplacianVariance(renderer.prepare(image, true));
    assertThat(blurred).isLessThan(clear / 100);

    // Also on the final, watermarked JPEGs (the watermark adds edges to both).
    double clearOut = laplacianVariance(decode(renderer.render(image, false, WATERMARK)));
    double blurredOut = laplacianVariance(decode(renderer.render(image, true, WATERMARK)));
    assertThat(blurredOut).isLessThan(clearOut / 5);
  }

  @Test
  void blurKeepsNoMoreThanCoarseCells() throws IOException {
    // Two images that agree on every cell mean but differ in all detail blur to the same picture.
    BufferedImage checker = new BufferedImage(480, 480, BufferedImage.TYPE_INT_RGB);
    BufferedImage flat = new BufferedImage(480, 480, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 480; y++) {
      for (int x = 0; x < 480; x++) {
        checker.setRGB(x, y, ((x + y) % 2 == 0) ? 0xc8c8c8 : 0x383838);
        flat.setRGB(x, y, 0x808080);
      }
    }
    BufferedImage a = Java2dImageRenderer.blur(checker);
    BufferedImage b = Java2dImageRenderer.blur(flat);

    assertThat(meanAbsoluteDifference(a, b, 0, 0, 480, 480)).isLessThan(1.0);
  }

  @Test
  void blurOnAFixturePhoto() throws IOException {
    Path photo = sharedFixture("public-domain/grace_hopper_512x512.jpg");
    byte[] image = Files.readAllBytes(photo);

    double clear = laplacianVariance(renderer.prepare(image, false));
    double blurred = laplacianVariance(renderer.prepare(image, true));
    assertThat(blurred).isLessThan(clear / 50);
  }

  @Test
  void watermarkCoversTheWholeImage() throws IOException {
    byte[] image = encode(smooth(640, 480), "png");
    BufferedImage plain = decode(encode(renderer.prepare(image, false), "jpeg"));
    BufferedImage marked = decode(renderer.render(image, false, WATERMARK));

    // Every cell of a 4x4 grid over the picture differs measurably from the unmarked copy.
    int cellWidth = plain.getWidth() / 4;
    int cellHeight = plain.getHeight() / 4;
    for (int row = 0; row < 4; row++) {
      for (int col = 0; col < 4; col++) {
        assertThat(
                meanAbsoluteDifference(
                    plain, marked, col * cellWidth, row * cellHeight, cellWidth, cellHeight))
            .as("cell %d,%d", row, col)
            .isGreaterThan(3.0);
      }
    }
  }

  @Test
  void watermarkDependsOnItsText() throws IOException {
    byte[] image = encode(smooth(400, 300), "png");
    BufferedImage first = decode(renderer.render(image, false, "viewer a 2025-03-01T10:15:00Z"));
    BufferedImage second = decode(renderer.render(image, false, "viewer b 2025-03-01T10:16:00Z"));

    assertThat(meanAbsoluteDifference(first, second, 0, 0, 400, 300)).isGreaterThan(0.5);
  }

  @Test
  void aWatermarkIsRequired() throws IOException {
    byte[] image = encode(smooth(100, 100), "png");

    assertThatThrownBy(() -> renderer.render(image, false, " "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> renderer.render(image, false, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void badInputsAreUnrenderableQuickly() throws IOException {
    byte[] jpeg = encode(detailed(800, 600), "jpeg");
    byte[] png = encode(detailed(800, 600), "png");
    byte[] random = new byte[4096];
    new Random(7).nextBytes(random);
    byte[][] inputs = {
      null,
      new byte[0],
      random,
      "GIF89a not really".getBytes(StandardCharsets.US_ASCII),
      encode(smooth(20, 20), "gif"),
      Arrays.copyOf(jpeg, jpeg.length / 2),
      Arrays.copyOf(png, png.length / 2),
      Arrays.copyOf(png, 40),
      corruptMiddle(jpeg),
      pngBomb(100_000, 100_000),
      jpegBomb(jpeg, 60_000, 60_000),
      webp()
    };
    for (byte[] input : inputs) {
      assertTimeoutPreemptively(
          Duration.ofSeconds(5),
          () ->
              assertThatThrownBy(() -> renderer.render(input, true, WATERMARK))
                  .isInstanceOf(UnrenderableImageException.class));
    }
  }

  @Test
  void bombsAreRefusedBeforeDecoding() {
    assertThatThrownBy(() -> renderer.render(pngBomb(100_000, 100_000), false, WATERMARK))
        .isInstanceOf(UnrenderableImageException.class)
        .hasMessageContaining("100000x100000");
  }

  @Test
  void webpIsNamedWhenItCannotBeDecoded() {
    Assumptions.assumeFalse(
        ImageIO.getImageReadersByFormatName("webp").hasNext(), "a WebP decoder is installed");
    assertThatThrownBy(() -> renderer.render(webp(), false, WATERMARK))
        .isInstanceOf(UnrenderableImageException.class)
        .hasMessageContaining("WebP");
  }

  @Test
  void largeImagesDecodeWithinTheLimit() throws IOException {
    // 6000 x 4000 = 24 Mpx: accepted, decoded subsampled.
    BufferedImage big = smooth(6000, 4000);
    BufferedImage out = decode(renderer.render(encode(big, "jpeg"), false, WATERMARK));

    assertThat(out.getWidth()).isEqualTo(512);
  }

  // --- synthetic images and measures --------------------------------------------------------

  /** Noise, a checkerboard and thin lines: plenty of fine detail. */
  private static BufferedImage detailed(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(42);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int base = ((x / 8 + y / 8) % 2 == 0) ? 200 : 60;
        int v = Math.max(0, Math.min(255, base + random.nextInt(61) - 30));
        image.setRGB(x, y, (v << 16) | (((v + x) & 0xff) << 8) | ((v + y) & 0xff));
      }
    }
    Graphics2D g = image.createGraphics();
    g.setColor(Color.BLACK);
    for (int i = 0; i < width; i += 13) {
      g.drawLine(i, 0, width - i, height);
    }
    g.dispose();
    return image;
  }

  /** A smooth gradient: JPEG barely changes it, so any difference is the watermark. */
  private static BufferedImage smooth(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int r = 60 + 120 * x / width;
        int g = 80 + 100 * y / height;
        image.setRGB(x, y, (r << 16) | (g << 8) | 128);
      }
    }
    return image;
  }

  private static byte[] encode(BufferedImage image, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(ImageIO.write(image, format, out)).isTrue();
    return out.toByteArray();
  }

  private static BufferedImage decode(byte[] jpeg) throws IOException {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
    assertThat(image).isNotNull();
    return image;
  }

  private static double laplacianVariance(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    double[] luma = new double[width * height];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        luma[y * width + x] = luma(image.getRGB(x, y));
      }
    }
    double sum = 0;
    double sumSquares = 0;
    int n = 0;
    for (int y = 1; y < height - 1; y++) {
      for (int x = 1; x < width - 1; x++) {
        int i = y * width + x;
        double l = luma[i - 1] + luma[i + 1] + luma[i - width] + luma[i + width] - 4 * luma[i];
        sum += l;
        sumSquares += l * l;
        n++;
      }
    }
    double mean = sum / n;
    return sumSquares / n - mean * mean;
  }

  private static double meanAbsoluteDifference(
      BufferedImage a, BufferedImage b, int x0, int y0, int width, int height) {
    double total = 0;
    for (int y = y0; y < y0 + height; y++) {
      for (int x = x0; x < x0 + width; x++) {
        total += Math.abs(luma(a.getRGB(x, y)) - luma(b.getRGB(x, y)));
      }
    }
    return total / ((double) width * height);
  }

  private static double meanLuma(BufferedImage image, int x0, int y0, int width, int height) {
    double total = 0;
    for (int y = y0; y < y0 + height; y++) {
      for (int x = x0; x < x0 + width; x++) {
        total += luma(image.getRGB(x, y));
      }
    }
    return total / ((double) width * height);
  }

  private static double luma(int rgb) {
    return 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
  }

  private static byte[] corruptMiddle(byte[] jpeg) {
    byte[] copy = jpeg.clone();
    Random random = new Random(3);
    for (int i = copy.length / 3; i < copy.length / 3 + 2000; i++) {
      copy[i] = (byte) random.nextInt(256);
    }
    return copy;
  }

  /** A PNG whose header claims huge dimensions (a decompression bomb needs no real data). */
  private static byte[] pngBomb(int width, int height) {
    ByteBuffer ihdr = ByteBuffer.allocate(13);
    ihdr.putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0);
    ihdr.put((byte) 0);
    ByteBuffer png = ByteBuffer.allocate(8 + 25 + 12 + 12);
    png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    chunk(png, "IHDR", ihdr.array());
    chunk(png, "IDAT", new byte[0]);
    chunk(png, "IEND", new byte[0]);
    return png.array();
  }

  private static void chunk(ByteBuffer png, String type, byte[] data) {
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    png.putInt(data.length).put(typeBytes).put(data);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    png.putInt((int) crc.getValue());
  }

  /** A real JPEG whose frame header is patched to claim huge dimensions. */
  private static byte[] jpegBomb(byte[] jpeg, int width, int height) {
    byte[] copy = jpeg.clone();
    for (int i = 2; i + 8 < copy.length; i++) {
      if ((copy[i] & 0xff) == 0xff
          && ((copy[i + 1] & 0xff) == 0xc0 || (copy[i + 1] & 0xff) == 0xc2)) {
        copy[i + 5] = (byte) (height >> 8);
        copy[i + 6] = (byte) height;
        copy[i + 7] = (byte) (width >> 8);
        copy[i + 8] = (byte) width;
        return copy;
      }
    }
    throw new AssertionError("no SOF marker");
  }

  private static byte[] webp() {
    byte[] webp = new byte[64];
    System.arraycopy("RIFF".getBytes(StandardCharsets.US_ASCII), 0, webp, 0, 4);
    webp[4] = 56;
    System.arraycopy("WEBPVP8 ".getBytes(StandardCharsets.US_ASCII), 0, webp, 8, 8);
    return webp;
  }

  private static Path sharedFixture(String name) {
    String shared = System.getProperty("homeward.shared.dir");
    Assumptions.assumeTrue(
        shared != null, "homeward.shared.dir is not set: skipping a fixture test");
    Path path = Path.of(shared, "fixtures", name);
    Assumptions.assumeTrue(Files.isRegularFile(path), path + " is absent: skipping a fixture test");
    return path;
  }
}
