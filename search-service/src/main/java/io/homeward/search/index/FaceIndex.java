package io.homeward.search.index;

import io.homeward.search.domain.FaceRecord;
import io.homeward.search.domain.Side;
import io.homeward.search.domain.VectorSpace;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The faces of one vector space, searchable by cosine similarity. Implementations: Milvus (cluster)
 * and an embedded Lucene HNSW index (one machine); one contract test suite runs against both.
 *
 * <p>Guarantees: a call that returns has been made durable (a restart of the store loses nothing
 * acknowledged); upserts are idempotent by face id; a search sees every write acknowledged before
 * it began. A store that cannot be reached fails with {@link IndexUnavailableException} within the
 * configured deadline, never hangs. Thread-safe.
 */
public interface FaceIndex extends AutoCloseable {
  /** The most ids one {@link #stored} call takes. */
  int MAX_STORED_IDS = 1_000;

  /** The space this index holds; every vector has its dimension. */
  VectorSpace space();

  /**
   * Adds or replaces faces by id.
   *
   * @throws IllegalArgumentException if a vector's dimension is not the space's
   */
  void upsert(List<FaceRecord> faces);

  /** Removes faces by id; returns how many existed. */
  int removeFaces(Collection<Long> faceIds);

  /** Removes every face of a case; returns how many existed. */
  int removeCase(String caseRef);

  /**
   * The {@code k} faces most similar to the query within the filter, most similar first.
   * Approximate: the benchmark reports recall against exact search.
   */
  List<IndexHit> search(float[] query, SearchFilter filter, int k);

  /**
   * {@link #search} for each query, with one filter, in query order. A store that answers several
   * queries in one round trip overrides this (Milvus: one request and one consistency wait instead
   * of one per query, which is what makes a bulk enrolment's standing searches affordable).
   */
  default List<List<IndexHit>> searchAll(List<float[]> queries, SearchFilter filter, int k) {
    List<List<IndexHit>> all = new ArrayList<>(queries.size());
    for (float[] query : queries) {
      all.add(search(query, filter, k));
    }
    return all;
  }

  /**
   * Rewrites storage so that removed faces' vectors and attributes are no longer on disk: a removal
   * only marks a face deleted (Lucene keeps it in its segment until a merge, Milvus in its segment
   * files until a compaction), and erasure (PRIVACY.md rule 18) needs it gone within 24 h. Slow (it
   * rewrites every segment holding a removed face): for a scheduled batch, not after each removal.
   * Idempotent; cheap when nothing was removed.
   */
  Expunge expungeRemoved();

  /**
   * The stored faces of these ids, attributes and vector, keyed by id; ids the space does not hold
   * are left out. Sees every write acknowledged before it began.
   *
   * @throws IllegalArgumentException for more than {@link #MAX_STORED_IDS} ids
   */
  Map<Long, FaceRecord> stored(Collection<Long> faceIds);

  /** Faces of one side, whatever their status. */
  long count(Side side);

  @Override
  void close();
}
