package io.homeward.search.store.lucene;

import io.homeward.search.domain.VectorSpace;
import io.homeward.search.index.FaceIndex;
import io.homeward.search.index.FaceIndexFactory;
import io.homeward.search.index.IndexUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Embedded Lucene HNSW indexes under one root folder, one directory per space: {@code
 * root/<space.storageName()>/}. The storage name includes the dimension, so another dimension of
 * the same model is another index; a marker file in each directory records the space, and an index
 * that disagrees with it is refused. One process owns a root at a time (Lucene's write lock).
 *
 * <p>Open indexes are cached per space and closed with the factory. Thread-safe.
 */
public final class LuceneFaceIndexFactory implements FaceIndexFactory {
  private final Path root;
  private final LuceneIndexSettings settings;
  private final Map<VectorSpace, LuceneFaceIndex> open = new HashMap<>();
  private boolean closed;

  public LuceneFaceIndexFactory(Path root, LuceneIndexSettings settings) {
    this.root = Objects.requireNonNull(root, "root");
    this.settings = Objects.requireNonNull(settings, "settings");
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new IndexUnavailableException("cannot create the embedded index folder", e);
    }
  }

  @Override
  public synchronized FaceIndex open(VectorSpace space) {
    Objects.requireNonNull(space, "space");
    if (closed) {
      throw new IllegalStateException("the index factory is closed");
    }
    LuceneFaceIndex index = open.get(space);
    if (index != null && index.isOpen()) {
      return index;
    }
    LuceneFaceIndex[] opened = new LuceneFaceIndex[1];
    opened[0] =
        LuceneFaceIndex.open(
            root.resolve(space.storageName()), space, settings, () -> forget(space, opened[0]));
    open.put(space, opened[0]);
    return opened[0];
  }

  /**
   * After a bulk load: merges the space's index down to at most {@code maxSegments} segments, so a
   * search walks fewer HNSW graphs. Not for regular writes (a merge rewrites the whole index).
   *
   * @return the number of segments before and after
   */
  public Merged forceMerge(VectorSpace space, int maxSegments) {
    LuceneFaceIndex index = (LuceneFaceIndex) open(space);
    int before = index.segments();
    return new Merged(before, index.forceMerge(maxSegments), true);
  }

  /**
   * After a bulk load: waits until the merges the writes triggered in the background are done (as
   * they would be a while after the load), and makes them visible to searches.
   *
   * @return the number of segments before and after; {@code complete} is false if the timeout ran
   *     out first
   */
  public Merged awaitMerges(VectorSpace space, Duration timeout) {
    LuceneFaceIndex index = (LuceneFaceIndex) open(space);
    int before = index.segments();
    boolean complete = index.awaitMerges(timeout);
    return new Merged(before, index.segments(), complete);
  }

  /** Segments in the space's index now. */
  public int segments(VectorSpace space) {
    return ((LuceneFaceIndex) open(space)).segments();
  }

  /**
   * The space's index searched with another {@code numCandidates}, without reopening it (the
   * benchmark compares settings on one index; closing an index waits for its running merges).
   */
  public FaceIndex searchingWith(VectorSpace space, int numCandidates) {
    return ((LuceneFaceIndex) open(space)).searchingWith(numCandidates);
  }

  /** Segments of an index before and after a merge. */
  public record Merged(int segmentsBefore, int segmentsAfter, boolean complete) {}

  @Override
  public boolean exists(VectorSpace space) {
    return Files.isDirectory(root.resolve(space.storageName()));
  }

  @Override
  public boolean drop(VectorSpace space) {
    LuceneFaceIndex index;
    synchronized (this) {
      index = open.remove(space);
    }
    if (index != null) {
      index.close();
    }
    Path dir = root.resolve(space.storageName());
    if (!Files.exists(dir)) {
      return false;
    }
    try (var files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new IndexUnavailableException("cannot delete a dropped space's index folder", e);
    }
    return true;
  }

  private synchronized void forget(VectorSpace space, LuceneFaceIndex index) {
    open.remove(space, index);
  }

  @Override
  public String kind() {
    return "embedded";
  }

  @Override
  public void close() {
    List<LuceneFaceIndex> indexes;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      indexes = new ArrayList<>(open.values());
      open.clear();
    }
    // Outside the monitor: an index's close calls back into forget().
    RuntimeException failure = null;
    for (LuceneFaceIndex index : indexes) {
      try {
        index.close();
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
