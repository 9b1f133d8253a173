package io.homeward.search.index;

/**
 * What {@link FaceIndex#expungeRemoved} did. Counts only, never ids.
 *
 * @param removedFaces removed faces whose data the rewrite dropped from storage (for Milvus: the
 *     removals this process made since the last expunge, which a compaction covers)
 * @param complete false when the store did not finish within its wait (the next pass tries again)
 */
public record Expunge(long removedFaces, boolean complete) {
  /** Nothing was waiting to be expunged. */
  public static final Expunge NOTHING = new Expunge(0, true);
}
