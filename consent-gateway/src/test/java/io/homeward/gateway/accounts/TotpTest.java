package io.homeward.gateway.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TotpTest {
  private static final byte[] RFC_SECRET =
      "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

  private static Totp at(long epochSecond) {
    return new Totp(Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
  }

  @Test
  void matchesRfc6238Sha1Vectors() {
    // RFC 6238 appendix B (SHA-1), the last six of its eight digits.
    long[][] vectors = {
      {59, 287082},
      {1111111109, 81804},
      {1111111111, 50471},
      {1234567890, 5924},
      {2000000000, 279037},
      {20000000000L, 353130}
    };
    for (long[] v : vectors) {
      String expected = String.format("%06d", v[1]);
      assertThat(Totp.code(RFC_SECRET, v[0] / 30)).as("T=%d", v[0]).isEqualTo(expected);
      assertThat(at(v[0]).match(RFC_SECRET, expected, null)).hasValue(v[0] / 30);
    }
  }

  @Test
  void acceptsOneStepOfDriftEitherWayAndNoMore() {
    long now = 1_700_000_000L;
    Totp totp = at(now);
    long step = now / 30;
    assertThat(totp.match(RFC_SECRET, Totp.code(RFC_SECRET, step - 1), null)).hasValue(step - 1);
    assertThat(totp.match(RFC_SECRET, Totp.code(RFC_SECRET, step + 1), null)).hasValue(step + 1);
    assertThat(totp.match(RFC_SECRET, Totp.code(RFC_SECRET, step - 2), null)).isEmpty();
    assertThat(totp.match(RFC_SECRET, Totp.code(RFC_SECRET, step + 2), null)).isEmpty();
  }

  @Test
  void refusesAStepAlreadyUsedAndWrongShapes() {
    long now = 1_700_000_000L;
    Totp totp = at(now);
    long step = now / 30;
    String code = Totp.code(RFC_SECRET, step);
    assertThat(totp.match(RFC_SECRET, code, step)).isEmpty();
    assertThat(totp.match(RFC_SECRET, code, step + 1)).isEmpty();
    assertThat(totp.match(RFC_SECRET, code, step - 1)).hasValue(step);
    assertThat(totp.match(RFC_SECRET, Totp.code(RFC_SECRET, step - 1), step - 1)).isEmpty();
    assertThat(totp.match(RFC_SECRET, "12345", null)).isEmpty();
    assertThat(totp.match(RFC_SECRET, "abcdef", null)).isEmpty();
    assertThat(totp.match(RFC_SECRET, null, null)).isEmpty();
  }

  @Test
  void secretsAreBase32ForApps() {
    assertThat(Base32.encode("12345678901234567890".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    assertThat(Browser.decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")).isEqualTo(RFC_SECRET);
    assertThat(Totp.uri("Homeward", "alice", "ABC"))
        .isEqualTo(
            "otpauth://totp/Homeward:alice?secret=ABC&issuer=Homeward&algorithm=SHA1&digits=6&period=30");
  }
}
