package io.homeward.search.index;

import io.homeward.search.domain.VectorSpace;

/** Opens (creating if needed) the index of a vector space. */
public interface FaceIndexFactory extends AutoCloseable {
  /**
   * Opens the space's index, creating it if absent.
   *
   * @throws IndexSchemaException if an existing index has another shape (dimension, fields, metric)
   * @throws IndexUnavailableException if the store cannot be reached
   */
  FaceIndex open(VectorSpace space);

  /**
   * Deletes the space's index and every face in it (a retired space after its grace period). The
   * caller no longer uses indexes it opened for the space.
   *
   * @return whether there was an index to delete
   * @throws IndexUnavailableException if the store cannot be reached
   */
  boolean drop(VectorSpace space);

  /** Whether the space has an index in the store (without opening or creating it). */
  boolean exists(VectorSpace space);

  /** {@code milvus} or {@code embedded}. */
  String kind();

  @Override
  void close();
}
