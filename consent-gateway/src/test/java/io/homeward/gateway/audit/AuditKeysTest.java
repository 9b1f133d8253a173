package io.homeward.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditKeysTest {
  @TempDir Path dir;

  AuditKeys load(boolean generate, boolean databaseHoldsKeyedData) {
    return AuditKeys.loadOrGenerate(
        dir.resolve("keys/master.json"),
        dir.resolve("keys/signing.pem"),
        dir.resolve("keys/signing.pub.pem"),
        List.of(),
        generate,
        databaseHoldsKeyedData);
  }

  @Test
  void generatesOwnerOnlyKeysOnceAndReadsThemBack() throws Exception {
    AuditKeys first = load(true, false);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("keys"))))
        .isEqualTo("rwx------");
    for (String f : List.of("master.json", "signing.pem", "signing.pub.pem")) {
      assertThat(
              PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(dir.resolve("keys").resolve(f))))
          .isEqualTo("rw-------");
    }
    AuditKeys again = load(false, true);
    assertThat(again.signer().keyId()).isEqualTo(first.signer().keyId());
    byte[] sealed = first.master().encrypt(new byte[] {1, 2, 3}, new byte[0]);
    assertThat(again.master().decrypt(sealed, new byte[0])).containsExactly(1, 2, 3);
    assertThat(first.toString()).doesNotContain("PRIVATE");
  }

  @Test
  void missingKeysFailClearlyWhenGenerationIsOff() {
    assertThatThrownBy(() -> load(false, false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("master.json")
        .hasMessageContaining("generate-keys is false");
  }

  @Test
  void neverGeneratesOverAuditDataSealedWithLostKeys() {
    assertThatThrownBy(() -> load(true, true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("restore the key files");
    assertThat(dir.resolve("keys/master.json")).doesNotExist();
  }

  @Test
  void aPartialSetIsNotCompleted() throws Exception {
    load(true, false);
    Files.delete(dir.resolve("keys/signing.pub.pem"));
    assertThatThrownBy(() -> load(true, false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("signing.pub.pem");
  }

  @Test
  void aPublicKeyFromAnotherPairIsRefused() throws Exception {
    load(true, false);
    Path other = dir.resolve("other");
    AuditKeys.loadOrGenerate(
        other.resolve("m.json"),
        other.resolve("s.pem"),
        other.resolve("s.pub.pem"),
        List.of(),
        true,
        false);
    Files.copy(
        other.resolve("s.pub.pem"),
        dir.resolve("keys/signing.pub.pem"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> load(false, true)).isInstanceOf(IllegalStateException.class);
  }
}
