package io.homeward.gateway.client;

import io.homeward.gateway.error.ProblemType;
import java.util.Locale;
import java.util.Optional;

/** The services the gateway calls, with the ErrorInfo domain in which each names its reasons. */
enum Downstream {
  EMBEDDER("embedder", "embedder.homeward.io") {
    @Override
    Optional<ProblemType> problemFor(String reason) {
      return EmbedderMapper.problem(EmbedderMapper.reason(reason));
    }
  },
  SEARCH("search service", "search.homeward.io") {
    @Override
    Optional<ProblemType> problemFor(String reason) {
      return SearchMapper.problem(SearchMapper.reason(reason));
    }
  };

  private final String label;
  private final String domain;

  Downstream(String label, String domain) {
    this.label = label;
    this.domain = domain;
  }

  /** The gateway's problem for one of this service's ErrorInfo reasons; empty when unknown. */
  abstract Optional<ProblemType> problemFor(String reason);

  /**
   * A stable lower-case name: the name of this service's circuit breaker ({@code
   * CircuitBreakerMaintenance}) and of its {@code quarkus.grpc.clients} entry.
   */
  String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The ErrorInfo domain of this service's reasons (each service's {@code GrpcErrors.DOMAIN}). */
  String domain() {
    return domain;
  }

  @Override
  public String toString() {
    return label;
  }
}
