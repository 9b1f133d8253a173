package io.homeward.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-machine internal CA: made once, owner-only, renewed before expiry, CA key discarded. */
class InternalCertificatesTest {
  @TempDir Path dir;

  @Test
  void issuesOnceKeepsValidCertificatesAndRenewsBeforeExpiry() throws Exception {
    Path tls = dir.resolve("tls");
    assertThat(InternalCertificates.ensure(tls, Duration.ofDays(30))).isTrue();
    assertThat(InternalCertificates.ensure(tls, Duration.ofDays(30))).isFalse();
    try (Stream<Path> files = Files.list(tls)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
          .containsExactly(
              "ca-trust.p12",
              "ca.pem",
              "embedder.crt",
              "embedder.key",
              "gateway.crt",
              "gateway.key",
              "search.crt",
              "search.key");
    }
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(tls.resolve("gateway.key"))))
        .isEqualTo("rw-------");
    X509Certificate ca = first(tls.resolve("ca.pem"));
    X509Certificate search = first(tls.resolve("search.crt"));
    X509Certificate gateway = first(tls.resolve("gateway.crt"));
    search.verify(ca.getPublicKey());
    gateway.verify(ca.getPublicKey());
    assertThat(search.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(gateway.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    assertThat(search.getSubjectAlternativeNames())
        .anySatisfy(n -> assertThat(n).isEqualTo(List.of(7, "127.0.0.1")));
    KeyStore trust = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(tls.resolve(InternalCertificates.TRUST_STORE))) {
      trust.load(in, InternalCertificates.TRUST_STORE_PASSWORD.toCharArray());
    }
    assertThat(trust.getCertificate("homeward-internal-ca")).isEqualTo(ca);

    // Certificates valid for about 13 months: asking for 2 years of validity renews them all.
    assertThat(InternalCertificates.ensure(tls, Duration.ofDays(730))).isTrue();
    assertThat(first(tls.resolve("ca.pem"))).isNotEqualTo(ca);
    first(tls.resolve("gateway.crt")).verify(first(tls.resolve("ca.pem")).getPublicKey());
  }

  private static X509Certificate first(Path pem) throws Exception {
    try (InputStream in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }
}
