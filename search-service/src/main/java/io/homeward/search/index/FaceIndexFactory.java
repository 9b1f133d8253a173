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

  /** {@code milvus} or {@code embedded}. */
  String kind();

  @Override
  void close();
}
