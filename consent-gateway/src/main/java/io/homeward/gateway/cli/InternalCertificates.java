package io.homeward.gateway.cli;

import io.homeward.gateway.images.SecureFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The one-machine internal PKI for mTLS between the gateway and the two gRPC services: a local CA
 * and one certificate per service, made with the JDK's own {@code keytool} (nothing to install).
 *
 * <p>Files in the folder (owner-only): {@code ca.pem} (the CA certificate, for the gateway's
 * clients), {@value #TRUST_STORE} (the same certificate as a PKCS#12 trust store for the services'
 * servers; its password {@value #TRUST_STORE_PASSWORD} guards nothing, the file holds only a public
 * certificate), and {@code <name>.crt} / {@code <name>.key} (PEM chain and PKCS#8 key) for {@code
 * embedder}, {@code search} (server certificates for {@code 127.0.0.1} and {@code localhost},
 * usable only as servers) and {@code gateway} (a client certificate, usable only as a client). The
 * CA's private key is discarded once the certificates are issued: nobody can mint another internal
 * certificate; renewing issues a new CA and new certificates together.
 */
public final class InternalCertificates {
  /** The services' trust store. */
  public static final String TRUST_STORE = "ca-trust.p12";

  /** Password of {@link #TRUST_STORE}; not a secret (public certificates only). */
  public static final String TRUST_STORE_PASSWORD = "homeward-internal-ca";

  /** The certificates' holders: two servers, one client. */
  public static final List<String> SERVERS = List.of("embedder", "search");

  /** The one client. */
  public static final String CLIENT = "gateway";

  private static final Duration VALIDITY = Duration.ofDays(397);

  private InternalCertificates() {}

  /**
   * Issues the CA and the certificates unless all are present and valid for at least {@code
   * renewBefore}; returns whether it issued new ones.
   */
  public static boolean ensure(Path dir, Duration renewBefore) {
    if (valid(dir, renewBefore)) {
      return false;
    }
    issue(dir);
    return true;
  }

  /** Whether every file is there and every certificate is valid for at least {@code margin}. */
  public static boolean valid(Path dir, Duration margin) {
    List<Path> certs = new ArrayList<>();
    certs.add(dir.resolve("ca.pem"));
    for (String name : holders()) {
      certs.add(dir.resolve(name + ".crt"));
      if (!Files.isRegularFile(dir.resolve(name + ".key"))) {
        return false;
      }
    }
    if (!Files.isRegularFile(dir.resolve(TRUST_STORE))) {
      return false;
    }
    Instant until = Instant.now().plus(margin);
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      for (Path p : certs) {
        if (!Files.isRegularFile(p)) {
          return false;
        }
        try (InputStream in = Files.newInputStream(p)) {
          for (Certificate c : cf.generateCertificates(in)) {
            if (((X509Certificate) c).getNotAfter().toInstant().isBefore(until)) {
              return false;
            }
          }
        }
      }
      return true;
    } catch (IOException | GeneralSecurityException e) {
      return false;
    }
  }

  private static List<String> holders() {
    List<String> all = new ArrayList<>(SERVERS);
    all.add(CLIENT);
    return all;
  }

  /** Issues a new CA and new certificates into {@code dir}, replacing what is there. */
  public static void issue(Path dir) {
    String pass = HexFormat.of().formatHex(random(16));
    Path work = null;
    try {
      SecureFiles.createOwnerOnlyDirectories(dir.toAbsolutePath());
      // Without ca.pem the set counts as incomplete: a crash below leaves it to be issued again.
      Files.deleteIfExists(dir.resolve("ca.pem"));
      work = Files.createTempDirectory(dir.toAbsolutePath(), ".issue-");
      Path ca = work.resolve("ca.p12");
      keytool(
          "-genkeypair",
          "-alias",
          "ca",
          "-keyalg",
          "RSA",
          "-keysize",
          "2048",
          "-dname",
          "CN=Homeward internal CA " + HexFormat.of().formatHex(random(4)),
          "-ext",
          "bc:c=ca:true,pathlen:0",
          "-ext",
          "KU:c=keyCertSign,cRLSign",
          "-validity",
          String.valueOf(VALIDITY.toDays() + 1),
          "-keystore",
          ca.toString(),
          "-storetype",
          "PKCS12",
          "-storepass",
          pass);
      byte[] caPem =
          keytool(
              "-exportcert",
              "-rfc",
              "-alias",
              "ca",
              "-keystore",
              ca.toString(),
              "-storepass",
              pass);
      for (String name : holders()) {
        boolean server = !name.equals(CLIENT);
        Path store = work.resolve(name + ".p12");
        keytool(
            "-genkeypair",
            "-alias",
            name,
            "-keyalg",
            "RSA",
            "-keysize",
            "2048",
            "-dname",
            "CN=homeward-" + name,
            "-validity",
            "2",
            "-keystore",
            store.toString(),
            "-storetype",
            "PKCS12",
            "-storepass",
            pass);
        Path csr = work.resolve(name + ".csr");
        keytool(
            "-certreq",
            "-alias",
            name,
            "-keystore",
            store.toString(),
            "-storepass",
            pass,
            "-file",
            csr.toString());
        List<String> gencert =
            new ArrayList<>(
                List.of(
                    "-gencert",
                    "-rfc",
                    "-alias",
                    "ca",
                    "-keystore",
                    ca.toString(),
                    "-storepass",
                    pass,
                    "-infile",
                    csr.toString(),
                    "-validity",
                    String.valueOf(VALIDITY.toDays()),
                    "-ext",
                    "KU:c=digitalSignature,keyEncipherment",
                    "-ext",
                    "EKU:c=" + (server ? "serverAuth" : "clientAuth")));
        if (server) {
          gencert.addAll(List.of("-ext", "SAN=dns:localhost,ip:127.0.0.1,dns:" + name));
        }
        byte[] cert = keytool(gencert.toArray(String[]::new));
        byte[] chain = concat(cert, caPem);
        Key key = load(store, pass).getKey(name, pass.toCharArray());
        SecureFiles.writeAtomically(
            dir.resolve(name + ".key"), pem("PRIVATE KEY", key.getEncoded()));
        SecureFiles.writeAtomically(dir.resolve(name + ".crt"), chain);
      }
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      try (InputStream in = new ByteArrayInputStream(caPem)) {
        trust.setCertificateEntry(
            "homeward-internal-ca",
            CertificateFactory.getInstance("X.509").generateCertificate(in));
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      trust.store(bytes, TRUST_STORE_PASSWORD.toCharArray());
      SecureFiles.writeAtomically(dir.resolve(TRUST_STORE), bytes.toByteArray());
      // ca.pem last: its presence with valid dates marks a complete set.
      SecureFiles.writeAtomically(dir.resolve("ca.pem"), caPem);
    } catch (IOException e) {
      throw new UncheckedIOException("the internal certificates cannot be written to " + dir, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the internal certificates cannot be made", e);
    } finally {
      if (work != null) {
        deleteTree(work);
      }
    }
  }

  private static KeyStore load(Path store, String pass)
      throws IOException, GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, pass.toCharArray());
    }
    return ks;
  }

  private static byte[] keytool(String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    cmd.add("-noprompt");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(
            "keytool " + args[0] + " failed: " + new String(err, StandardCharsets.UTF_8).strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    return out;
  }

  private static byte[] pem(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] r = new byte[a.length + b.length];
    System.arraycopy(a, 0, r, 0, a.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new SecureRandom().nextBytes(b);
    return b;
  }

  private static void deleteTree(Path dir) {
    try (var walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // A temporary folder of public and throw-away files; nothing secret outlives the run.
    }
  }
}
