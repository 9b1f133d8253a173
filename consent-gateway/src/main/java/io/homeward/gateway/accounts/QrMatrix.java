package io.homeward.gateway.accounts;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The modules of a QR code as rows of {@code '1'} (dark) and {@code '0'} (light), without the quiet
 * zone: the page draws them on a canvas, so no image of a secret is ever stored, cached or fetched
 * from anywhere but the enrolment response.
 */
final class QrMatrix {
  private QrMatrix() {}

  /** The QR code of {@code text} (byte mode, error correction M, smallest version that fits). */
  static List<String> of(String text) {
    BitMatrix m;
    try {
      m =
          new QRCodeWriter()
              .encode(
                  text,
                  BarcodeFormat.QR_CODE,
                  0,
                  0,
                  Map.of(
                      EncodeHintType.ERROR_CORRECTION,
                      ErrorCorrectionLevel.M,
                      EncodeHintType.MARGIN,
                      0,
                      EncodeHintType.CHARACTER_SET,
                      "UTF-8"));
    } catch (WriterException e) {
      // An otpauth URI is a few dozen ASCII characters; a QR code holds thousands.
      throw new IllegalStateException("the enrolment URI does not fit a QR code", e);
    }
    List<String> rows = new ArrayList<>(m.getHeight());
    for (int y = 0; y < m.getHeight(); y++) {
      StringBuilder row = new StringBuilder(m.getWidth());
      for (int x = 0; x < m.getWidth(); x++) {
        row.append(m.get(x, y) ? '1' : '0');
      }
      rows.add(row.toString());
    }
    return rows;
  }
}
