package io.homeward.gateway.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.homeward.gateway.error.GatewayException;
import org.junit.jupiter.api.Test;

class PasswordsTest {
  private final Passwords passwords = new Passwords();

  @Test
  void hashesAreArgon2idInPhcFormWithOwaspParameters() {
    String hash = passwords.hash("correct horse battery");
    assertThat(hash)
        .matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    assertThat(passwords.hash("correct horse battery")).isNotEqualTo(hash);
    assertThat(passwords.verify("correct horse battery", hash)).isTrue();
    assertThat(passwords.verify("correct horse batterY", hash)).isFalse();
    assertThat(passwords.verify("", hash)).isFalse();
  }

  @Test
  void verifiesAHashMadeByTheReferenceImplementation() {
    // libargon2 (argon2id_hash_encoded, t=2, m=19456, p=1, salt "0123456789abcdef", 32 bytes).
    String reference =
        "$argon2id$v=19$m=19456,t=2,p=1$MDEyMzQ1Njc4OWFiY2RlZg$69I7qCjDTsQwhQqFvpQJiqEI0lGQvxC84fXE0Ktxca4";
    assertThat(passwords.verify("correct horse battery", reference)).isTrue();
    assertThat(passwords.verify("correct horse batter", reference)).isFalse();
  }

  @Test
  void anUnknownUserIsCheckedAgainstADummyHash() {
    long start = System.nanoTime();
    assertThat(passwords.verify("anything at all", null)).isFalse();
    assertThat(System.nanoTime() - start).isGreaterThan(1_000_000L);
  }

  @Test
  void malformedHashesNeverVerify() {
    assertThat(passwords.verify("x", "$argon2i$v=19$m=19456,t=2,p=1$MDEy$69I7")).isFalse();
    assertThat(passwords.verify("x", "plain")).isFalse();
  }

  @Test
  void passwordsAreAtLeastTwelveCharactersAndDoNotContainTheUsername() {
    passwords.checkAcceptable("twelve chars", "alice");
    assertThatThrownBy(() -> passwords.checkAcceptable("eleven char", "alice"))
        .isInstanceOf(GatewayException.class)
        .hasMessageContaining("at least 12");
    assertThatThrownBy(() -> passwords.checkAcceptable("my name is ALICE!", "alice"))
        .isInstanceOf(GatewayException.class)
        .hasMessageContaining("username");
    assertThatThrownBy(() -> passwords.checkAcceptable("x".repeat(257), "alice"))
        .isInstanceOf(GatewayException.class);
  }
}
