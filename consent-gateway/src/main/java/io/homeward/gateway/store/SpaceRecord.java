package io.homeward.gateway.store;

import io.homeward.gateway.domain.SpaceRef;
import io.homeward.gateway.domain.SpaceStatus;
import java.time.Instant;

/**
 * A vector space and the re-embedding job that builds it (see {@code V21__vector_spaces.sql}).
 *
 * @param ref the space
 * @param status where it stands
 * @param photosTotal live photos when the job started
 * @param photosDone photos embedded into it so far
 * @param photosFailed photos the embedder refused
 * @param cursor the last photo id the job handled (it resumes after it), or null
 * @param problem why it cannot go live yet (a problem type's name), or null
 * @param startedBy who started the job (the user id), or null for the first space
 * @param startedAt when the job started (or the first space was recorded)
 * @param completedAt when the job read the last photo, or null
 * @param switchedAt when the space went live, or null
 * @param dropAfter when a retiring space is dropped, or null
 * @param droppedAt when it was dropped, or null
 */
public record SpaceRecord(
    SpaceRef ref,
    SpaceStatus status,
    int photosTotal,
    int photosDone,
    int photosFailed,
    String cursor,
    String problem,
    String startedBy,
    Instant startedAt,
    Instant completedAt,
    Instant switchedAt,
    Instant dropAfter,
    Instant droppedAt) {
  public String id() {
    return ref.id();
  }
}
