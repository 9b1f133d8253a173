package io.homeward.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.homeward.proto.search.v1.GetStatsRequest;
import io.homeward.proto.search.v1.GetStatsResponse;
import io.homeward.proto.search.v1.ModelRef;
import io.homeward.proto.search.v1.SearchServiceGrpc;
import io.homeward.proto.search.v1.SpaceStats;
import io.homeward.tools.cli.ServiceEvaluation.ServiceException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eval --through-service} reaches a search service as the gateway does: over mTLS with the
 * gateway's certificate when the service requires it, in plaintext when the service runs without.
 * The servers are real gRPC servers on loopback with real TLS; only the service behind them is a
 * stand-in answering GetStats (the first call the evaluation makes).
 */
class ServiceChannelsTest {
  private static final ModelRef MODEL =
      ModelRef.newBuilder().setId("model").setVersion("1_projection").build();

  @TempDir static Path dir;

  /** The folder as ./homeward serve leaves it: ca.pem, gateway.crt, gateway.key. */
  static Path tls;

  /** The same layout with a client certificate the service does not trust. */
  static Path strangerTls;

  static Path serverCrt;
  static Path serverKey;

  @BeforeAll
  static void certificates() throws Exception {
    Path server = issue("search", "ip:127.0.0.1,dns:localhost");
    Path gateway = issue("gateway", "dns:gateway");
    Path stranger = issue("stranger", "dns:gateway");
    serverCrt = server.resolve("cert.pem");
    serverKey = server.resolve("key.pem");
    // The client trusts the server's certificate as its CA, as it trusts the internal CA.
    tls = Files.createDirectories(dir.resolve("tls"));
    Files.copy(serverCrt, tls.resolve(ServiceChannels.CA));
    Files.copy(gateway.resolve("cert.pem"), tls.resolve(ServiceChannels.CERTIFICATE));
    Files.copy(gateway.resolve("key.pem"), tls.resolve(ServiceChannels.KEY));
    strangerTls = Files.createDirectories(dir.resolve("stranger-tls"));
    Files.copy(serverCrt, strangerTls.resolve(ServiceChannels.CA));
    Files.copy(stranger.resolve("cert.pem"), strangerTls.resolve(ServiceChannels.CERTIFICATE));
    Files.copy(stranger.resolve("key.pem"), strangerTls.resolve(ServiceChannels.KEY));
  }

  @Test
  void aServiceWithoutTlsIsReachedInPlaintextEvenWhenCertificatesArePresent() throws Exception {
    Server server = start(InsecureServerCredentials.create());
    try (ServiceEvaluation service = connect(server, tls)) {
      assertThat(service.checkReady(MODEL)).isEqualTo("embedded");
    } finally {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void aServiceRequiringMutualTlsIsReachedWithTheGatewaysCertificate() throws Exception {
    Server server = start(mutualTls());
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (ServiceEvaluation service = connect(server, tls, log)) {
      assertThat(service.checkReady(MODEL)).isEqualTo("embedded");
    } finally {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("mTLS (certificates from " + tls);
  }

  @Test
  void withoutTheCertificatesTheErrorNamesWhatIsMissingAndWhereToPointTheTool() throws Exception {
    Server server = start(mutualTls());
    Path empty = Files.createDirectories(dir.resolve("empty"));
    try {
      assertThatThrownBy(() -> connect(server, empty))
          .isInstanceOf(ServiceException.class)
          .hasMessageContaining("requires mTLS")
          .hasMessageContaining(empty.toAbsolutePath() + " lacks ca.pem, gateway.crt, gateway.key")
          .hasMessageContaining("--tls-dir");
    } finally {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void aCertificateTheServiceDoesNotTrustGetsNoAnswer() throws Exception {
    Server server = start(mutualTls());
    try (ServiceEvaluation service = connect(server, strangerTls)) {
      assertThatThrownBy(() -> service.checkReady(MODEL))
          .isInstanceOf(ServiceException.class)
          .hasMessageContaining("unavailable")
          .hasMessageContaining("mTLS");
    } finally {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void nothingListeningIsReportedAsUnavailable() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    assertThatThrownBy(() -> ServiceEvaluation.connect("127.0.0.1:" + port, tls, quiet()))
        .isInstanceOf(ServiceException.class)
        .hasMessageContaining("is unavailable");
  }

  @Test
  void theDefaultFolderIsTheLaunchers() {
    String tlsEnv = System.getenv("HOMEWARD_TLS_DIR");
    String signingEnv = System.getenv("HOMEWARD_SIGNING_KEYS_DIR");
    Path expected =
        tlsEnv != null && !tlsEnv.isBlank()
            ? Path.of(tlsEnv)
            : signingEnv != null && !signingEnv.isBlank()
                ? Path.of(signingEnv, "tls")
                : Path.of("homeward", "keys", "tls");
    // Path.endsWith compares names only: the folder need not exist (a fresh machine has none).
    Path actual = ServiceChannels.defaultTlsDir();
    assertThat(actual.endsWith(expected)).as(actual + " ends with " + expected).isTrue();
  }

  private static ServerCredentials mutualTls() throws IOException {
    return TlsServerCredentials.newBuilder()
        .keyManager(serverCrt.toFile(), serverKey.toFile())
        .trustManager(tls.resolve(ServiceChannels.CERTIFICATE).toFile())
        .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
        .build();
  }

  private static Server start(ServerCredentials credentials) throws IOException {
    return NettyServerBuilder.forAddress(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), credentials)
        .addService(new EmptyIndex())
        .build()
        .start();
  }

  private static ServiceEvaluation connect(Server server, Path tlsDir) throws ServiceException {
    return connect(server, tlsDir, new ByteArrayOutputStream());
  }

  private static ServiceEvaluation connect(Server server, Path tlsDir, ByteArrayOutputStream log)
      throws ServiceException {
    return ServiceEvaluation.connect(
        "127.0.0.1:" + server.getPort(),
        tlsDir,
        new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }

  /** A search service whose index for {@link #MODEL} is empty. */
  private static final class EmptyIndex extends SearchServiceGrpc.SearchServiceImplBase {
    @Override
    public void getStats(GetStatsRequest request, StreamObserver<GetStatsResponse> response) {
      response.onNext(
          GetStatsResponse.newBuilder()
              .setIndexKind("embedded")
              .addSpaces(SpaceStats.newBuilder().setModel(MODEL))
              .build());
      response.onCompleted();
    }
  }

  /** A self-signed certificate and its key (PEM), made with the JDK's keytool. */
  private static Path issue(String name, String san) throws Exception {
    Path folder = Files.createDirectories(dir.resolve(name));
    Path store = folder.resolve("store.p12");
    char[] password = "test-only".toCharArray();
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                name,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=" + name,
                "-ext",
                "san=" + san,
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                new String(password))
            .redirectErrorStream(true)
            .start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as(output).isZero();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(store)) {
      keys.load(in, password);
    }
    Files.writeString(
        folder.resolve("cert.pem"), pem("CERTIFICATE", keys.getCertificate(name).getEncoded()));
    Files.writeString(
        folder.resolve("key.pem"), pem("PRIVATE KEY", keys.getKey(name, password).getEncoded()));
    return folder;
  }

  private static String pem(String type, byte[] der) {
    Base64.Encoder base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
    return String.join(
        "\n",
        List.of(
            "-----BEGIN " + type + "-----",
            base64.encodeToString(der),
            "-----END " + type + "-----",
            ""));
  }
}
