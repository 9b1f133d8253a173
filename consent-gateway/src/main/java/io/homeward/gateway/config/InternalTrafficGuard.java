package io.homeward.gateway.config;

import io.homeward.support.grpc.Loopback;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses to start when the gateway would send faces or vectors in plaintext beyond this machine: a
 * gRPC client to a host other than loopback requires TLS with the gateway's client certificate.
 */
@ApplicationScoped
public class InternalTrafficGuard {
  private final String embedderHost;
  private final String searchHost;
  private final boolean tls;

  InternalTrafficGuard(
      @ConfigProperty(name = "quarkus.grpc.clients.embedder.host") String embedderHost,
      @ConfigProperty(name = "quarkus.grpc.clients.search.host") String searchHost,
      @ConfigProperty(name = "quarkus.grpc.clients.embedder.ssl.trust-store")
          Optional<String> embedderCa,
      @ConfigProperty(name = "quarkus.grpc.clients.embedder.ssl.certificate")
          Optional<String> embedderCert,
      @ConfigProperty(name = "quarkus.grpc.clients.search.ssl.trust-store")
          Optional<String> searchCa,
      @ConfigProperty(name = "quarkus.grpc.clients.search.ssl.certificate")
          Optional<String> searchCert) {
    this.embedderHost = embedderHost;
    this.searchHost = searchHost;
    this.tls =
        embedderCa.isPresent()
            && embedderCert.isPresent()
            && searchCa.isPresent()
            && searchCert.isPresent();
  }

  void check(@Observes StartupEvent event) {
    for (String host : new String[] {embedderHost, searchHost}) {
      if (!tls && !Loopback.only(host)) {
        throw new IllegalStateException(
            "the gateway would reach "
                + host
                + " over gRPC in plaintext: set HOMEWARD_TLS_CA, HOMEWARD_TLS_CERT and"
                + " HOMEWARD_TLS_KEY (mTLS), or run the services on this machine (127.0.0.1)");
      }
    }
  }
}
