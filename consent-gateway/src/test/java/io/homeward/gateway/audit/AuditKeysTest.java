package io.homeward.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditKeysTest {
  @TempDir Path dir;

  AuditKeys load(boolean generate, boolean databaseHoldsKeyedData) {
    return load(generate, databaseHoldsKeyedData, databaseHoldsKeyedData);
  }

  AuditKeys load(boolean generate, boolean holdsKeyedData, boolean holdsKeyedRecords) {
    return AuditKeys.loadOrGenerate(
        dir.resolve("keys/master.json"),
        dir.resolve("keys/signing.pem"),
        dir.resolve("keys/signing.pub.pem"),
        dir.resolve("keys/chain.key"),
        List.of(),
        generate,
        holdsKeyedData,
        holdsKeyedRecords);
  }

  @Test
  void generatesOwnerOnlyKeysOnceAndReadsThemBack() throws Exception {
    AuditKeys first = load(true, false);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("keys"))))
        .isEqualTo("rwx------");
    for (String f : List.of("master.json", "signing.pem", "signing.pub.pem", "chain.key")) {
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
    byte[] message = "record".getBytes(StandardCharsets.UTF_8);
    assertThat(again.chainKey().macHex(message))
        .isEqualTo(first.chainKey().macHex(message))
        .hasSize(64);
    assertThat(first.chainKey().toString()).isEqualTo("ChainKey[hidden]");
  }

  @Test
  void theChainKeyAloneIsGeneratedOnAnUpgradeFromTheUnkeyedChain() throws Exception {
    AuditKeys first = load(true, false);
    Files.delete(dir.resolve("keys/chain.key"));
    // Sealed and signed data exist, but no keyed record yet: the key may be created.
    AuditKeys upgraded = load(true, true, false);
    assertThat(upgraded.signer().keyId()).isEqualTo(first.signer().keyId());
    assertThat(dir.resolve("keys/chain.key")).exists();
  }

  @Test
  void aLostChainKeyIsNeverReplacedOnceKeyedRecordsExist() throws Exception {
    load(true, false);
    Files.delete(dir.resolve("keys/chain.key"));
    assertThatThrownBy(() -> load(true, true, true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("chain.key")
        .hasMessageContaining("restore the key file");
    assertThat(dir.resolve("keys/chain.key")).doesNotExist();
  }

  @Test
  void withoutGenerationAMissingChainKeyStopsStartUpNamingIt() throws Exception {
    load(true, false);
    Files.delete(dir.resolve("keys/chain.key"));
    assertThatThrownBy(() -> load(false, false, false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("audit chain key missing")
        .hasMessageContaining("chain.key");
  }

  @Test
  void aChainKeyOfTheWrongLengthIsRefused() throws Exception {
    load(true, false);
    Files.writeString(dir.resolve("keys/chain.key"), "c2hvcnQ=\n");
    assertThatThrownBy(() -> load(false, true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("32 bytes");
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
        other.resolve("c.key"),
        List.of(),
        true,
        false,
        false);
    Files.copy(
        other.resolve("s.pub.pem"),
        dir.resolve("keys/signing.pub.pem"),
        StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> load(false, true)).isInstanceOf(IllegalStateException.class);
  }
}
