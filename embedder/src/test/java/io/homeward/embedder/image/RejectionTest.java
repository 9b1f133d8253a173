package io.homeward.embedder.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.homeward.embedder.error.EmbedderException;
import io.homeward.embedder.error.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

class RejectionTest {
  private final ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults());

  @Test
  void emptyAndNull() {
    assertReason(new byte[0], Reason.IMAGE_EMPTY);
    assertReason(null, Reason.IMAGE_EMPTY);
  }

  @Test
  void singleBytes() {
    assertReason(new byte[] {0x00}, Reason.IMAGE_UNSUPPORTED_FORMAT);
    assertReason(new byte[] {'x'}, Reason.IMAGE_UNSUPPORTED_FORMAT);
    // The first byte of a JPEG: an upload cut short, not an unknown format.
    assertReason(new byte[] {(byte) 0xFF}, Reason.IMAGE_TRUNCATED);
  }

  @Test
  void otherFormatsNameTheAcceptedOnes() {
    for (String header :
        new String[] {
          "GIF89a\u0040\u0000\u0030\u0000",
          "GIF87a",
          "%PDF-1.7\n%",
          "\u0000\u0000\u0000\u0018ftypheic",
          "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
          "hello, this is not an image at all"
        }) {
      byte[] bytes = header.getBytes(StandardCharsets.ISO_8859_1);
      assertThatThrownBy(() -> decoder.decode(bytes))
          .isInstanceOfSatisfying(
              EmbedderException.class,
              e -> {
                assertThat(e.reason()).as(header).isEqualTo(Reason.IMAGE_UNSUPPORTED_FORMAT);
                assertThat(e.getMessage()).contains("JPEG", "PNG", "WebP", "BMP", "TIFF");
              });
    }
  }

  @Test
  void randomBytes() {
    byte[] bytes = new byte[4096];
    new Random(42).nextBytes(bytes);
    bytes[0] = 0x13; // no accepted magic starts with this byte
    assertReason(bytes, Reason.IMAGE_UNSUPPORTED_FORMAT);
  }

  @Test
  void tooManyBytesIsCheckedFirst() {
    ImageDecoder small = new ImageDecoder(new ImageLimits(100, 12_000, 12_000, 50_000_000, 32));
    byte[] notEvenAnImage = new byte[101];
    assertThatThrownBy(() -> small.decode(notEvenAnImage))
        .isInstanceOfSatisfying(
            EmbedderException.class, e -> assertThat(e.reason()).isEqualTo(Reason.IMAGE_TOO_LARGE));
  }

  @Test
  void smallerThanMinSide() {
    byte[] tiny;
    try (var m = new Mat(16, 200, opencv_core.CV_8UC3, Scalar.all(128))) {
      tiny = TestImages.encode(".png", m);
    }
    assertReason(tiny, Reason.IMAGE_TOO_SMALL);
  }

  @Test
  void malformedHeadersAreUndecodable() {
    // SOI followed by something that is not a marker.
    assertReason(
        new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0x00, 0x01, 0x02},
        Reason.IMAGE_UNDECODABLE);
    // JPEG with a scan before any frame header.
    assertReason(
        new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xDA, 0x00, 0x02, 0x00},
        Reason.IMAGE_UNDECODABLE);
    // PNG whose first chunk is not IHDR.
    byte[] png = TestImages.encodedPattern(".png");
    png[12] = 'X';
    assertReason(png, Reason.IMAGE_UNDECODABLE);
    // BMP with an unknown DIB header size.
    byte[] bmp = TestImages.encodedPattern(".bmp");
    bmp[14] = 7;
    assertReason(bmp, Reason.IMAGE_UNDECODABLE);
  }

  @Test
  void messagesAreSafeToShow() {
    byte[] corrupt = TestImages.encodedPattern(".png");
    for (int i = 40; i < corrupt.length - 20; i++) {
      corrupt[i] ^= 0x5A;
    }
    assertThatThrownBy(() -> decoder.decode(corrupt))
        .isInstanceOfSatisfying(
            EmbedderException.class,
            e -> {
              assertThat(e.getMessage())
                  .doesNotContainIgnoringCase("exception")
                  .doesNotContainIgnoringCase("opencv")
                  .doesNotContain("cv::", "/", "\\", ".java");
              assertThat(e.getCause()).isNull();
            });
  }

  private void assertReason(byte[] bytes, Reason reason) {
    assertThatThrownBy(() -> decoder.decode(bytes))
        .isInstanceOfSatisfying(
            EmbedderException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
