package io.homeward.tools.cli;

import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.TlsChannelCredentials;
import io.homeward.support.grpc.Loopback;
import io.homeward.tools.cli.ServiceEvaluation.ServiceException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * Channels to an internal gRPC service, opened as the gateway opens them. The services require mTLS
 * when the launcher runs them ({@code ./homeward serve}): the tool then presents the gateway's
 * client certificate and trusts only the internal CA, from the folder the launcher keeps them in. A
 * service started by hand without certificates speaks plaintext: the tool follows, on loopback
 * only, because face vectors must not cross a network unencrypted.
 */
final class ServiceChannels {
  /** The internal CA certificate, the gateway's client certificate and its key (PEM). */
  static final String CA = "ca.pem";

  static final String CERTIFICATE = "gateway.crt";
  static final String KEY = "gateway.key";

  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

  // TLS record types: a TLS server answers a ClientHello with a handshake record or an alert.
  private static final int TLS_HANDSHAKE = 22;
  private static final int TLS_ALERT = 21;

  private ServiceChannels() {}

  /**
   * An open channel and how it travels.
   *
   * @param transport for messages: "mTLS (certificates from DIR)" or "plaintext"
   */
  record Opened(ManagedChannel channel, String transport) {}

  /**
   * Opens a channel to {@code host:port}: mTLS with the certificates in {@code tlsDir} when the
   * service asks for TLS, plaintext when it does not (loopback only).
   */
  static Opened open(String host, int port, Path tlsDir) throws ServiceException {
    String target = host + ":" + port;
    boolean tls;
    try {
      tls = asksForTls(host, port);
    } catch (UnknownHostException e) {
      throw new ServiceException("--through-service: unknown host " + host);
    } catch (IOException e) {
      throw new ServiceException(
          "the search service at "
              + target
              + " is unavailable: is it running and listening there for gRPC?");
    }
    if (!tls) {
      if (!Loopback.only(host)) {
        throw new ServiceException(
            "--through-service: "
                + host
                + " is not a loopback address and the service there speaks plaintext; face"
                + " vectors are sent only over mTLS or to a service on this machine");
      }
      return new Opened(
          ManagedChannelBuilder.forAddress(host, port).usePlaintext().build(), "plaintext");
    }
    List<String> missing =
        List.of(CA, CERTIFICATE, KEY).stream()
            .filter(f -> !Files.isRegularFile(tlsDir.resolve(f)))
            .toList();
    if (!missing.isEmpty()) {
      throw new ServiceException(
          "the search service at "
              + target
              + " requires mTLS, and "
              + tlsDir.toAbsolutePath()
              + " lacks "
              + String.join(", ", missing)
              + ": give the internal certificates' folder with --tls-dir or HOMEWARD_TLS_DIR"
              + " (./homeward serve makes it on first start, by default"
              + " ~/.config/homeward/keys/tls)");
    }
    TlsChannelCredentials.Builder credentials = TlsChannelCredentials.newBuilder();
    try {
      credentials
          .trustManager(tlsDir.resolve(CA).toFile())
          .keyManager(tlsDir.resolve(CERTIFICATE).toFile(), tlsDir.resolve(KEY).toFile());
    } catch (IOException | IllegalArgumentException e) {
      throw new ServiceException(
          "the internal certificates in "
              + tlsDir.toAbsolutePath()
              + " cannot be read ("
              + e.getClass().getSimpleName()
              + "): issue them again with ./homeward serve");
    }
    ManagedChannel channel =
        Grpc.newChannelBuilderForAddress(host, port, credentials.build()).build();
    return new Opened(channel, "mTLS (certificates from " + tlsDir.toAbsolutePath() + ")");
  }

  /**
   * Where the launcher keeps the internal certificates: {@code $HOMEWARD_TLS_DIR}, else {@code tls}
   * in the signing-keys folder ({@code $HOMEWARD_SIGNING_KEYS_DIR}, else {@code
   * $XDG_CONFIG_HOME/homeward/keys}, else {@code ~/.config/homeward/keys}).
   */
  static Path defaultTlsDir() {
    String tls = System.getenv("HOMEWARD_TLS_DIR");
    if (tls != null && !tls.isBlank()) {
      return Path.of(tls);
    }
    String signing = System.getenv("HOMEWARD_SIGNING_KEYS_DIR");
    if (signing != null && !signing.isBlank()) {
      return Path.of(signing, "tls");
    }
    String config = System.getenv("XDG_CONFIG_HOME");
    Path base =
        config != null && !config.isBlank()
            ? Path.of(config)
            : Path.of(System.getProperty("user.home"), ".config");
    return base.resolve("homeward").resolve("keys").resolve("tls");
  }

  /**
   * Whether the server answers a TLS ClientHello as a TLS server does. Only the first record type
   * is read, so nothing is trusted or sent beyond the hello; a plaintext HTTP/2 server answers with
   * its own frames, an HTTP error or by closing the connection.
   */
  static boolean asksForTls(String host, int port) throws IOException {
    byte[] hello = clientHello(host, port);
    int timeout = (int) PROBE_TIMEOUT.toMillis();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getByName(host), port), timeout);
      socket.setSoTimeout(timeout);
      OutputStream out = socket.getOutputStream();
      out.write(hello);
      out.flush();
      InputStream in = socket.getInputStream();
      int first = in.read();
      return first == TLS_HANDSHAKE || first == TLS_ALERT;
    } catch (SocketTimeoutException e) {
      // No TLS server keeps a ClientHello unanswered for seconds.
      return false;
    }
  }

  private static byte[] clientHello(String host, int port) throws IOException {
    try {
      SSLEngine engine = SSLContext.getDefault().createSSLEngine(host, port);
      engine.setUseClientMode(true);
      ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
      engine.beginHandshake();
      engine.wrap(ByteBuffer.allocate(0), out);
      out.flip();
      byte[] hello = new byte[out.remaining()];
      out.get(hello);
      return hello;
    } catch (GeneralSecurityException e) {
      throw new IOException("no TLS in this JDK", e);
    }
  }
}
