package io.homeward.gateway.support;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Path;
import javax.net.ssl.SSLException;

/** gRPC channels to the embedder or the search service, as the gateway or as an intruder. */
public final class InternalChannels {
  private InternalChannels() {}

  /** As the gateway: TLS, the internal CA trusted, the gateway's client certificate presented. */
  public static ManagedChannel asGateway(int port, Path tls) {
    return tls(
        port,
        GrpcSslContexts.forClient()
            .trustManager(tls.resolve("ca.pem").toFile())
            .keyManager(tls.resolve("gateway.crt").toFile(), tls.resolve("gateway.key").toFile()));
  }

  /** TLS with the internal CA trusted but no client certificate. */
  public static ManagedChannel withoutCertificate(int port, Path tls) {
    return tls(port, GrpcSslContexts.forClient().trustManager(tls.resolve("ca.pem").toFile()));
  }

  /** TLS presenting another client certificate (e.g. a service's own, or one of another CA). */
  public static ManagedChannel withCertificate(int port, Path tls, Path cert, Path key) {
    return tls(
        port,
        GrpcSslContexts.forClient()
            .trustManager(tls.resolve("ca.pem").toFile())
            .keyManager(cert.toFile(), key.toFile()));
  }

  /** Plaintext, as before mTLS. */
  public static ManagedChannel plaintext(int port) {
    return ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
  }

  private static ManagedChannel tls(int port, SslContextBuilder ssl) {
    try {
      return NettyChannelBuilder.forAddress("127.0.0.1", port).sslContext(ssl.build()).build();
    } catch (SSLException e) {
      throw new IllegalStateException(e);
    }
  }
}
