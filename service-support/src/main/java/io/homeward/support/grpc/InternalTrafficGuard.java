package io.homeward.support.grpc;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses to start a gRPC server that anything beyond this machine could reach in plaintext: a bind
 * address other than loopback requires TLS with client certificates (mTLS: a certificate, its key,
 * a trust store and {@code client-auth=REQUIRED}). Plaintext stays possible on loopback only
 * (tests, tools, a single machine without the launcher's certificates). Shared by the embedder and
 * the search service (this module is a bean archive: each service picks it up).
 *
 * <p>These settings govern the separate gRPC server only. With {@code
 * quarkus.grpc.server.use-separate-server=false} gRPC would share the HTTP server, whose address
 * and TLS they do not describe: that is the gateway, which serves no gRPC (it depends on this
 * module for its span exporter), so there is nothing here to check.
 */
@ApplicationScoped
public class InternalTrafficGuard {
  private final boolean separateServer;
  private final String host;
  private final Optional<String> certificate;
  private final Optional<String> key;
  private final Optional<String> trustStore;
  private final String clientAuth;

  InternalTrafficGuard(
      @ConfigProperty(name = "quarkus.grpc.server.use-separate-server", defaultValue = "true")
          boolean separateServer,
      @ConfigProperty(name = "quarkus.grpc.server.host") String host,
      @ConfigProperty(name = "quarkus.grpc.server.ssl.certificate") Optional<String> certificate,
      @ConfigProperty(name = "quarkus.grpc.server.ssl.key") Optional<String> key,
      @ConfigProperty(name = "quarkus.grpc.server.ssl.trust-store") Optional<String> trustStore,
      @ConfigProperty(name = "quarkus.grpc.server.ssl.client-auth", defaultValue = "NONE")
          String clientAuth) {
    this.separateServer = separateServer;
    this.host = host;
    this.certificate = certificate;
    this.key = key;
    this.trustStore = trustStore;
    this.clientAuth = clientAuth;
  }

  void check(@Observes StartupEvent event) {
    String problem =
        problem(
            separateServer,
            host,
            certificate.isPresent(),
            key.isPresent(),
            trustStore.isPresent(),
            "REQUIRED".equalsIgnoreCase(clientAuth));
    if (problem != null) {
      throw new IllegalStateException(problem);
    }
  }

  /** Why this combination may not start, or null when it may (for a separate gRPC server). */
  public static String problem(
      String host, boolean certificate, boolean key, boolean trustStore, boolean clientAuth) {
    return problem(true, host, certificate, key, trustStore, clientAuth);
  }

  /** Why this combination may not start, or null when it may. */
  static String problem(
      boolean separateServer,
      String host,
      boolean certificate,
      boolean key,
      boolean trustStore,
      boolean clientAuth) {
    if (!separateServer) {
      return null;
    }
    boolean mtls = certificate && key && trustStore && clientAuth;
    if (mtls || Loopback.only(host)) {
      return null;
    }
    return "the gRPC server binds to "
        + host
        + ", beyond loopback, without mTLS: set HOMEWARD_TLS_CERT, HOMEWARD_TLS_KEY and"
        + " HOMEWARD_TLS_TRUST_STORE (quarkus.grpc.server.ssl.certificate, .key, .trust-store;"
        + " client-auth REQUIRED), or bind to 127.0.0.1";
  }
}
