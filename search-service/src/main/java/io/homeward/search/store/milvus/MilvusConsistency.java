package io.homeward.search.store.milvus;

/**
 * What a search waits for before Milvus answers it. Writes are unaffected: they are acknowledged
 * once in the server's log either way.
 */
public enum MilvusConsistency {
  /**
   * Every search waits until the query nodes have applied everything written before it began, by
   * anyone: on Milvus 2.3 that is a wait for the next time tick, about 200 ms, on every search.
   */
  STRONG,
  /**
   * Read-your-writes for this process: a search carries the timestamp of this process' last write
   * to the collection (the SDK records it on every insert) and waits only until the query nodes
   * have applied that; with no write since the last wait it does not wait. The first search of each
   * index in a process is STRONG, so writes acknowledged to an earlier process (a restart) are seen
   * too, and so is the first search after a removal (a delete does not advance the session
   * timestamp on Milvus 2.3.5: a SESSION search right after one still found the removed face).
   * Writes by another process may be seen a time tick late: the gateway writes only through its one
   * search service, so its searches see its own writes.
   */
  SESSION
}
