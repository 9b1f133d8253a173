package io.homeward.support.grpc;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses to start a gRPC server that anything beyond this machine could reach in plaintext: a bind
 * address other than loopback requires TLS with client certificates (mTLS: a certificate, its key,
 * a trust store and {@code client-auth=REQUIRED}). Plaintext stays possible on loopback only
 * (tests, tools, a single machine without the launcher's certificates). Shared by the embedder and
 * the search service (this module is a bean archive: each service picks it up).
 */
@ApplicationScoped
public class InternalTrafficGuard {
  private final String host;
  private final Optional<String> certificate;
  private final Optional<String> key;
  private final Optional<String> trustStore;
  private final String clientAuth;

  InternalTrafficGuard(
      @ConfigProperty(name = "quarkus.grpc.server.host") String host,
      @ConfigProperty(name = "quarkus.grpc.server.ssl.certificate") Optional<String> certificate,
      @ConfigProperty(name = "quarkus.grpc.server.ssl.key") Optional<String> key,
      @ConfigProperty(name = "quarkus.grpc.server.ssl.trust-store") Optional<String> trustStore,
      @ConfigProperty(name = "quarkus.grpc.server.ssl.client-auth", defaultValue = "NONE")
          String clientAuth) {
    this.host = host;
    this.certificate = certificate;
    this.key = key;
    this.trustStore = trustStore;
    this.clientAuth = clientAuth;
  }

  void check(@Observes StartupEvent event) {
    String problem =
        problem(
            host,
            certificate.isPresent(),
            key.isPresent(),
            trustStore.isPresent(),
            "REQUIRED".equalsIgnoreCase(clientAuth));
    if (problem != null) {
      throw new IllegalStateException(problem);
    }
  }

  /** Why this combination may not start, or null when it may. */
  public static String problem(
      String host, boolean certificate, boolean key, boolean trustStore, boolean clientAuth) {
    boolean mtls = certificate && key && trustStore && clientAuth;
    if (mtls || loopback(host)) {
      return null;
    }
    return "the gRPC server binds to "
        + host
        + ", beyond loopback, without mTLS: set HOMEWARD_TLS_CERT, HOMEWARD_TLS_KEY and"
        + " HOMEWARD_TLS_TRUST_STORE (quarkus.grpc.server.ssl.certificate, .key, .trust-store;"
        + " client-auth REQUIRED), or bind to 127.0.0.1";
  }

  static boolean loopback(String host) {
    try {
      for (InetAddress a : InetAddress.getAllByName(host)) {
        if (!a.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
