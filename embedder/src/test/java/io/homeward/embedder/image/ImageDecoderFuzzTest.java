package io.homeward.embedder.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_16UC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.homeward.embedder.error.EmbedderException;
import io.homeward.embedder.error.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.javacpp.indexer.UShortIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of the whole decoding path (issue 17): format sniffing, the header
 * probes, the EXIF reader and OpenCV's codecs behind them. For any bytes the decoder either returns
 * an 8-bit BGR image within its limits or refuses with an image reason and a message that names no
 * internals; nothing else escapes, nothing hangs, nothing allocates past the limits.
 *
 * <p>Under {@code ./mvnw verify} the seed corpus ({@code ImageDecoderFuzzTestInputs}, small
 * synthetic images and their truncations made by {@link #seeds()}, no photo) is replayed as
 * regression inputs, and the {@code fuzz} executions fuzz for a short while; {@code
 * scripts/fuzz.sh} runs a longer campaign and reports executions and coverage. Any finding Jazzer
 * saves into the inputs folder is replayed from then on.
 */
class ImageDecoderFuzzTest {
  static final String TARGET = "anyBytesAreDecodedWithinTheLimitsOrRefusedWithAReason";

  // Limits small enough that the fuzzer reaches them, large enough for every seed.
  private static final ImageLimits LIMITS = new ImageLimits(1 << 20, 2048, 2048, 1_000_000L, 8);
  private static final ImageDecoder DECODER = new ImageDecoder(LIMITS);
  private static final Set<Reason> IMAGE_REASONS =
      EnumSet.of(
          Reason.IMAGE_EMPTY,
          Reason.IMAGE_TRUNCATED,
          Reason.IMAGE_UNDECODABLE,
          Reason.IMAGE_UNSUPPORTED_FORMAT,
          Reason.IMAGE_TOO_LARGE,
          Reason.IMAGE_DIMENSIONS_TOO_LARGE,
          Reason.IMAGE_TOO_SMALL);

  // The slowest a decode may take, after the first calls have warmed the JIT: a hang is a finding.
  private static final long SLOWEST_NANOS = 1_000_000_000L;
  private static final int WARM_UP_CALLS = 200;
  private static int calls;

  @FuzzTest(maxDuration = "60s")
  void anyBytesAreDecodedWithinTheLimitsOrRefusedWithAReason(byte[] data) {
    DecodedImage image;
    long start = System.nanoTime();
    try {
      image = DECODER.decode(data);
      checkTime(start);
    } catch (EmbedderException e) {
      checkTime(start);
      assertThat(e.reason()).isIn(IMAGE_REASONS);
      String message = e.getMessage().toLowerCase(Locale.ROOT);
      assertThat(message).doesNotContain("cv::", "opencv", "exception", ".java", "native");
      return;
    }
    try (image) {
      Mat bgr = image.bgr();
      assertThat(bgr.type()).isEqualTo(CV_8UC3);
      assertThat(bgr.cols()).isBetween(LIMITS.minSide(), LIMITS.maxWidth());
      assertThat(bgr.rows()).isBetween(LIMITS.minSide(), LIMITS.maxHeight());
      assertThat((long) bgr.cols() * bgr.rows()).isLessThanOrEqualTo(LIMITS.maxPixels());
      assertThat(image.info().width()).isEqualTo(bgr.cols());
      assertThat(image.info().height()).isEqualTo(bgr.rows());
    }
  }

  private static void checkTime(long start) {
    long took = System.nanoTime() - start;
    if (++calls > WARM_UP_CALLS) {
      assertThat(took).as("nanoseconds to decode or refuse").isLessThan(SLOWEST_NANOS);
    }
  }

  /**
   * The seed corpus is exactly what {@link #seeds()} makes (run with {@code
   * -Dhomeward.fuzz.write-seeds=true} to write it again after changing the generator), so every
   * committed input is a synthetic image, never a photo.
   */
  @Test
  void theSeedCorpusIsTheGeneratedOne() throws IOException {
    Path dir =
        Path.of("src/test/resources/io/homeward/embedder/image/ImageDecoderFuzzTestInputs", TARGET);
    Map<String, byte[]> seeds = seeds();
    if (Boolean.getBoolean("homeward.fuzz.write-seeds")) {
      Files.createDirectories(dir);
      for (Map.Entry<String, byte[]> e : seeds.entrySet()) {
        Files.write(dir.resolve(e.getKey()), e.getValue());
      }
    }
    for (Map.Entry<String, byte[]> e : seeds.entrySet()) {
      byte[] committed = Files.readAllBytes(dir.resolve(e.getKey()));
      if (e.getKey().contains("jpg") || e.getKey().contains("webp")) {
        // Lossy encoders may round differently on another CPU: the same format and size suffice.
        assertThat(committed).as(e.getKey()).hasSizeBetween(16, 4 * e.getValue().length);
        assertThat(Arrays.copyOf(committed, 4))
            .as(e.getKey())
            .isEqualTo(Arrays.copyOf(e.getValue(), 4));
      } else {
        assertThat(committed).as(e.getKey()).isEqualTo(e.getValue());
      }
    }
  }

  /** Small synthetic images of every accepted format, their odd variants and truncations. */
  static Map<String, byte[]> seeds() {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (Mat colour = gradient(24, 20, CV_8UC3);
        Mat grey = gradient(16, 12, CV_8UC1);
        Mat alpha = gradient(12, 12, CV_8UC4);
        Mat deep = gradient16(10, 10)) {
      for (String ext : new String[] {".jpg", ".png", ".webp", ".bmp", ".tiff"}) {
        byte[] bytes = encode(ext, colour);
        String name = "colour" + ext.replace('.', '-');
        out.put(name, bytes);
        out.put(name + "-truncated", Arrays.copyOf(bytes, bytes.length / 2));
      }
      out.put("grey-png", encode(".png", grey));
      out.put("grey-jpg", encode(".jpg", grey));
      out.put("alpha-png", encode(".png", alpha));
      out.put("alpha-webp", encode(".webp", alpha));
      out.put("deep-png", encode(".png", deep));
      out.put("deep-tiff", encode(".tiff", deep));
      out.put("exif-rotated-jpg", withExifOrientation(encode(".jpg", colour), 6));
    }
    return out;
  }

  private static Mat gradient(int w, int h, int type) {
    Mat m = new Mat(h, w, type);
    int channels = m.channels();
    try (UByteIndexer idx = m.createIndexer()) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          for (int c = 0; c < channels; c++) {
            idx.put(y, x, c, (x * 9 + y * 5 + c * 60) & 0xff);
          }
        }
      }
    }
    return m;
  }

  private static Mat gradient16(int w, int h) {
    Mat m = new Mat(h, w, CV_16UC3);
    try (UShortIndexer idx = m.createIndexer()) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          for (int c = 0; c < 3; c++) {
            idx.put(y, x, c, (x * 4000 + y * 2000 + c * 9000) & 0xffff);
          }
        }
      }
    }
    return m;
  }

  private static byte[] encode(String ext, Mat m) {
    try (BytePointer buf = new BytePointer()) {
      if (!imencode(ext, m, buf)) {
        throw new IllegalStateException("OpenCV cannot encode " + ext);
      }
      byte[] bytes = new byte[(int) buf.limit()];
      buf.get(bytes);
      return bytes;
    }
  }

  /** A JPEG with an APP1 EXIF segment (big-endian TIFF, one IFD entry: orientation) after SOI. */
  private static byte[] withExifOrientation(byte[] jpeg, int orientation) {
    byte[] tiff = {
      'M',
      'M',
      0,
      42,
      0,
      0,
      0,
      8, // header, IFD at 8
      0,
      1, // one entry
      0x01,
      0x12,
      0,
      3,
      0,
      0,
      0,
      1,
      0,
      (byte) orientation,
      0,
      0, // orientation, SHORT, 1
      0,
      0,
      0,
      0 // no next IFD
    };
    byte[] exif = new byte[6 + tiff.length];
    System.arraycopy(new byte[] {'E', 'x', 'i', 'f', 0, 0}, 0, exif, 0, 6);
    System.arraycopy(tiff, 0, exif, 6, tiff.length);
    int length = exif.length + 2;
    byte[] out = new byte[jpeg.length + 4 + exif.length];
    out[0] = jpeg[0];
    out[1] = jpeg[1];
    out[2] = (byte) 0xff;
    out[3] = (byte) 0xe1;
    out[4] = (byte) (length >> 8);
    out[5] = (byte) length;
    System.arraycopy(exif, 0, out, 6, exif.length);
    System.arraycopy(jpeg, 2, out, 6 + exif.length, jpeg.length - 2);
    return out;
  }
}
