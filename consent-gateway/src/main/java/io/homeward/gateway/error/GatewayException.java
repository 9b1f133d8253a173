package io.homeward.gateway.error;

import io.homeward.gateway.domain.PhotoVerdict;
import java.util.Optional;

/** A request the gateway refuses or cannot serve, with a detail that is safe to show. */
public final class GatewayException extends RuntimeException {
  private final ProblemType type;
  private PhotoVerdict verdict;

  public GatewayException(ProblemType type, String detail) {
    super(detail);
    this.type = type;
  }

  public GatewayException(ProblemType type, String detail, Throwable cause) {
    super(detail, cause);
    this.type = type;
  }

  public ProblemType type() {
    return type;
  }

  /** Attaches what the quality gate saw, for a refusal about a photo's faces. */
  public GatewayException verdict(PhotoVerdict v) {
    this.verdict = v;
    return this;
  }

  /** What the quality gate saw, when this refusal is about a photo's faces. */
  public Optional<PhotoVerdict> verdict() {
    return Optional.ofNullable(verdict);
  }
}
