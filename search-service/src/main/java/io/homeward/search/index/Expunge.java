package io.homeward.search.index;

/**
 * What {@link FaceIndex#expungeRemoved} did. Counts only, never ids.
 *
 * @param removedFaces removed faces whose data the rewrite dropped from storage (for Milvus: the
 *     rows the segments held beyond those a query finds, when the compaction began)
 * @param complete false when the store did not finish within its wait (the next pass tries again)
 * @param deferredFaces removed faces still held on disk, left for the rewrite that the store's
 *     schedule makes due later (Milvus: {@code homeward.search.milvus.expunge-after}); 0 when the
 *     store rewrites at every pass
 */
public record Expunge(long removedFaces, boolean complete, long deferredFaces) {
  /** Nothing was waiting to be expunged. */
  public static final Expunge NOTHING = new Expunge(0, true, 0);

  public Expunge {
    if (removedFaces < 0 || deferredFaces < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
  }

  /** A pass that rewrote (or tried to rewrite) storage, deferring nothing. */
  public Expunge(long removedFaces, boolean complete) {
    this(removedFaces, complete, 0);
  }

  /** A pass that left {@code faces} removed faces on disk for a rewrite due later. */
  public static Expunge deferred(long faces) {
    return new Expunge(0, true, faces);
  }
}
