package io.homeward.gateway.policy;

import io.homeward.gateway.config.InputConfig;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * A written justification must say something (rule 2; issue 11, finding 5: a vital emergency was
 * registered with {@code "justification":" "}). Every justification field goes through here.
 */
@ApplicationScoped
public class Justifications {
  private final int minLength;

  @Inject
  public Justifications(InputConfig config) {
    this(config.justificationMinLength());
  }

  Justifications(int minLength) {
    this.minLength = minLength;
  }

  /** A justification that must be given (a vital emergency, an override); trimmed. */
  public String required(String text, String field) {
    if (text == null || text.isBlank()) {
      throw new GatewayException(
          ProblemType.JUSTIFICATION_REQUIRED, field + " is required: write down why");
    }
    return checked(text, field);
  }

  /** A justification that may be absent, but says something when given; trimmed, or null. */
  public String optional(String text, String field) {
    return text == null ? null : checked(text, field);
  }

  private String checked(String text, String field) {
    String trimmed = text.strip();
    if (trimmed.codePointCount(0, trimmed.length()) < minLength) {
      throw new GatewayException(
          ProblemType.JUSTIFICATION_REQUIRED,
          field + " needs at least " + minLength + " characters of explanation");
    }
    return trimmed;
  }
}
