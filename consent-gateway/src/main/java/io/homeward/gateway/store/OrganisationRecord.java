package io.homeward.gateway.store;

import io.homeward.gateway.domain.OrganisationKind;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * An organisation as administrators manage it, with how many users and cases it has.
 *
 * @param id the opaque id every other table holds as {@code organisation_id}
 * @param displayName what people read
 * @param kind NGO, police or other
 * @param active whether its users may sign in and act
 * @param createdAt when it was created (the migration's time for organisations already in use)
 * @param createdBy who created it ({@code migration} for those already in use)
 * @param users accounts of the organisation known to this machine
 * @param cases cases the organisation registered
 */
public record OrganisationRecord(
    String id,
    String displayName,
    OrganisationKind kind,
    boolean active,
    Instant createdAt,
    String createdBy,
    long users,
    long cases) {
  /** The syntax of an organisation id (as local accounts and tokens have always used them). */
  public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
}
