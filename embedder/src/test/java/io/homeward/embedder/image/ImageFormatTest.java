package io.homeward.embedder.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImageFormatTest {
  @Test
  void sniffsByMagicBytes() {
    assertThat(ImageFormat.sniff(bytes(0xFF, 0xD8, 0xFF, 0xE0))).contains(ImageFormat.JPEG);
    assertThat(ImageFormat.sniff(bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)))
        .contains(ImageFormat.PNG);
    assertThat(ImageFormat.sniff(ascii("RIFF\u0001\u0002\u0003\u0004WEBPVP8 ")))
        .contains(ImageFormat.WEBP);
    assertThat(ImageFormat.sniff(ascii("BM...."))).contains(ImageFormat.BMP);
    assertThat(ImageFormat.sniff(bytes('I', 'I', 0x2A, 0x00))).contains(ImageFormat.TIFF);
    assertThat(ImageFormat.sniff(bytes('M', 'M', 0x00, 0x2A))).contains(ImageFormat.TIFF);
  }

  @Test
  void refusesLookalikes() {
    assertThat(ImageFormat.sniff(ascii("RIFF\u0001\u0002\u0003\u0004WAVEfmt "))).isEmpty();
    assertThat(ImageFormat.sniff(bytes('I', 'I', 0x2B, 0x00))).isEmpty(); // BigTIFF
    assertThat(ImageFormat.sniff(ascii("GIF89a"))).isEmpty();
    assertThat(ImageFormat.sniff(bytes(0xFF, 0xD8))).isEmpty();
  }

  @Test
  void cutOffMagicIsRecognised() {
    assertThat(ImageFormat.isCutOffMagic(bytes(0xFF, 0xD8))).isTrue();
    assertThat(ImageFormat.isCutOffMagic(bytes(0x89, 'P', 'N'))).isTrue();
    assertThat(ImageFormat.isCutOffMagic(ascii("RIFF\u0000"))).isTrue();
    assertThat(ImageFormat.isCutOffMagic(ascii("GIF"))).isFalse();
  }

  @Test
  void idsAreLowercase() {
    assertThat(ImageFormat.JPEG.id()).isEqualTo("jpeg");
    assertThat(ImageFormat.TIFF.id()).isEqualTo("tiff");
    assertThat(ImageFormat.WEBP.id()).isEqualTo("webp");
  }

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
