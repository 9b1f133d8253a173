package io.homeward.gateway.policy;

import io.homeward.gateway.domain.Role;
import java.util.Objects;
import java.util.Set;

/**
 * Who is asking, from a verified bearer token.
 *
 * @param subject the token's subject (a user id, never a name)
 * @param organisation the user's organisation id
 * @param roles every role the token grants
 * @param actingAs the one role this request acts in; must be one of {@code roles}
 * @param authMethod how the user authenticated (the token's {@code amr}/issuer kind), for the audit
 * @param locked whether the account is locked pending a privacy officer's review (rule 16)
 */
public record Actor(
    String subject,
    String organisation,
    Set<Role> roles,
    Role actingAs,
    String authMethod,
    boolean locked) {
  public Actor {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(organisation, "organisation");
    roles = Set.copyOf(roles);
    Objects.requireNonNull(actingAs, "actingAs");
    if (!roles.contains(actingAs)) {
      throw new IllegalArgumentException("the acting role must be one the token grants");
    }
    Objects.requireNonNull(authMethod, "authMethod");
  }

  public Actor withLocked(boolean value) {
    return new Actor(subject, organisation, roles, actingAs, authMethod, value);
  }
}
