package io.homeward.gateway.policy;

/**
 * The policy set could not be loaded: a file is missing or does not parse, a policy has no
 * {@code @id}, or a policy does not validate against the schema. The gateway refuses to start.
 */
public final class PolicyLoadException extends RuntimeException {
  public PolicyLoadException(String message) {
    super(message);
  }

  public PolicyLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
