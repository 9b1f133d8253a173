package io.homeward.gateway.error;

/** A request the gateway refuses or cannot serve, with a detail that is safe to show. */
public final class GatewayException extends RuntimeException {
  private final ProblemType type;

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
}
