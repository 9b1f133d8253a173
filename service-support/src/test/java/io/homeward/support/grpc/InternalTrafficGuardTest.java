package io.homeward.support.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Plaintext gRPC only on loopback; beyond it, certificate, key, trust store and client-auth. */
class InternalTrafficGuardTest {
  @Test
  void loopbackMayStartInPlaintext() {
    assertThat(InternalTrafficGuard.problem("127.0.0.1", false, false, false, false)).isNull();
    assertThat(InternalTrafficGuard.problem("localhost", false, false, false, false)).isNull();
    assertThat(InternalTrafficGuard.problem("::1", false, false, false, false)).isNull();
  }

  @Test
  void everyOtherAddressNeedsFullMutualTls() {
    assertThat(InternalTrafficGuard.problem("0.0.0.0", false, false, false, false))
        .contains("0.0.0.0")
        .contains("HOMEWARD_TLS_CERT")
        .contains("client-auth REQUIRED");
    assertThat(InternalTrafficGuard.problem("0.0.0.0", true, true, false, true)).isNotNull();
    assertThat(InternalTrafficGuard.problem("0.0.0.0", true, true, true, false)).isNotNull();
    assertThat(InternalTrafficGuard.problem("10.1.2.3", true, false, true, true)).isNotNull();
    assertThat(InternalTrafficGuard.problem("0.0.0.0", true, true, true, true)).isNull();
  }

  @Test
  void withoutASeparateServerTheServerSettingsGovernNothing() {
    // The gateway: gRPC would share its HTTP server, and it serves none.
    assertThat(InternalTrafficGuard.problem(false, "0.0.0.0", false, false, false, false)).isNull();
    assertThat(InternalTrafficGuard.problem(true, "0.0.0.0", false, false, false, false))
        .isNotNull();
  }

  @Test
  void anUnresolvableHostIsNotTakenForLoopback() {
    assertThat(InternalTrafficGuard.problem("no-such-host.invalid", false, false, false, false))
        .isNotNull();
  }
}
