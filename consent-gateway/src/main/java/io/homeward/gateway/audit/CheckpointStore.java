package io.homeward.gateway.audit;

import java.util.List;

/**
 * Where signed checkpoints are kept outside the database, so that whoever holds the database cannot
 * shorten or rewrite the audit chain without the verifier noticing: on one machine an append-only
 * file beside the keys ({@link FileCheckpointStore}); in a cluster an object store with write-once
 * retention (object lock) would implement this interface. Implementations are thread-safe.
 */
public interface CheckpointStore {
  /**
   * Appends a checkpoint durably (on stable storage when this returns).
   *
   * @throws IllegalArgumentException when {@code checkpoint.seq()} is not above the latest stored
   *     one (the store only moves forward)
   * @throws CheckpointStoreException when it cannot be written
   */
  void append(SignedCheckpoint checkpoint);

  /**
   * Every stored checkpoint, oldest first.
   *
   * @throws CheckpointStoreException when the store cannot be read or is damaged
   */
  List<SignedCheckpoint> readAll();

  /** Where the checkpoints are kept, for messages (a path or bucket, never a secret). */
  String location();

  /** The store cannot be read or written, or holds something that is not a checkpoint. */
  final class CheckpointStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CheckpointStoreException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
